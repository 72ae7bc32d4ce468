import { METADATA_PATH } from '../export';

/** Everything that can be wrong with a file dropped on the player; the UI shows the error's one sentence. */
export type BundleErrorKind =
  /** Not a zip archive at all. */
  | 'not-a-zip'
  /** A zip that is cut short, contradicts itself, uses what the reader leaves out, or climbs out of itself. */
  | 'damaged'
  /** Unpacks to more than any model bundle. */
  | 'too-large'
  /** A Gesture Studio project file, not a model bundle. */
  | 'project-file'
  /** A zip, but no Gesture Studio model bundle. */
  | 'not-a-bundle'
  /** Made by a newer Gesture Studio, in a bundle format this player does not read. */
  | 'newer-version'
  /** metadata.json is not what a Gesture Studio bundle writes. */
  | 'bad-metadata'
  /** A backbone this player does not run, or read differently from how it runs it. */
  | 'unknown-backbone'
  /** A head trained on landmark features other than the ones this player computes. */
  | 'landmark-version'
  /** A file metadata.json names is not in the zip. */
  | 'missing-file'
  /** A model file that does not describe a TF.js model, or whose weights are not the size it says. */
  | 'bad-model';

export class BundleError extends Error {
  constructor(
    readonly kind: BundleErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'BundleError';
  }
}

/** The way out of nearly every refusal. */
export const AGAIN = 'export the model again from Gesture Studio and drop the .zip it downloads';

/** metadata.json does not say what a Gesture Studio bundle says. */
export function bad(what: string): never {
  throw new BundleError('bad-metadata', `This bundle’s ${METADATA_PATH} is not one Gesture Studio writes (${what}); ${AGAIN}.`);
}

export function badModel(path: string, what: string): never {
  throw new BundleError('bad-model', `The model file ${path.slice(0, 80)} in this bundle is damaged (${what}); ${AGAIN}.`);
}

/** A JSON object as a record of unknown values; null for anything else (arrays included). */
export function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Equal as JSON, whatever the order of their keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  const sorted = (_key: string, value: unknown) => (record(value) ? Object.fromEntries(Object.entries(value as object).sort(([x], [y]) => (x < y ? -1 : 1))) : value);
  return JSON.stringify(a, sorted) === JSON.stringify(b, sorted);
}

/** Two or more different, non-blank names (a model's labels). */
export function distinctNames(value: unknown): value is string[] {
  return Array.isArray(value) && value.length >= 2 && value.every((l) => typeof l === 'string' && l.trim() !== '') && new Set(value).size === value.length;
}
