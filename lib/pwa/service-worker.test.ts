import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { beforeEach, describe, expect, it } from 'vitest';
import { CACHE_PREFIX, SKIP_WAITING_MESSAGE, type PrecacheManifest } from './contract';
import { composeServiceWorker } from './precache';

/*
 * The service worker's own code (service-worker.js, exactly as app/sw.js/route.ts serves it) run in a
 * sandbox whose `caches`, `fetch` and `self` are fakes, driven by the events the browser sends it.
 */

const ORIGIN = 'https://studio.test';
const CODE = readFileSync(join(__dirname, 'service-worker.js'), 'utf8');
const SHELL = `${CACHE_PREFIX}shell-build-2`;
const ASSETS = `${CACHE_PREFIX}assets-aaaa`;
const MANIFEST: PrecacheManifest = {
  caches: [
    { name: SHELL, entries: [{ url: '/', page: true }, { url: '/bench', page: true }, { url: '/_next/static/chunks/app.js', integrity: 'sha256-YXBw' }] },
    { name: ASSETS, entries: [{ url: '/models/hand_landmarker.task', integrity: 'sha256-aGFuZA==' }, { url: '/tfjs-wasm/tfjs-backend-wasm.wasm', integrity: 'sha256-d2FzbQ==' }] },
  ],
};
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

class FakeCache {
  readonly stored = new Map<string, Response>();
  async keys() {
    return [...this.stored.keys()].map((url) => new Request(url));
  }
  /** As the browser's cache does, the response it gives back carries the URL it was stored under. */
  async match(request: string) {
    const url = new URL(request, ORIGIN).href;
    const response = this.stored.get(url)?.clone();
    return response && Object.defineProperty(response, 'url', { value: url });
  }
  async put(request: string, response: Response) {
    this.stored.set(new URL(request, ORIGIN).href, response);
  }
}

class FakeCacheStorage {
  readonly named = new Map<string, FakeCache>();
  async open(name: string) {
    if (!this.named.has(name)) this.named.set(name, new FakeCache());
    return this.named.get(name) as FakeCache;
  }
  async keys() {
    return [...this.named.keys()];
  }
  async delete(name: string) {
    return this.named.delete(name);
  }
  paths(name: string) {
    return [...(this.named.get(name)?.stored.keys() ?? [])].map((url) => new URL(url).pathname);
  }
}

interface Fetched {
  url: string;
  init?: RequestInit;
}

/** One installed copy of the worker: its listeners, and what it fetched and asked of the browser. */
function startWorker(caches: FakeCacheStorage, answer: (url: string) => Response = (url) => new Response(`body of ${url}`, { headers: ISOLATION })) {
  const listeners = new Map<string, (event: unknown) => void>();
  const fetched: Fetched[] = [];
  let skipWaitingCalls = 0;
  const self = {
    location: { origin: ORIGIN },
    addEventListener: (type: string, listener: (event: unknown) => void) => listeners.set(type, listener),
    skipWaiting: async () => {
      skipWaitingCalls += 1;
    },
  };
  const fetch = async (input: string | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input.url;
    fetched.push({ url, init });
    return answer(url);
  };
  vm.runInNewContext(composeServiceWorker(MANIFEST, CODE), { self, caches, fetch, Request, Response, URL });

  /** Sends an extendable event and resolves when the work it was given is done. */
  const extendable = async (type: string, extra: object = {}) => {
    let work: Promise<unknown> = Promise.resolve();
    listeners.get(type)?.({ ...extra, waitUntil: (promise: Promise<unknown>) => (work = promise) });
    await work;
  };
  /** A fetch from a page: the response the worker gave, or null when it let the browser fetch. */
  const request = async (path: string, init: { mode?: 'navigate' | 'cors' | 'same-origin'; method?: string } = {}) => {
    let answered = null as Promise<Response> | null;
    const request = { url: new URL(path, ORIGIN).href, method: init.method ?? 'GET', mode: init.mode ?? 'cors' };
    listeners.get('fetch')?.({ request, respondWith: (response: Promise<Response>) => (answered = response) });
    return answered ? await answered : null;
  };
  return { extendable, request, fetched, skipWaitingCalls: () => skipWaitingCalls };
}

