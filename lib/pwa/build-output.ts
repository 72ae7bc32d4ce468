import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { composeServiceWorker, createPrecacheManifest, type BuildOutput, type BuiltFile } from './precache';

/** next.config.js sets no `distDir`. */
const DIST_DIR = '.next';
/** The worker's code; app/sw.js/route.ts puts the precache manifest in front of it. */
const SERVICE_WORKER_SOURCE = 'lib/pwa/service-worker.js';

/**
 * Reads what `next build` has produced so far in `projectDir`. Called while the build prerenders
 * /sw.js: the scripts, styles, route list and build id are final by then; the pages are not rendered
 * yet, which is why the worker fetches them when it installs.
 */
export async function readBuildOutput(projectDir: string): Promise<BuildOutput> {
  const dist = join(projectDir, DIST_DIR);
  const buildId = await readFile(join(dist, 'BUILD_ID'), 'utf8').catch(() => {
    throw new Error(`The service worker is made from a production build, and ${dist} has none: run next build.`);
  });
  const appPaths = JSON.parse(await readFile(join(dist, 'server/app-paths-manifest.json'), 'utf8')) as Record<string, string>;
  return {
    buildId: buildId.trim(),
    appPaths: Object.keys(appPaths),
    staticFiles: await hashFiles(join(dist, 'static')),
    publicFiles: await hashFiles(join(projectDir, 'public')),
  };
}

/** Every file under `dir`, sorted by path, with its SHA-256; none when `dir` does not exist. */
async function hashFiles(dir: string): Promise<BuiltFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  const hashed = await Promise.all(
    files.map(async (file) => ({
      path: relative(dir, file).split(sep).join('/'),
      sha256: createHash('sha256')
        .update(await readFile(file))
        .digest('base64'),
    })),
  );
  return hashed.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The service worker as served, with the precache manifest of the build in `projectDir`. */
export async function serviceWorkerScript(projectDir: string): Promise<string> {
  const manifest = createPrecacheManifest(await readBuildOutput(projectDir));
  return composeServiceWorker(manifest, await readServiceWorkerCode(projectDir));
}

function readServiceWorkerCode(projectDir: string): Promise<string> {
  return readFile(join(projectDir, SERVICE_WORKER_SOURCE), 'utf8');
}
