/**
 * Caps on what reading a project file may unpack. Every byte count is of bytes actually produced
 * (streamed out of the inflater, or read for stored entries), never of sizes a zip header claims:
 * a header can lie, a counter cannot.
 */
export interface ProjectFileLimits {
  /** All entries read, uncompressed, together. Default 2 GiB. */
  readonly maxTotalBytes: number;
  /** Any one entry, uncompressed. Default 512 MiB (5,000 samples' 768-value embeddings are 15 MB). */
  readonly maxEntryBytes: number;
  /** manifest.json and head/model.json, each. Default 64 MiB. */
  readonly maxJsonBytes: number;
  /**
   * Uncompressed / compressed size of one entry, checked as it inflates once past
   * `RATIO_FREE_BYTES`. Default 100: JPEGs barely compress and JSON about 5x, while a zip bomb of
   * zeros reaches 1,000x. Infinity turns the check off.
   */
  readonly maxCompressionRatio: number;
  /** Entries in the zip's central directory. Default 50,000. */
  readonly maxEntries: number;
  /** Widest or tallest sample image, in pixels, as its header states (samples are 224x224 crops). Default 4096. */
  readonly maxImageSide: number;
}

export const DEFAULT_PROJECT_FILE_LIMITS: ProjectFileLimits = Object.freeze({
  maxTotalBytes: 2 * 1024 ** 3,
  maxEntryBytes: 512 * 1024 ** 2,
  maxJsonBytes: 64 * 1024 ** 2,
  maxCompressionRatio: 100,
  maxEntries: 50_000,
  maxImageSide: 4096,
});

/** An entry may inflate this far whatever its ratio, so small, very regular files (short JSON) pass. */
export const RATIO_FREE_BYTES = 1024 ** 2;

/** A filled-in copy; missing (undefined) fields take the defaults. Never mutates `partial`. */
export function resolveProjectFileLimits(partial: Partial<ProjectFileLimits> = {}): ProjectFileLimits {
  const resolved = { ...DEFAULT_PROJECT_FILE_LIMITS };
  for (const key of Object.keys(DEFAULT_PROJECT_FILE_LIMITS) as (keyof ProjectFileLimits)[]) {
    const value: unknown = partial[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0)) throw new RangeError(`The project file limit ${key} must be a positive number; got ${String(value)}.`);
    resolved[key] = value;
  }
  return resolved;
}

/**
 * Caps on the motions a project file may hold, checked in its manifest before anything is read: far
 * above what a person records (a clip lasts at most 4 s at 15 frames/s, 60 rows), far below what
 * would take the page's memory or time.
 */
export const MOTION_LIMITS = Object.freeze({
  classes: 200,
  /** Clips of all motion classes together. */
  clips: 20_000,
  /** Rows in one clip (40 s at 15 frames/s). */
  clipFrames: 600,
  /** Rows per second of a clip or the model's window. */
  rate: 120,
  /** What a motion network's log palm size input is multiplied by. */
  sizeScale: 100,
  /** Convolutions in the motion network, and filters in one. */
  layers: 16,
  filters: 4096,
  /** Epochs in a motion model's training record. */
  epochs: 10_000,
});
