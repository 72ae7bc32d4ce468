// What the page, the service worker and the build share. No imports: the worker's type check
// (tsconfig.sw.json) and the page's bundle both read this file.

/** Every cache the service worker owns starts with this; any other of ours is an old version. */
export const CACHE_PREFIX = 'gesture-studio-';
/** Where the service worker is served (app/sw.js/route.ts); never precached itself. */
export const SERVICE_WORKER_PATH = '/sw.js';
/** The app icon's background (app/icon.svg), also the browser's theme colour for the app. */
export const THEME_COLOUR = '#4f46e5';
/** What a page posts to the waiting worker when the person asks for the new version. */
export const SKIP_WAITING_MESSAGE = 'skip-waiting';

export interface PrecacheEntry {
  /** Same-origin path, no query. */
  readonly url: string;
  /** Subresource Integrity: the worker's fetch fails on any other bytes. Absent for what the server renders. */
  readonly integrity?: string;
  /** A page: answered to navigations only (a fetch of the same path for its RSC payload goes to the server). */
  readonly page?: true;
}

export interface PrecacheCache {
  /** Named for its version, so a new version fills a new cache and the worker drops the old one. */
  readonly name: string;
  readonly entries: readonly PrecacheEntry[];
}

export interface PrecacheManifest {
  readonly caches: readonly PrecacheCache[];
}
