'use client';
import { useEffect, useState } from 'react';
import * as tf from '@tensorflow/tfjs';
import type { BackboneInfo } from '@/lib/backbone';
import { loadFeatureProbe, type FeatureProbe } from '@/lib/features';
import { backendLifetime } from '@/lib/tf';

export type FeatureProbeState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'loading' }
  /** `lifetime` aborts when TF.js leaves the probe's backend: nothing may run the probe after that. */
  | { readonly phase: 'ready'; readonly probe: FeatureProbe; readonly lifetime: AbortSignal }
  | { readonly phase: 'error'; readonly message: string };

/**
 * Loads the Keras layers model of `backbone`'s MobileNet for looking inside it, only while a
 * component that asks for it is mounted; disposes it on unmount or when the backbone is replaced.
 * A new backbone object is also what the studio makes after a backend switch or a lost WebGL
 * context, so the probe follows it onto the new backend. Null (the backbone still loading) waits.
 */
export function useFeatureProbe(backbone: BackboneInfo | null): FeatureProbeState {
  const [state, setState] = useState<FeatureProbeState>({ phase: 'idle' });
  useEffect(() => {
    if (!backbone) {
      setState({ phase: 'idle' });
      return;
    }
    let cancelled = false;
    let loaded: { probe: FeatureProbe; backend: string } | null = null;
    setState({ phase: 'loading' });
    const lifetime = backendLifetime();
    loadFeatureProbe(backbone.id).then(
      (probe) => {
        if (cancelled) {
          probe.dispose();
          return;
        }
        loaded = { probe, backend: tf.getBackend() };
        setState({ phase: 'ready', probe, lifetime });
      },
      (error: unknown) => !cancelled && setState({ phase: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
      try {
        loaded?.probe.dispose();
      } catch (error) {
        // Weights on a backend that was replaced (a lost WebGL context) are gone already.
        if (loaded?.backend === tf.getBackend()) throw error;
      }
    };
  }, [backbone]);
  return state;
}
