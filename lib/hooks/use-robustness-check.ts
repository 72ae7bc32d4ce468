'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { runEngineJob, type Engine } from '../engine';
import type { TrainedModel } from '../pipeline';
import type { CheckClass, RobustnessReport } from '../robustness';
import type { JobControls, JobProgress } from './use-job';

export const ROBUSTNESS_JOB_LABEL = 'Checking robustness';

export type RobustnessState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running' }
  | { readonly phase: 'done'; readonly report: RobustnessReport }
  | { readonly phase: 'cancelled' }
  | { readonly phase: 'error'; readonly message: string };

export interface RobustnessControls {
  readonly state: RobustnessState;
  /** The check's progress while it runs (not while it waits behind another job). */
  readonly progress: JobProgress | null;
  /** Checks the engine's live model (the model in use) on samples of `classes`. */
  check(engine: Engine, classes: readonly CheckClass[]): Promise<void>;
  cancel(): void;
}

/**
 * Runs the robustness check of the model in use as one of the studio's jobs (one at a time, with
 * progress and Cancel). A new model clears the last result; a result for a model no longer in use is dropped.
 */
export function useRobustnessCheck(job: JobControls, trained: TrainedModel | null): RobustnessControls {
  const [state, setState] = useState<RobustnessState>({ phase: 'idle' });
  const trainedRef = useRef(trained);
  trainedRef.current = trained;
  useEffect(() => setState({ phase: 'idle' }), [trained]);
  const { run, cancel } = job;

  const check = useCallback(
    async (engine: Engine, classes: readonly CheckClass[]) => {
      const checked = trainedRef.current;
      setState({ phase: 'running' });
      // Only the names and images cross to the engine, not the embeddings and views.
      const sent = classes.map(({ name, samples }) => ({ name, samples: samples.map(({ id, image }) => ({ id, image })) }));
      const outcome: RobustnessState = await run(ROBUSTNESS_JOB_LABEL, (signal, progress) =>
        runEngineJob(engine, signal, (job) => engine.checkRobustness({ job, classes: sent }, progress)),
      ).then(
        (report) => (report ? { phase: 'done', report } : { phase: 'cancelled' }),
        (error: unknown) => ({ phase: 'error', message: error instanceof Error ? error.message : String(error) }),
      );
      if (trainedRef.current === checked) setState(outcome);
    },
    [run],
  );

  const progress = state.phase === 'running' && job.job?.label === ROBUSTNESS_JOB_LABEL ? job.job : null;
  return { state, progress, check, cancel };
}
