'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { toTrainingSet, type Dataset } from '../dataset';
import { trainHead, TrainingError, type EpochReport, type Head, type TrainParams } from '../train';

export type TrainPhase = 'idle' | 'training' | 'trained' | 'cancelled' | 'error';

export interface TrainingControls {
  readonly phase: TrainPhase;
  readonly head: Head | null;
  readonly history: readonly EpochReport[];
  readonly message: string | null;
  /** Sample count when the current head was trained, to tell the user how much is new since. */
  readonly trainedOnSamples: number;
  readonly durationMs: number | null;
  train(dataset: Dataset, params: TrainParams): Promise<void>;
  cancel(): void;
  /** Drops the head, e.g. when the backbone changes and its embeddings no longer mean the same. */
  reset(): void;
}

/** Owns the trained head: a new one replaces (and disposes) the old only when training succeeds. */
export function useTraining(): TrainingControls {
  const [phase, setPhase] = useState<TrainPhase>('idle');
  const [head, setHead] = useState<Head | null>(null);
  const [history, setHistory] = useState<readonly EpochReport[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [trainedOnSamples, setTrainedOnSamples] = useState(0);
  const [durationMs, setDurationMs] = useState<number | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const headRef = useRef<Head | null>(null);

  const replaceHead = useCallback((next: Head | null) => {
    headRef.current?.dispose();
    headRef.current = next;
    setHead(next);
  }, []);

  const train = useCallback(
    async (dataset: Dataset, params: TrainParams) => {
      if (abortRef.current) return;
      const abort = new AbortController();
      abortRef.current = abort;
      setPhase('training');
      setHistory([]);
      setMessage(null);
      const set = toTrainingSet(dataset);
      const started = performance.now();
      try {
        const result = await trainHead(set, params, {
          signal: abort.signal,
          onEpoch: (report) => setHistory((h) => [...h, report]),
        });
        if (result.status === 'cancelled') {
          setPhase(headRef.current ? 'trained' : 'cancelled');
          setMessage('Training was cancelled; the previous model (if any) is still in use.');
          return;
        }
        replaceHead(result.head);
        setTrainedOnSamples(set.labels.length);
        setDurationMs(performance.now() - started);
        setPhase('trained');
      } catch (error) {
        setPhase('error');
        setMessage(error instanceof TrainingError ? error.message : `Training failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        abortRef.current = null;
      }
    },
    [replaceHead],
  );

  const cancel = useCallback(() => abortRef.current?.abort(), []);
  const reset = useCallback(() => {
    abortRef.current?.abort();
    replaceHead(null);
    setHistory([]);
    setPhase('idle');
    setMessage(null);
  }, [replaceHead]);

  useEffect(() => () => headRef.current?.dispose(), []);

  return { phase, head, history, message, trainedOnSamples, durationMs, train, cancel, reset };
}
