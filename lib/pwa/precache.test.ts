import { describe, expect, it } from 'vitest';
import { CACHE_PREFIX, SKIP_WAITING_MESSAGE } from './contract';
import { composeServiceWorker, createPrecacheManifest, storableRoutes, type BuildOutput } from './precache';

// The keys of a real build's .next/server/app-paths-manifest.json, plus the route shapes it must skip.
const APP_PATHS = [
  '/_global-error/page',
  '/_not-found/page',
  '/ablation/page',
  '/bench/page',
  '/icon.svg/route',
  '/manifest.webmanifest/route',
  '/page',
  '/sw.js/route',
  '/play/page',
  '/(tools)/export/page',
  '/projects/[id]/page',
  '/@modal/settings/page',
  '/api/status/route',
];

const build = (buildId: string, modelHash = 'bW9kZWw='): BuildOutput => ({
  buildId,
  appPaths: APP_PATHS,
  staticFiles: [
    { path: `${buildId}/_ssgManifest.js`, sha256: 'c3Nn' },
    { path: 'chunks/0abc.js', sha256: 'Y2h1bms=' },
    { path: 'chunks/0abc.js.map', sha256: 'bWFw' },
  ],
  publicFiles: [
    { path: 'tfjs-wasm/tfjs-backend-wasm.wasm', sha256: 'd2FzbQ==' },
    { path: 'models/hand_landmarker.task', sha256: modelHash },
    { path: 'mediapipe-wasm/vision_wasm_internal.wasm', sha256: 'dmlzaW9u' },
    { path: 'mediapipe-wasm/vision_wasm_module_internal.wasm', sha256: 'bW9kdWxl' },
  ],
});

describe('storableRoutes', () => {
  it('keeps every page and every file a route serves, and skips what has no one URL to store', () => {
    expect(storableRoutes(APP_PATHS)).toEqual({
      pages: ['/', '/ablation', '/bench', '/export', '/play'],
      files: ['/icon.svg', '/manifest.webmanifest'],
    });
  });
});

describe('createPrecacheManifest', () => {
  it('stores the pages and the build in a shell cache named for the build, the public files in a cache named for their content', () => {
    const { caches } = createPrecacheManifest(build('build-1'));
    expect(caches.map((cache) => cache.name)).toEqual([`${CACHE_PREFIX}shell-build-1`, expect.stringMatching(new RegExp(`^${CACHE_PREFIX}assets-[0-9a-f]{16}$`))]);
    expect(caches[0].entries).toEqual([
      { url: '/', page: true },
      { url: '/ablation', page: true },
      { url: '/bench', page: true },
      { url: '/export', page: true },
      { url: '/play', page: true },
      { url: '/icon.svg' },
      { url: '/manifest.webmanifest' },
      // Rewritten by the build after /sw.js is rendered: no integrity to check it against.
      { url: '/_next/static/build-1/_ssgManifest.js' },
      { url: '/_next/static/chunks/0abc.js', integrity: 'sha256-Y2h1bms=' },
    ]);
    // Sorted by URL; the ES-module build of MediaPipe's runtime, which the app never asks for, is left out.
    expect(caches[1].entries).toEqual([
      { url: '/mediapipe-wasm/vision_wasm_internal.wasm', integrity: 'sha256-dmlzaW9u' },
      { url: '/models/hand_landmarker.task', integrity: 'sha256-bW9kZWw=' },
      { url: '/tfjs-wasm/tfjs-backend-wasm.wasm', integrity: 'sha256-d2FzbQ==' },
    ]);
  });

  it('keeps the models cache across builds that did not change them, and names a new one when a file changes', () => {
    const first = createPrecacheManifest(build('build-1')).caches;
    const rebuilt = createPrecacheManifest(build('build-2')).caches;
    const newModel = createPrecacheManifest(build('build-3', 'bmV3')).caches;
    expect(rebuilt[0].name).not.toBe(first[0].name);
    expect(rebuilt[1].name).toBe(first[1].name);
    expect(newModel[1].name).not.toBe(first[1].name);
  });

  it('names the same content the same, whatever order the files were listed in', () => {
    const output = build('b');
    const reversed = { ...output, publicFiles: [...output.publicFiles].reverse() };
    expect(createPrecacheManifest(reversed)).toEqual(createPrecacheManifest(output));
  });
});

describe('composeServiceWorker', () => {
  it('puts the manifest, the cache prefix and the skip-waiting message in front of the code, as JavaScript constants', () => {
    const manifest = createPrecacheManifest(build('b'));
    const script = composeServiceWorker(manifest, 'self.ready = [PRECACHE, CACHE_PREFIX, SKIP_WAITING_MESSAGE];');
    const self: { ready?: unknown } = {};
    new Function('self', script)(self);
    expect(self.ready).toEqual([manifest, CACHE_PREFIX, SKIP_WAITING_MESSAGE]);
  });
});
