'use client';
import type { io } from '@tensorflow/tfjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AugmentSettings } from '../augment';
import type { BackboneId } from '../backbone';
import { headModel, type LiveModel } from '../classify';
import type { InputMode } from '../dataset';
import { trainModel, type TrainedModel, type TrainRequest } from '../pipeline';
import { loadHead, TrainingError, type EpochReport } from '../train';
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
  /**
   * Lets go of the run in progress at once, without waiting for it to stop (work on a lost WebGL
   * context may never settle): it is aborted, its result will be ignored, and `train` may run again.
   */
  abandon(): void;
  /**
   * After the backend's tensors were lost (a lost WebGL context), rebuilds the model in use on the
   * now-active backend from the weights kept in memory when it was made. A fine-tuned network, which
   * keeps no such copy, is dropped. Resolves to what happened.
   */
  recover(): Promise<'rebuilt' | 'dropped' | 'none'>;
  /** Drops the model, e.g. when the backbone changes and its embeddings no longer mean the same. */
  reset(): void;
  /**
   * Puts a saved head back in use (a restored project's), replacing the current model. Resolves to
   * false, changing nothing, when training or `reset` came first; rejects when the head does not load.
   */
  restore(saved: SavedHead): Promise<boolean>;
}

/** A head saved with a project: enough to rebuild it and say what it was trained on. */
export interface SavedHead {
  /** From `Head.save`. */
  readonly artifacts: io.ModelArtifacts;
  readonly classNames: readonly string[];
  readonly inputMode: InputMode;
  readonly embeddingSize: number;
  readonly backboneId: BackboneId;
  /** Samples it was trained on. */
  readonly trainedSamples: number;
  readonly augment: AugmentSettings;
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
  // The head's topology and weights in plain memory, taken when it was made: what `recover` rebuilds from.
  const snapshotRef = useRef<{ model: LiveModel; artifacts: io.ModelArtifacts } | null>(null);
  // Bumped by train, reset and restore, so a restore that finishes after one of them is dropped.
  const generationRef = useRef(0);

  const replace = useCallback((next: TrainedModel | null) => {
    trainedRef.current?.model.dispose();
    trainedRef.current = next;
    setTrained(next);
  }, []);

  const train = useCallback(
    async (request: TrainRequest) => {
      if (abortRef.current) return;
      generationRef.current += 1;
      const generation = generationRef.current;
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
        if (generation !== generationRef.current) {
          // Abandoned (or reset) meanwhile: this run's model is not wanted.
          result?.model.dispose();
          return;
        }
        if (!result) {
          setPhase(trainedRef.current ? 'trained' : 'cancelled');
          setMessage('Training was cancelled; the previous model (if any) is still in use.');
          return;
        }
        replace(result);
        setPhase('trained');
        if (result.model.head) snapshotRef.current = { model: result.model, artifacts: await result.model.head.save() };
      } catch (error) {
        if (generation !== generationRef.current) return;
        setPhase('error');
        setMessage(error instanceof TrainingError ? error.message : `Training failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        if (generation === generationRef.current) {
          setStage(null);
          abortRef.current = null;
        }
      }
    },
    [replace],
  );

  const cancel = useCallback(() => abortRef.current?.abort(), []);
  const abandon = useCallback(() => {
    if (!abortRef.current) return;
    generationRef.current += 1;
    abortRef.current.abort();
    abortRef.current = null;
    setStage(null);
    setPhase(trainedRef.current ? 'trained' : 'idle');
  }, []);

  const recover = useCallback(async () => {
    const current = trainedRef.current;
    if (!current) return 'none' as const;
    generationRef.current += 1;
    const generation = generationRef.current;
    const snapshot = snapshotRef.current?.model === current.model ? snapshotRef.current : null;
    const head = snapshot && current.model.head ? await loadHead(snapshot.artifacts, current.model.classNames, current.model.head.embeddingSize) : null;
    if (generation !== generationRef.current) {
      head?.dispose();
      return 'none' as const;
    }
    // The old model's weights died with the context: nothing of it is left to dispose.
    trainedRef.current = null;
    if (!head || !snapshot) {
      snapshotRef.current = null;
      setTrained(null);
      setPhase('idle');
      return 'dropped' as const;
    }
    const model = headModel(head, current.model.inputMode);
    snapshotRef.current = { model, artifacts: snapshot.artifacts };
    replace({ ...current, model });
    return 'rebuilt' as const;
  }, [replace]);
  const reset = useCallback(() => {
    generationRef.current += 1;
    abortRef.current?.abort();
    abortRef.current = null;
    setStage(null);
    replace(null);
    setHistory([]);
    setPhase('idle');
    setMessage(null);
  }, [replace]);

  const restore = useCallback(
    async (saved: SavedHead) => {
      if (abortRef.current) return false;
      generationRef.current += 1;
      const generation = generationRef.current;
      const head = await loadHead(saved.artifacts, saved.classNames, saved.embeddingSize);
      if (generation !== generationRef.current) {
        head.dispose();
        return false;
      }
      const model = headModel(head, saved.inputMode);
      snapshotRef.current = { model, artifacts: saved.artifacts };
      replace({
        model,
        backboneId: saved.backboneId,
        strategy: { kind: 'head-only', trainableBlocks: 0, reason: 'Restored from the saved project.', trainableLayers: ['head'] },
        augment: saved.augment,
        history: [],
        bestEpoch: 0,
        stoppedEarly: false,
        samples: saved.trainedSamples,
        durationMs: 0,
        contributions: [],
      });
      setHistory([]);
      setPhase('trained');
      setMessage(null);
      return true;
    },
    [replace],
  );

  useEffect(() => () => trainedRef.current?.model.dispose(), []);

  return { phase, trained, history, stage, message, train, cancel, abandon, recover, reset, restore };
}
