'use client';
import { type ReactNode, useEffect, useSyncExternalStore } from 'react';
import type { LiveStore } from '@/lib/hooks/live-store';
import { DEFAULT_PEAK_OPTIONS } from '@/lib/motion';
import type { ShownMotionEvent } from '@/lib/studio';
import { useAnnounce } from './live-announcer';

/** Where the events come from: the studio's `MotionController`, the player's `MotionFeed`. */
export interface MotionEventsSource {
  subscribe(listener: () => void): () => void;
  getState(): { readonly recognising: boolean; readonly events: readonly ShownMotionEvent[] };
}

/**
 * The motions recognised live, beside the pose label: the latest, which flashes as it arrives, and
 * the recent ones (each with the page time it was shown, for scripts: `data-at`). Each event is said
 * once through the page's live region. On the presentation stage, the latest only, large. `children`
 * (the panel's motion bars) go under the events.
 */
export function MotionEvents({ motions, variant = 'panel', children }: { motions: MotionEventsSource; variant?: 'panel' | 'stage'; children?: ReactNode }) {
  const { recognising, events } = useSyncExternalStore(motions.subscribe, motions.getState, motions.getState);
  const latest = events[0] ?? null;
  const announce = useAnnounce();
  // The panel says each event; the stage (shown at the same time) does not say it twice.
  useEffect(() => {
    if (latest && variant === 'panel') announce(`Motion: ${latest.className}`);
  }, [latest, announce, variant]);
  if (!recognising && events.length === 0) return null;
  if (variant === 'stage') {
    return (
      <div className="flex items-baseline gap-3 rounded-xl bg-white/10 px-4 py-3" data-testid="stage-motion" data-class={latest?.className ?? ''}>
        <span className="text-lg text-white/70">Motion</span>
        {latest ? (
          <span key={latest.seq} className="animate-game-pulse rounded-lg bg-indigo-500 px-3 py-1 text-3xl font-bold sm:text-4xl">
            {latest.className}
          </span>
        ) : (
          <span className="text-lg text-white/70">make a motion…</span>
        )}
      </div>
    );
  }
  return (
    <div className="mb-3 rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2" data-testid="motion-live" data-recognising={recognising}>
      <div className="flex flex-wrap items-baseline gap-2">
        <span className="text-sm text-indigo-900">Motion</span>
        {latest ? (
          <span key={latest.seq} data-testid="motion-event" data-class={latest.className} className="animate-game-pulse rounded-md bg-indigo-600 px-2 py-0.5 text-lg font-bold text-white">
            {latest.className}
          </span>
        ) : (
          <span className="text-sm text-slate-600">{recognising ? 'make a motion…' : 'not recognising: train the motions again'}</span>
        )}
      </div>
      {events.length > 0 && (
        <ol data-testid="motion-events" aria-label="Recent motions, newest first" className="mt-1 flex flex-wrap gap-1 text-xs text-slate-700">
          {events.map((e) => (
            <li key={e.seq} data-class={e.className} data-at={e.atMs.toFixed(1)} className="rounded bg-white px-1.5 py-0.5">
              {e.className} <span className="tabular-nums text-slate-500">{Math.round(e.probability * 100)}%</span>
            </li>
          ))}
        </ol>
      )}
      {children}
    </div>
  );
}

/**
 * How sure the motion model is of each motion class right now, for the window ending at the latest
 * frame, with the line a motion must cross to fire: a person sees how near a motion came, and which
 * other motion it looked like, when no event came. Nothing while no model recognises.
 */
export function MotionBars({ store, classNames }: { store: LiveStore; classNames: readonly string[] }) {
  const probabilities = useSyncExternalStore(store.subscribe, () => store.get().motion, () => null);
  if (!probabilities || probabilities.length !== classNames.length) return null;
  const firesAt = DEFAULT_PEAK_OPTIONS.threshold;
  return (
    <ul className="mt-2 space-y-1" aria-label={`How sure of each motion now (a motion fires above ${Math.round(firesAt * 100)}%)`}>
      {classNames.map((name, i) => {
        const p = probabilities[i] ?? 0;
        return (
          <li key={name} data-testid="motion-probability" data-class={name} data-probability={p.toFixed(4)} className="grid grid-cols-[7rem_1fr_3rem] items-center gap-2 text-xs text-slate-700">
            <span className="truncate" title={name}>
              {name}
            </span>
            <span className="relative h-2 overflow-hidden rounded bg-indigo-100">
              <span className={`block h-full ${p >= firesAt ? 'bg-indigo-600' : 'bg-indigo-300'}`} style={{ width: `${(p * 100).toFixed(1)}%` }} />
              <span aria-hidden className="absolute inset-y-0 w-px bg-indigo-900" style={{ left: `${firesAt * 100}%` }} />
            </span>
            <span className="text-right tabular-nums">{Math.round(p * 100)}%</span>
          </li>
        );
      })}
    </ul>
  );
}
