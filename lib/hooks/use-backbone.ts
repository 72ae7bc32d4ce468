'use client';
import { useEffect, useRef, useState } from 'react';
import * as tf from '@tensorflow/tfjs';
import { loadBackbone, type Backbone, type BackboneId } from '../backbone';
import { initBackend, leaveLostWebgl, watchContextLoss, type BackendChoice, type BackendReport } from '../tf';

export type BackboneState =
  | { readonly phase: 'starting'; readonly report: BackendReport | null }
  | { readonly phase: 'ready'; readonly report: BackendReport; readonly backbone: Backbone }
  | { readonly phase: 'error'; readonly report: BackendReport | null; readonly message: string };

/**
 * Chooses the TF.js backend (probing when `choice` is 'auto'), then loads the backbone onto it.
 * The backbone is disposed when it is replaced or the component goes away. When a WebGL context is
 * lost, `onContextLost` is called at once (the caller drops what lived on it and picks another
 * backend, a new `choice`), and that backend starts only once the dead one is replaced by a fresh one.
 */
export function useBackbone(backboneId: BackboneId, choice: BackendChoice, onContextLost?: () => void): BackboneState {
  const [report, setReport] = useState<BackendReport | null>(null);
  const onLostRef = useRef(onContextLost);
  onLostRef.current = onContextLost;
  const [state, setState] = useState<BackboneState>({ phase: 'starting', report: null });
  // Settles once a lost WebGL backend has been left and replaced; no backend starts before that.
  const leavingRef = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    let cancelled = false;
    setReport(null);
    // One WASM thread: the page's own backbone only serves *Inside the network* and the page's copy of
    // the model; threads (and their pool workers) belong to the engine, which does the work.
    leavingRef.current.then(() => initBackend(choice, { wasmThreads: 'one' })).then(
      (r) => !cancelled && setReport(r),
      (error) => !cancelled && setState({ phase: 'error', report: null, message: `TensorFlow.js could not start: ${String(error)}` }),
    );
    return () => {
      cancelled = true;
    };
  }, [choice]);

  useEffect(() => {
    if (!report) return;
    let cancelled = false;
    let loaded: Backbone | null = null;
    let stopWatching = () => {};
    let contextLost = false;
    setState({ phase: 'starting', report });
    (async () => {
      const backbone = await loadBackbone(backboneId);
      loaded = backbone;
      // One pass on zeros compiles kernels now, so the first recorded frame is not slow.
      tf.tidy(() => backbone.embed(tf.zeros([1, backbone.inputSize, backbone.inputSize, 3]))).dispose();
      if (cancelled) return;
      stopWatching = watchContextLoss(() => {
        stopWatching();
        contextLost = true;
        setState({ phase: 'starting', report });
        leavingRef.current = leaveLostWebgl();
        onLostRef.current?.();
      });
      setState({ phase: 'ready', report, backbone });
    })().catch((error: unknown) => {
      if (!cancelled) setState({ phase: 'error', report, message: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      cancelled = true;
      stopWatching();
      try {
        loaded?.dispose();
      } catch (error) {
        // Weights on a lost WebGL context are gone already; anything else is a real failure.
        if (!contextLost) throw error;
      }
    };
  }, [report, backboneId]);

  return state;
}
