// For the benches that play video frames through lib/hand in a page of their own
// (bench:video-recall, bench:motion-replay): bundles the page's script, serves it with the frames
// and the app's MediaPipe runtime and models, and opens it in headless Chromium.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { launchOptions } from '../e2e/support/browser';
import { serveFolders } from '../e2e/support/static-server';

const ROOT = path.resolve(__dirname, '..');

/**
 * Opens a page running `entry` (a script under scripts/, bundled with esbuild into `work`) with the
 * files of `frameDir` at /frames/, calls `use` with it once `ready` names a function the page has
 * set on `window`, and closes everything. The page's progress lines, passed to its
 * `window.reportProgress`, go to `log`; an uncaught error in the page fails the run.
 */
export async function withFramePage<T>(options: { entry: string; work: string; frameDir: string; query?: string; ready: string; log: (line: string) => void }, use: (page: Page) => Promise<T>): Promise<T> {
  const pageDir = path.join(options.work, 'page');
  fs.mkdirSync(pageDir, { recursive: true });
  await build({ entryPoints: [path.join(ROOT, options.entry)], bundle: true, format: 'esm', outfile: path.join(pageDir, 'page.js'), platform: 'browser', logLevel: 'warning' });
  fs.writeFileSync(path.join(pageDir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="/page/page.js"></script>');
  const server = await serveFolders({
    '/page/': pageDir,
    '/frames/': options.frameDir,
    '/mediapipe-wasm/': path.join(ROOT, 'public/mediapipe-wasm'),
    '/models/': path.join(ROOT, 'public/models'),
  });
  const browser = await chromium.launch(launchOptions());
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.exposeFunction('reportProgress', options.log);
    await page.goto(`${server.origin}/page/index.html${options.query ?? ''}`);
    await page.waitForFunction((name) => typeof (window as unknown as Record<string, unknown>)[name] === 'function', options.ready);
    const result = await use(page);
    if (errors.length > 0) throw new Error(`The page had an uncaught error: ${errors[0]}`);
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}
