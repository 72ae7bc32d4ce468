'use client';
import { useCallback, useRef, useState } from 'react';

export interface JobProgress {
  readonly label: string;
  readonly done: number;
  readonly total: number;
}

export interface JobControls {
  readonly job: JobProgress | null;
  /** Runs one long task at a time with progress and Cancel; resolves to null if another is running. */
  run<T>(label: string, work: (signal: AbortSignal, progress: (done: number, total: number) => void) => Promise<T>): Promise<T | null>;
  cancel(): void;
}

export function useJob(): JobControls {
  const [job, setJob] = useState<JobProgress | null>(null);
  const abortRef = useRef<AbortController | null>(null);

  const run = useCallback(async <T,>(label: string, work: (signal: AbortSignal, progress: (done: number, total: number) => void) => Promise<T>) => {
    if (abortRef.current) return null;
    const abort = new AbortController();
    abortRef.current = abort;
    setJob({ label, done: 0, total: 0 });
    try {
      return await work(abort.signal, (done, total) => setJob({ label, done, total }));
    } finally {
      abortRef.current = null;
      setJob(null);
    }
  }, []);

  const cancel = useCallback(() => abortRef.current?.abort(), []);
  return { job, run, cancel };
}
