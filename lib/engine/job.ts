import type { BackboneId } from '../backbone';
import type { Dataset } from '../dataset';
import type { Engine, JobId, JobProgress } from './protocol';

/** The engine with the backbone it has loaded, for work that must know which backbone embeds. */
export interface LoadedEngine {
  readonly engine: Engine;
  readonly backboneId: BackboneId;
}

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

/**
 * `dataset` with every sample's embedding re-computed from its image by the engine's loaded backbone,
 * its augmented views dropped (they came from the old one) and samples with no image left out.
 * Null when cancelled through `signal`.
 */
export async function reembedDataset(engine: Engine, dataset: Dataset, signal: AbortSignal, progress: JobProgress): Promise<Dataset | null> {
  const samples = dataset.classes.flatMap((c) => c.samples.filter((s) => s.image !== null));
  const files = samples.map((s) => new File([s.image as Blob], s.id));
  const result = await runEngineJob(engine, signal, (job) => engine.embedFiles({ job, files, hand: false }, progress));
  if (result.cancelled) return null;
  const fresh = new Map(result.processed.map((p) => [samples[p.file].id, p.result]));
  return {
    ...dataset,
    backboneId: result.backboneId,
    classes: dataset.classes.map((c) => ({
      ...c,
      samples: c.samples.flatMap((s) => {
        const embedding = fresh.get(s.id);
        return embedding ? [{ ...s, embedding, views: undefined }] : [];
      }),
    })),
  };
}
