'use client';
import { useEffect, useState } from 'react';
import { loadHandTracker, type HandTracker } from '../hand';

export type HandTrackerState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly tracker: HandTracker }
  | { readonly phase: 'error'; readonly message: string };

/** Loads MediaPipe's hand landmarker once, from the app's own origin; closes it when the page goes away. */
export function useHandTracker(): HandTrackerState {
  const [state, setState] = useState<HandTrackerState>({ phase: 'loading' });
  useEffect(() => {
    let cancelled = false;
    let loaded: HandTracker | null = null;
    loadHandTracker().then(
      (tracker) => {
        loaded = tracker;
        if (cancelled) tracker.close();
        else setState({ phase: 'ready', tracker });
      },
      (error: unknown) => !cancelled && setState({ phase: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
      loaded?.close();
    };
  }, []);
  return state;
}
