'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { trainModel, type TrainedModel, type TrainRequest } from '../pipeline';
import { TrainingError, type EpochReport } from '../train';
import type { JobProgress } from './use-job';

export type TrainPhase = 'idle' | 'training' | 'trained' | 'cancelled' | 'error';

export interface TrainingControls {
  readonly phase: TrainPhase;
  /** The model in use, with how it was made; null until the first successful training. */
  readonly trained: TrainedModel | null;
  /** Epochs of the run in progress, or of the last run. */
  readonly history: readonly EpochReport[];
  /** A slow preparation step of the run in progress (cut activations, comparison runs). */
  readonly stage: JobProgress | null;
  readonly message: string | null;
  train(request: TrainRequest): Promise<void>;
  cancel(): void;
  /** Drops the model, e.g. when the backbone changes and its embeddings no longer mean the same. */
  reset(): void;
}

/** Owns the trained model: a new one replaces (and disposes) the old only when training succeeds. */
export function useTraining(): TrainingControls {
  const [phase, setPhase] = useState<TrainPhase>('idle');
  const [trained, setTrained] = useState<TrainedModel | null>(null);
  const [history, setHistory] = useState<readonly EpochReport[]>([]);
  const [stage, setStage] = useState<JobProgress | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const trainedRef = useRef<TrainedModel | null>(null);

  const replace = useCallback((next: TrainedModel | null) => {
    trainedRef.current?.model.dispose();
    trainedRef.current = next;
    setTrained(next);
  }, []);

  const train = useCallback(
    async (request: TrainRequest) => {
      if (abortRef.current) return;
      const abort = new AbortController();
      abortRef.current = abort;
      setPhase('training');
      setHistory([]);
      setMessage(null);
      try {
        const result = await trainModel(request, {
          signal: abort.signal,
          measureContributions: true,
          onEpoch: (report) => {
            setStage(null);
            setHistory((h) => [...h, report]);
          },
          onStage: (label, done, total) => setStage({ label, done, total }),
        });
        if (!result) {
          setPhase(trainedRef.current ? 'trained' : 'cancelled');
          setMessage('Training was cancelled; the previous model (if any) is still in use.');
          return;
        }
        replace(result);
        setPhase('trained');
      } catch (error) {
        setPhase('error');
        setMessage(error instanceof TrainingError ? error.message : `Training failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        setStage(null);
        abortRef.current = null;
      }
    },
    [replace],
  );

  const cancel = useCallback(() => abortRef.current?.abort(), []);
  const reset = useCallback(() => {
    abortRef.current?.abort();
    replace(null);
    setHistory([]);
    setPhase('idle');
    setMessage(null);
  }, [replace]);

  useEffect(() => () => trainedRef.current?.model.dispose(), []);

  return { phase, trained, history, stage, message, train, cancel, reset };
}