describe('the service worker', () => {
  let caches: FakeCacheStorage;
  beforeEach(() => {
    caches = new FakeCacheStorage();
  });

  it('stores every precached file when it installs, each revalidated and checked against its integrity', async () => {
    const worker = startWorker(caches);
    await worker.extendable('install');
    expect(caches.paths(SHELL)).toEqual(['/', '/bench', '/_next/static/chunks/app.js']);
    expect(caches.paths(ASSETS)).toEqual(['/models/hand_landmarker.task', '/tfjs-wasm/tfjs-backend-wasm.wasm']);
    expect(worker.fetched.find((f) => f.url === '/models/hand_landmarker.task')?.init).toEqual({ cache: 'no-cache', redirect: 'error', integrity: 'sha256-aGFuZA==' });
    expect(worker.fetched.find((f) => f.url === '/')?.init).toEqual({ cache: 'no-cache', redirect: 'error', integrity: '' });
  });

  it('fetches only what is not stored yet: a new build with the same models downloads none of them', async () => {
    await caches.open(ASSETS).then((cache) => cache.put('/models/hand_landmarker.task', new Response('stored before')));
    const worker = startWorker(caches);
    await worker.extendable('install');
    expect(worker.fetched.map((f) => f.url)).toEqual(['/', '/bench', '/_next/static/chunks/app.js', '/tfjs-wasm/tfjs-backend-wasm.wasm']);
    expect(await (await caches.open(ASSETS)).match('/models/hand_landmarker.task').then((r) => r?.text())).toBe('stored before');
  });

  it('fails its install when a file cannot be fetched, so a half-stored app never takes over', async () => {
    const worker = startWorker(caches, (url) => new Response('Not found', { status: url.endsWith('.wasm') ? 404 : 200 }));
    await expect(worker.extendable('install')).rejects.toThrow('could not store /tfjs-wasm/tfjs-backend-wasm.wasm for offline use: HTTP 404');
  });

  it('deletes its caches of other versions when it activates, and leaves caches that are not its own', async () => {
    for (const name of [`${CACHE_PREFIX}shell-build-1`, `${CACHE_PREFIX}assets-old`, SHELL, ASSETS, 'someone-else']) await caches.open(name);
    await startWorker(caches).extendable('activate');
    expect(await caches.keys()).toEqual([SHELL, ASSETS, 'someone-else']);
  });

  describe('once installed', () => {
    let worker: ReturnType<typeof startWorker>;
    beforeEach(async () => {
      worker = startWorker(caches);
      await worker.extendable('install');
      worker.fetched.length = 0;
    });

    it('answers a navigation to a page from its cache, with the headers the server sent (COOP/COEP kept)', async () => {
      const response = await worker.request('/bench?auto=1', { mode: 'navigate' });
      expect(await response?.text()).toBe('body of /bench');
      expect(response?.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
      expect(response?.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
      expect(worker.fetched).toEqual([]);
    });

    it("leaves a page's path to the network when it is not a navigation (a fetch for its RSC payload)", async () => {
      expect(await worker.request('/bench?_rsc=1')).toBeNull();
    });

    it('answers a precached file from its cache, and a HEAD request with its stored headers and no body', async () => {
      expect(await (await worker.request('/tfjs-wasm/tfjs-backend-wasm.wasm'))?.text()).toBe('body of /tfjs-wasm/tfjs-backend-wasm.wasm');
      const head = await worker.request('/models/hand_landmarker.task', { method: 'HEAD' });
      expect(head?.status).toBe(200);
      expect(head?.body).toBeNull();
      expect(head?.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
      expect(worker.fetched).toEqual([]);
    });

    it("answers a script with a response of no URL of its own, so a worker started from it keeps its query (Turbopack's bootstrap config)", async () => {
      const response = await worker.request('/_next/static/chunks/app.js?params=%7B%7D');
      expect(await response?.text()).toBe('body of /_next/static/chunks/app.js');
      expect(response?.url).toBe('');
    });

    it('leaves other requests, methods and origins to the browser', async () => {
      expect(await worker.request('/models/not-precached.bin')).toBeNull();
      expect(await worker.request('/models/hand_landmarker.task', { method: 'POST' })).toBeNull();
      expect(await worker.request('https://elsewhere.test/models/hand_landmarker.task')).toBeNull();
    });

    it('fetches a precached file the browser has evicted from its cache', async () => {
      await caches.open(ASSETS).then((cache) => cache.stored.clear());
      expect(await (await worker.request('/models/hand_landmarker.task'))?.text()).toBe('body of https://studio.test/models/hand_landmarker.task');
    });
  });

  it('takes over from the version in use only when a page posts the skip-waiting message', async () => {
    const worker = startWorker(caches);
    await worker.extendable('install');
    await worker.extendable('activate');
    await worker.extendable('message', { data: { type: 'something-else' } });
    expect(worker.skipWaitingCalls()).toBe(0);
    await worker.extendable('message', { data: { type: SKIP_WAITING_MESSAGE } });
    expect(worker.skipWaitingCalls()).toBe(1);
  });
});
