import type { Engine, JobId } from './protocol';

let jobs = 0;

/**
 * Runs one of the engine's jobs bound to `signal`: aborting the signal cancels the job in the engine
 * (an AbortSignal cannot cross to a worker; the job's id can). `start` receives the id to pass on.
 */
export async function runEngineJob<T>(engine: Pick<Engine, 'cancel'>, signal: AbortSignal, start: (job: JobId) => Promise<T>): Promise<T> {
  jobs += 1;
  const job = `job-${jobs}`;
  const cancel = () => engine.cancel(job);
  signal.addEventListener('abort', cancel, { once: true });
  try {
    const running = start(job);
    // Aborted before it started: the engine has it now, so the cancel reaches it.
    if (signal.aborted) cancel();
    return await running;
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}
