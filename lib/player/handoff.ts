/*
 * How the studio's "Open in player" hands its model to /play without a download: the bundle is put
 * in this origin's Cache Storage (on this device, like IndexedDB) under one fixed key, and the player
 * page, opened with ?from=studio, takes it from there. One slot: each handoff replaces the last, and
 * a reload of the player opens the same bundle again.
 */

// Not under the service worker's 'gesture-studio-' prefix: its clean-up of old versions must not take a handoff in flight.
const CACHE_NAME = 'player-handoff';
const KEY = '/play/handed-over-model.zip';
const NAME_HEADER = 'x-bundle-name';

/** The query the studio opens the player with when it has handed a bundle over. */
export const FROM_STUDIO = 'from=studio';

/** Keeps `zip` for the player page. Rejects when this browser has no Cache Storage (an insecure origin). */
export async function handOverBundle(zip: Blob, name: string, storage: CacheStorage = globalThis.caches): Promise<void> {
  if (!storage) throw new Error('This browser cannot keep the model for the player here (no Cache Storage); use Export model and drop the zip on the player.');
  const cache = await storage.open(CACHE_NAME);
  await cache.put(KEY, new Response(zip, { headers: { 'content-type': 'application/zip', [NAME_HEADER]: encodeURIComponent(name) } }));
}

/** The bundle the studio handed over last, or null when there is none. */
export async function handedOverBundle(storage: CacheStorage | undefined = globalThis.caches): Promise<File | null> {
  if (!storage) return null;
  const cache = await storage.open(CACHE_NAME);
  const response = await cache.match(KEY);
  if (!response) return null;
  const name = decodeURIComponent(response.headers.get(NAME_HEADER) ?? 'gesture-model.zip');
  return new File([await response.blob()], name, { type: 'application/zip' });
}
