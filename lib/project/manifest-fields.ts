import { EXPORT_AGAIN, ProjectFileError, quoted } from './project-error';

/* Typed reads of manifest.json's untrusted JSON, shared by its parts (manifest.ts, motion-manifest.ts). */

export const MANIFEST_PATH = 'manifest.json';

/**
 * Class and sample ids: they name files in the zip and keys in storage, so only letters, digits,
 * `_`, `-` and (not first) `.`; `createId` and `crypto.randomUUID` both fit.
 */
export const SAFE_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
/** A `bad-manifest` error naming the field at fault. */
export function badManifest(problem: string): ProjectFileError {
  return new ProjectFileError('bad-manifest', `This project's manifest.json is not valid (${problem}); ${EXPORT_AGAIN}.`, MANIFEST_PATH);
}

/** Typed reads of untrusted JSON; each throws a `bad-manifest` error that names the field's path. */
export type Json = Record<string, unknown>;

export function objectAt(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badManifest(`${path} must be an object`);
  return value as Json;
}

export function arrayAt(value: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw badManifest(`${path} must be a list`);
  if (value.length > max) throw badManifest(`${path} has more than ${max} items`);
  return value;
}

export function stringAt(value: unknown, path: string, maxLength: number): string {
  if (typeof value !== 'string') throw badManifest(`${path} must be text`);
  if (value.length > maxLength) throw badManifest(`${path} is longer than ${maxLength} characters`);
  return value;
}

export function integerAt(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badManifest(`${path} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export function oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw badManifest(`${path} must be one of ${options.map((o) => `"${o}"`).join(', ')}`);
  }
  return value as T;
}

export function idAt(value: unknown, path: string): string {
  if (typeof value !== 'string' || !SAFE_ID.test(value)) throw badManifest(`${path} must be an id of letters, digits, "_", "-" and "."`);
  return value;
}

export function describeValue(value: unknown): string {
  return typeof value === 'string' ? quoted(value) : String(value);
}
