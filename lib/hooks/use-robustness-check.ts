'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TrainedModel } from '../pipeline';
import { runRobustnessCheck, type RobustnessCheckRequest, type RobustnessReport } from '../robustness';
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
  check(request: RobustnessCheckRequest): Promise<void>;
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
    async (request: RobustnessCheckRequest) => {
      const checked = trainedRef.current;
      setState({ phase: 'running' });
      const outcome: RobustnessState = await run(ROBUSTNESS_JOB_LABEL, (signal, progress) => runRobustnessCheck(request, { signal, onProgress: progress })).then(
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
