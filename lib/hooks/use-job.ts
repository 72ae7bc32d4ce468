'use client';
import { useCallback, useRef, useState } from 'react';

export interface JobProgress {
  readonly label: string;
  readonly done: number;
  readonly total: number;
}

export type JobWork<T> = (signal: AbortSignal, progress: (done: number, total: number) => void) => Promise<T>;

export interface JobControls {
  /** The job running now, if any. */
  readonly job: JobProgress | null;
  /**
   * Runs long work (embedding files, evaluating) one job at a time, with progress and Cancel. A job
   * asked for while another runs waits its turn, so two quick uploads are both kept.
   */
  run<T>(label: string, work: JobWork<T>): Promise<T>;
  /** Cancels the running job; queued jobs still run. */
  cancel(): void;
}

export function useJob(): JobControls {
  const [job, setJob] = useState<JobProgress | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const queueRef = useRef<Promise<unknown>>(Promise.resolve());

  const run = useCallback(<T,>(label: string, work: JobWork<T>): Promise<T> => {
    const next = queueRef.current.then(async () => {
      const abort = new AbortController();
      abortRef.current = abort;
      setJob({ label, done: 0, total: 0 });
      try {
        return await work(abort.signal, (done, total) => setJob({ label, done, total }));
      } finally {
        abortRef.current = null;
        setJob(null);
      }
    });
    // A failed job must not stop the ones queued after it; its caller sees the failure.
    queueRef.current = next.catch(() => undefined);
    return next;
  }, []);

  const cancel = useCallback(() => abortRef.current?.abort(), []);
  return { job, run, cancel };
}
