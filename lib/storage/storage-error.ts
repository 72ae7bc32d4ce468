/**
 * What can go wrong saving or loading projects in the browser. The UI shows `message` (what happened
 * and what to do) and may branch on `kind`.
 */
export type StorageErrorKind =
  /** IndexedDB is missing or refused (private browsing, site storage turned off, a newer version open elsewhere). */
  | 'unavailable'
  /** The browser's storage quota for this site is used up; the change that hit it was not saved. */
  | 'quota'
  /** No project with that id (deleted in another tab, say). */
  | 'not-found'
  /** A project name that is empty, too long, or already taken. */
  | 'bad-name'
  /** Anything else the browser reported; `cause` holds its error. */
  | 'failed';

export class StorageError extends Error {
  constructor(
    readonly kind: StorageErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

export const QUOTA_MESSAGE =
  'Your browser has no room left to save this project, so the latest changes are not saved yet; delete samples or projects you no longer need (or free up disk space) and they will be saved. Everything saved before is safe.';

export const UNAVAILABLE_MESSAGE =
  'This browser will not let Gesture Studio save projects (private browsing, or site storage turned off), so your work lasts only until this tab closes; allow site storage for this page to keep it.';

/** Maps whatever IndexedDB threw or reported to a `StorageError`; `StorageError`s pass through. */
export function toStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
  // Firefox has also reported quota trouble as NS_ERROR_DOM_QUOTA_REACHED.
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return new StorageError('quota', QUOTA_MESSAGE, { cause: error });
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'VersionError') return new StorageError('unavailable', UNAVAILABLE_MESSAGE, { cause: error });
  const detail = error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error) ? String((error as { message: unknown }).message) : String(error);
  return new StorageError('failed', `Saving to this browser's storage failed (${detail || name || 'no reason given'}); reload the page to try again. Everything saved before is safe.`, { cause: error });
}
