'use client';
import { useEffect, useState } from 'react';
import type { BackboneId } from '@/lib/backbone';
import { loadFeatureProbe, type FeatureProbe } from '@/lib/features';

export type FeatureProbeState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly probe: FeatureProbe }
  | { readonly phase: 'error'; readonly message: string };

/**
 * Loads the Keras layers model of the backbone `id` for looking inside it, only while a component
 * that asks for it is mounted; disposes it on unmount or when the backbone changes. Null `id` (the
 * backbone still loading) waits, so the model lands on the backend the app chose.
 */
export function useFeatureProbe(id: BackboneId | null): FeatureProbeState {
  const [state, setState] = useState<FeatureProbeState>({ phase: 'idle' });
  useEffect(() => {
    if (!id) {
      setState({ phase: 'idle' });
      return;
    }
    let cancelled = false;
    let loaded: FeatureProbe | null = null;
    setState({ phase: 'loading' });
    loadFeatureProbe(id).then(
      (probe) => {
        if (cancelled) {
          probe.dispose();
          return;
        }
        loaded = probe;
        setState({ phase: 'ready', probe });
      },
      (error: unknown) => !cancelled && setState({ phase: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
      loaded?.dispose();
    };
  }, [id]);
  return state;
}
