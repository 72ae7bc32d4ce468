import { SKIP_WAITING_MESSAGE } from './contract';

/** The parts of the platform's service worker objects the update logic uses (fakes in the tests). */
export interface WorkerLike extends EventTarget {
  readonly state: string;
  postMessage(message: unknown): void;
}
export interface RegistrationLike extends EventTarget {
  readonly installing: WorkerLike | null;
  readonly waiting: WorkerLike | null;
  readonly active: WorkerLike | null;
}
/** `navigator.serviceWorker`: its `controller` is the worker serving this page, null on a first visit. */
export interface ContainerLike extends EventTarget {
  readonly controller: unknown;
}

/**
 * Calls `onUpdate` when a new version has installed and waits while this page runs an older one: at
 * once if one already waits, else when the browser's update check has installed one. A first install
 * (no worker serves the page yet) is no update. Returns a function that stops watching.
 */
export function watchForUpdate(registration: RegistrationLike, container: ContainerLike, onUpdate: () => void): () => void {
  const announce = () => {
    if (registration.waiting && container.controller) onUpdate();
  };
  const watched = new Set<WorkerLike>();
  const onStateChange = (event: Event) => {
    if ((event.target as WorkerLike).state === 'installed') announce();
  };
  const onUpdateFound = () => {
    const installing = registration.installing;
    if (!installing || watched.has(installing)) return;
    watched.add(installing);
    installing.addEventListener('statechange', onStateChange);
  };
  registration.addEventListener('updatefound', onUpdateFound);
  onUpdateFound();
  announce();
  return () => {
    registration.removeEventListener('updatefound', onUpdateFound);
    for (const worker of watched) worker.removeEventListener('statechange', onStateChange);
    watched.clear();
  };
}

/**
 * Calls `onFailed` when the app's first install fails (its worker is discarded, nothing stored: the
 * app would not open offline, though the page works). A failed update needs no word: the version in
 * use stays, offline too.
 */
export function watchFirstInstall(registration: RegistrationLike, onFailed: () => void): () => void {
  const installing = registration.installing;
  if (registration.active || !installing) return () => {};
  const onStateChange = () => {
    if (installing.state === 'redundant') onFailed();
  };
  installing.addEventListener('statechange', onStateChange);
  return () => installing.removeEventListener('statechange', onStateChange);
}

/**
 * The person asked for the new version: the waiting worker takes over, and once it serves this page
 * `reload` runs (once), so the page reloads into the new version. Only ever called from that
 * request: a version is never forced on a page mid-session. A still newer version that finishes
 * installing meanwhile replaces the waiting one before it can take over; the request then goes to
 * it. False when no version waits (another tab may have taken it already; a plain reload gets it).
 */
export function applyUpdate(registration: RegistrationLike, container: ContainerLike, reload: () => void): boolean {
  const waiting = registration.waiting;
  if (!waiting) return false;
  container.addEventListener('controllerchange', () => reload(), { once: true });
  const askOnceInstalled = (worker: WorkerLike | null) =>
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed') worker.postMessage({ type: SKIP_WAITING_MESSAGE });
    });
  askOnceInstalled(registration.installing);
  registration.addEventListener('updatefound', () => askOnceInstalled(registration.installing), { once: true });
  waiting.postMessage({ type: SKIP_WAITING_MESSAGE });
  return true;
}
