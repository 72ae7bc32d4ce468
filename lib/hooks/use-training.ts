'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AugmentSettings } from '../augment';
import type { BackboneId } from '../backbone';
import type { LiveModel } from '../classify';
import { restoreModel, savedModelOf, strategyOfKind, type TrainedModel, type TrainModelCallbacks, type TrainRequest } from '../pipeline';
import type { ProjectHead } from '../project';
import type { StoredHead } from '../storage';
import { ModelRestoreError, TrainingError, type EpochReport } from '../train';
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
  train(request: TrainJob): Promise<void>;
  cancel(): void;
  /**
   * Lets go of the run in progress at once, without waiting for it to stop (work on a lost WebGL
   * context may never settle): it is aborted, its result will be ignored, and `train` may run again.
   */
  abandon(): void;
  /**
   * After the backend's tensors were lost (a lost WebGL context), rebuilds the model in use (a head
   * or a fine-tuned network) on the now-active backend from the copy of its weights kept in memory
   * when it was made. Resolves to what happened; 'dropped' when no copy could be rebuilt.
   */
  recover(): Promise<'rebuilt' | 'dropped' | 'none'>;
  /** Drops the model, e.g. when the backbone changes and its embeddings no longer mean the same. */
  reset(): void;
  /**
   * Puts a saved model back in use (a restored project's, whose samples `backboneId` embeds),
   * replacing the current one. Resolves to false, changing nothing, when training or `reset` came
   * first, or when the model cannot be rebuilt (then `message` says why and to train again).
   */
  restore(saved: SavedHead, backboneId: BackboneId): Promise<boolean>;
}

/** A training run as the studio asks for it: the engine trains with the backbone it has loaded. */
export type TrainJob = Omit<TrainRequest, 'backbone'>;

/** Runs one training run where the ML runs (lib/engine); resolves to null when cancelled through `signal`. */
export type TrainRunner = (job: TrainJob, callbacks: TrainModelCallbacks) => Promise<TrainedModel | null>;

/** A model saved with a project (a head or a fine-tuned network): enough to rebuild it and say what it was trained on. */
export type SavedHead = StoredHead & { readonly augment: AugmentSettings };

/** Owns the trained model: a new one replaces (and disposes) the old only when training succeeds. */
export function useTraining(runTraining: TrainRunner): TrainingControls {
  const [phase, setPhase] = useState<TrainPhase>('idle');
  const [trained, setTrained] = useState<TrainedModel | null>(null);
  const [history, setHistory] = useState<readonly EpochReport[]>([]);
  const [stage, setStage] = useState<JobProgress | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const trainedRef = useRef<TrainedModel | null>(null);
  // The model's topology and weights in plain memory, taken when it was made: what `recover` rebuilds from.
  const snapshotRef = useRef<{ model: LiveModel; saved: ProjectHead } | null>(null);
  // Bumped by train, reset and restore, so a restore that finishes after one of them is dropped.
  const generationRef = useRef(0);

  const replace = useCallback((next: TrainedModel | null) => {
    trainedRef.current?.model.dispose();
    trainedRef.current = next;
    setTrained(next);
  }, []);

  const train = useCallback(
    async (request: TrainJob) => {
      if (abortRef.current) return;
      generationRef.current += 1;
      const generation = generationRef.current;
      const abort = new AbortController();
      abortRef.current = abort;
      setPhase('training');
      setHistory([]);
      setMessage(null);
      try {
        const result = await runTraining(request, {
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
        snapshotRef.current = { model: result.model, saved: await savedModelOf(result.model) };
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
    [replace, runTraining],
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
    const model = snapshot ? await restoreModel({ ...snapshot.saved, backboneId: current.backboneId }, current.backboneId).catch(() => null) : null;
    if (generation !== generationRef.current) {
      model?.dispose();
      return 'none' as const;
    }
    // The old model's weights died with the context: nothing of it is left to dispose.
    trainedRef.current = null;
    if (!model || !snapshot) {
      snapshotRef.current = null;
      setTrained(null);
      setPhase('idle');
      return 'dropped' as const;
    }
    snapshotRef.current = { model, saved: snapshot.saved };
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
    async (saved: SavedHead, backboneId: BackboneId) => {
      if (abortRef.current) return false;
      generationRef.current += 1;
      const generation = generationRef.current;
      let model: LiveModel;
      try {
        model = await restoreModel(saved, backboneId);
      } catch (error) {
        if (generation === generationRef.current) {
          setMessage(error instanceof ModelRestoreError ? error.message : `The saved model could not be rebuilt (${error instanceof Error ? error.message : String(error)}): train again.`);
        }
        return false;
      }
      if (generation !== generationRef.current) {
        model.dispose();
        return false;
      }
      snapshotRef.current = { model, saved };
      const kind = saved.trainableBlocks === 2 ? 'fine-tune-more' : saved.trainableBlocks === 1 ? 'fine-tune-top' : 'head-only';
      replace({
        model,
        backboneId: saved.backboneId,
        strategy: { ...strategyOfKind(kind), reason: 'Restored from the saved project.' },
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
