import { createHash } from 'node:crypto';
import { CACHE_PREFIX, SERVICE_WORKER_PATH, SKIP_WAITING_MESSAGE, type PrecacheEntry, type PrecacheManifest } from './contract';

/**
 * Files in public/ the app never requests, left out of the precache: MediaPipe's loader asks for the
 * ES-module build of its runtime only when told to (`forVisionTasks(path, true)`; lib/hand does not),
 * so 13 MB of it would be stored on every device for nothing.
 */
const NEVER_REQUESTED = [/^mediapipe-wasm\/vision_wasm_module_internal\./, /\.map$/];

/** A file as built: its path relative to its folder (`/`-separated) and its SHA-256, base64. */
export interface BuiltFile {
  readonly path: string;
  readonly sha256: string;
}

/** What `next build` produced, as far as the precache needs it (read by `readBuildOutput`). */
export interface BuildOutput {
  readonly buildId: string;
  /** The keys of `.next/server/app-paths-manifest.json`: `/page`, `/bench/page`, `/icon.svg/route`… */
  readonly appPaths: readonly string[];
  /** Under `.next/static`, served at `/_next/static/…`. */
  readonly staticFiles: readonly BuiltFile[];
  /** Under `public/`, served at `/…`: the models and the WASM runtimes. */
  readonly publicFiles: readonly BuiltFile[];
}

/**
 * The app's routes a browser can store: every page, and every route handler that serves a file (its
 * last segment has an extension: the icons, the web manifest), except the service worker. Dynamic,
 * private (`_…`) and parallel (`@…`) segments have no one URL to store; route groups `(…)` are not
 * part of the URL.
 */
export function storableRoutes(appPaths: readonly string[]): { pages: string[]; files: string[] } {
  const pages: string[] = [];
  const files: string[] = [];
  for (const appPath of appPaths) {
    const segments = appPath.split('/').filter(Boolean);
    const kind = segments.pop();
    if (segments.some((s) => s.startsWith('_') || s.startsWith('@') || s.includes('['))) continue;
    const url = `/${segments.filter((s) => !(s.startsWith('(') && s.endsWith(')'))).join('/')}`;
    if (kind === 'page') pages.push(url);
    else if (kind === 'route' && /\.[a-z0-9]+$/i.test(url) && url !== SERVICE_WORKER_PATH) files.push(url);
  }
  return { pages: pages.sort(), files: files.sort() };
}

/**
 * Two caches: the app shell (pages, the build's scripts and styles), new with every build; and the
 * large files of public/ (models, WASM runtimes, 50 MB), named for their content, so a deploy that
 * does not change them keeps the stored copy instead of fetching it again.
 */
export function createPrecacheManifest(output: BuildOutput): PrecacheManifest {
  const { pages, files } = storableRoutes(output.appPaths);
  const fromFile = (prefix: string) => (file: BuiltFile) => ({ url: `${prefix}${file.path}`, integrity: `sha256-${file.sha256}` });
  const wanted = (file: BuiltFile) => !NEVER_REQUESTED.some((pattern) => pattern.test(file.path));
  // `.next/static/<build id>/` holds manifests the build rewrites after it rendered /sw.js (their
  // hashes here would be stale): stored without an integrity check. Every other file is final by then.
  const rewrittenLater = (file: BuiltFile) => file.path.startsWith(`${output.buildId}/`);
  const shell: PrecacheEntry[] = [
    ...pages.map((url) => ({ url, page: true as const })),
    ...files.map((url) => ({ url })),
    ...output.staticFiles.filter(wanted).map((file) => (rewrittenLater(file) ? { url: `/_next/static/${file.path}` } : fromFile('/_next/static/')(file))),
  ];
  const assets = output.publicFiles
    .filter(wanted)
    .map(fromFile('/'))
    .sort((a, b) => (a.url < b.url ? -1 : 1));
  const assetsVersion = createHash('sha256')
    .update(assets.map((entry) => `${entry.url} ${entry.integrity}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  return {
    caches: [
      { name: `${CACHE_PREFIX}shell-${output.buildId}`, entries: shell },
      { name: `${CACHE_PREFIX}assets-${assetsVersion}`, entries: assets },
    ],
  };
}

/** The worker as served: the constants it reads (service-worker-env.d.ts), then its code. */
export function composeServiceWorker(manifest: PrecacheManifest, code: string): string {
  const constants = { PRECACHE: manifest, CACHE_PREFIX, SKIP_WAITING_MESSAGE };
  return `${Object.entries(constants)
    .map(([name, value]) => `const ${name} = ${JSON.stringify(value)};`)
    .join('\n')}\n${code}`;
}
