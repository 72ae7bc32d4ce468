// @ts-check
/// <reference lib="webworker" />
// Gesture Studio's service worker: after one visit the app opens, trains and classifies with no
// network. It stores every page, the build's scripts and the models and WASM runtimes when it
// installs, and answers those requests from its caches; anything else goes to the network as if it
// were not there. It never takes over by itself: a new version waits until the page asks
// (SKIP_WAITING_MESSAGE), which the page does only when the person chooses to reload.
//
// Served by app/sw.js/route.ts, which writes the constants of service-worker-env.d.ts in front of
// this code (lib/pwa/precache.ts: PRECACHE, the manifest; CACHE_PREFIX; SKIP_WAITING_MESSAGE).
// Responses are stored as the server sent them, headers included: the navigations it answers keep
// COOP/COEP, so the page stays cross-origin isolated (WASM threads) offline too.

const worker = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

/** Path → where it is stored, and whether it answers navigations (pages) or fetches (files). */
const STORED = new Map(PRECACHE.caches.flatMap((cache) => cache.entries.map((entry) => [entry.url, { cache: cache.name, page: entry.page === true }])));

worker.addEventListener('install', (event) => event.waitUntil(fillCaches()));
worker.addEventListener('activate', (event) => event.waitUntil(dropOtherVersions()));
worker.addEventListener('fetch', (event) => {
  const answer = answerFromCache(event.request);
  if (answer) event.respondWith(answer);
});
worker.addEventListener('message', (event) => {
  if (event.data?.type === SKIP_WAITING_MESSAGE) event.waitUntil(worker.skipWaiting());
});

/**
 * Stores every entry not stored yet, one at a time (the page is loading its own models meanwhile).
 * A cache already holding an entry is one this version made (their names carry the version), so an
 * interrupted install resumes, and a new build whose models did not change fetches none of them.
 * Any failure fails the install: a half-stored app must not take over.
 */
async function fillCaches() {
  for (const { name, entries } of PRECACHE.caches) {
    const cache = await caches.open(name);
    const stored = new Set((await cache.keys()).map((request) => new URL(request.url).pathname));
    for (const { url, integrity } of entries) {
      if (stored.has(url)) continue;
      // Revalidated with the server (a copy in the HTTP cache comes back as a 304, not a second
      // download); the integrity check refuses any bytes other than the build's.
      const response = await fetch(url, { cache: 'no-cache', redirect: 'error', integrity: integrity ?? '' });
      if (!response.ok) throw new Error(`Gesture Studio could not store ${url} for offline use: HTTP ${response.status}.`);
      await cache.put(url, response);
    }
  }
}

/** Deletes our caches of other versions (the models of a new deploy replace the old ones). */
async function dropOtherVersions() {
  const current = new Set(PRECACHE.caches.map((cache) => cache.name));
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && !current.has(name)).map((name) => caches.delete(name)));
}

/**
 * The stored response for a request this worker precached, else null (the browser then fetches it as
 * usual). It is answered as a new Response with the stored status, headers and body: a stored response
 * carries the URL it was stored under, which a worker script takes as its own location, and Turbopack
 * starts the engine's worker with its bootstrap config in that URL's query (`?params=`). A HEAD
 * request (the hand tracker checks its model is there) gets the headers alone.
 * @param {Request} request
 * @returns {Promise<Response> | null}
 */
function answerFromCache(request) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return null;
  const stored = STORED.get(url.pathname);
  if (!stored || stored.page !== (request.mode === 'navigate')) return null;
  return caches
    .open(stored.cache)
    .then((cache) => cache.match(url.pathname))
    .then((response) => {
      // Not stored yet (this version is still installing, or the browser evicted it): the network.
      if (!response) return fetch(request);
      const body = request.method === 'HEAD' ? null : response.body;
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    });
}
