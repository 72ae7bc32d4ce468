'use client';
import { useSyncExternalStore } from 'react';
import { decide, type Decision } from '@/lib/classify';
import { isNoneClass } from '@/lib/dataset';
import { EMPTY_LIVE, type LiveSnapshot, type LiveStore } from '@/lib/hooks';

export interface LiveLabel {
  readonly live: LiveSnapshot;
  /** A hand mode sees no hand: nothing is classified then, and no label beats a guess from the background. */
  readonly noHand: boolean;
  /** The top class and whether it clears the threshold; null when nothing is classified. */
  readonly top: Decision | null;
  /** What a person reads: the gesture, "No gesture", "Unknown", "No hand in view" or a dash. */
  readonly text: string;
  readonly state: 'no-hand' | 'idle' | 'known' | 'unknown';
}

/** The live label as the prediction panel and the presentation stage show it, read from the live store. */
export function useLiveLabel(store: LiveStore, threshold: number): LiveLabel {
  const live = useSyncExternalStore(store.subscribe, store.get, () => EMPTY_LIVE);
  const noHand = live.tracking && !live.hand;
  const top = live.probabilities && !noHand ? decide(live.probabilities, live.classNames, threshold) : null;
  const text = noHand ? 'No hand in view' : top && top.confident ? (isNoneClass(top.label) ? 'No gesture' : top.label) : top ? 'Unknown' : '—';
  return { live, noHand, top, text, state: noHand ? 'no-hand' : !top ? 'idle' : top.confident ? 'known' : 'unknown' };
}
