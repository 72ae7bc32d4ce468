// `npm run bench:import`: imports 5,000 photos at once through the studio's "Import dataset folder",
// as a person would, and prints what it cost: time, peak JS heap, the longest the page stopped
// responding, tensors; then saves, reloads, trains and classifies the live (fake) camera, to show the
// app still works at that scale. Teachable Machine is reported to crash near 1,000 images.
// The photos are made from the real sign-digit photos (../shared/data/sign-digits) with small random
// changes (shift, brightness, contrast, noise), 500 per digit (SCALE_PER_CLASS), in whole-frame mode
// (SCALE_MODE=fused for the hand mode). Without the photos it says so and exits 0.
// Progress goes to stderr and the report to stdout; a failure is one sentence and exit code 1.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { buildGestureVideo, fakeCameraArgs, GESTURE_VIDEO, GESTURES } from '../e2e/support/camera-videos';
import { hasSignDigits, listClassImages, SIGN_DIGIT_CLASSES, SKIP_REASON } from '../e2e/support/sign-digits';
import { StudioPage } from '../e2e/studio-page';
import { createRandom } from '../lib/train/random';

const PER_CLASS = Number(process.env.SCALE_PER_CLASS ?? 500);
// SCALE_MODE=fused imports in the default hand mode (MediaPipe finds each hand first: slower).
const MODE = process.env.SCALE_MODE === 'fused' ? 'fused' : 'frame';
const FOLDER = path.join(os.tmpdir(), 'gesture-studio-scale', `${PER_CLASS}-per-class`);
const IMPORT_TIMEOUT_MS = 30 * 60_000;
/** The page's heartbeat: a timer every 50 ms; the longest gap between two ticks is the longest the page was unresponsive. */
const HEARTBEAT_MS = 50;

interface ProdBrowser {
  Failure: new (message: string) => Error;
  createLog(name: string): (line: string) => void;
  openProductionBrowser(options: { log: (line: string) => void; command: string; readyPath: string; chromiumArgs?: readonly string[] }): Promise<{ origin: string; browser: import('playwright-core').Browser }>;
  runScript(main: () => Promise<void>, options: { log: (line: string) => void; task: string }): Promise<void>;
}

/** Writes `PER_CLASS` changed copies of each digit's photos into FOLDER/<digit>/ (once; reused after). */
function writeVariants(log: (line: string) => void): number {
  // Beside the folder, not in it: the import would count it as a file that is not an image.
  const done = `${FOLDER}.complete`;
  if (fs.existsSync(done)) return SIGN_DIGIT_CLASSES.length * PER_CLASS;
  const random = createRandom(11);
  for (const digit of SIGN_DIGIT_CLASSES) {
    const dir = path.join(FOLDER, digit);
    fs.mkdirSync(dir, { recursive: true });
    const photos = listClassImages(digit);
    for (let i = 0; i < PER_CLASS; i += 1) {
      const source = PNG.sync.read(fs.readFileSync(photos[i % photos.length]));
      fs.writeFileSync(path.join(dir, `${digit}-${i}.png`), PNG.sync.write(changed(source, random)));
    }
    log(`made ${PER_CLASS} photos of ${digit}`);
  }
  fs.writeFileSync(done, '');
  return SIGN_DIGIT_CLASSES.length * PER_CLASS;
}

/** A copy shifted by up to 6 px, with brightness ±25, contrast ±15% and pixel noise ±6. */
function changed(source: PNG, random: () => number): PNG {
  const { width, height } = source;
  const out = new PNG({ width, height });
  const dx = Math.round((random() - 0.5) * 12);
  const dy = Math.round((random() - 0.5) * 12);
  const brightness = (random() - 0.5) * 50;
  const contrast = 1 + (random() - 0.5) * 0.3;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const sx = Math.min(width - 1, Math.max(0, x - dx));
      const sy = Math.min(height - 1, Math.max(0, y - dy));
      const from = (sy * width + sx) * 4;
      const to = (y * width + x) * 4;
      for (let c = 0; c < 3; c += 1) {
        const value = (source.data[from + c] - 128) * contrast + 128 + brightness + (random() - 0.5) * 12;
        out.data[to + c] = Math.max(0, Math.min(255, Math.round(value)));
      }
      out.data[to + 3] = 255;
    }
  }
  return out;
}

/** Samples the JS heap twice a second until stopped; `peak` is the highest seen. */
function watchHeap(cdp: CDPSession) {
  let peak = 0;
  let last = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { metrics } = await cdp.send('Performance.getMetrics');
      last = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      peak = Math.max(peak, last);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  return {
    get peak() {
      return peak;
    },
    async stop() {
      running = false;
      await loop;
      return last;
    },
  };
}

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}

interface Heartbeat {
  /** The longest gap between ticks so far, in ms. */
  longestGapMs: number;
  /** Main-thread tasks over 300 ms: start (ms since the heartbeat began) and duration. */
  longTasks: [number, number][];
}

/** Starts the page's heartbeat and a long-task observer; the returned function reads them. */
async function startHeartbeat(page: Page): Promise<() => Promise<Heartbeat>> {
  await page.evaluate((interval) => {
    const beat: Heartbeat = { longestGapMs: 0, longTasks: [] };
    (window as unknown as { __heartbeat: Heartbeat }).__heartbeat = beat;
    const started = performance.now();
    let last = started;
    setInterval(() => {
      const now = performance.now();
      beat.longestGapMs = Math.max(beat.longestGapMs, now - last - interval);
      last = now;
    }, interval);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.duration > 300) beat.longTasks.push([Math.round(entry.startTime - started), Math.round(entry.duration)]);
    }).observe({ type: 'longtask' });
  }, HEARTBEAT_MS);
  return () => page.evaluate(() => (window as unknown as { __heartbeat: Heartbeat }).__heartbeat);
}

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function importAtScale(prod: ProdBrowser, log: (line: string) => void) {
  const total = writeVariants(log);
  buildGestureVideo();
  const { origin, browser } = await prod.openProductionBrowser({ log, command: 'npm run bench:import', readyPath: '/', chromiumArgs: fakeCameraArgs(GESTURE_VIDEO) });
  // No service worker: its offline precache (~50 MB) would fill in the background while this measures.
  const page = await browser.newPage({ baseURL: origin, viewport: { width: 1400, height: 1000 }, serviceWorkers: 'block' });
  let crashed = false;
  page.on('crash', () => {
    crashed = true;
  });
  // tsx compiles this file with esbuild, which names functions through a `__name` helper that then
  // appears inside functions handed to page.evaluate; give the page a harmless one.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const studio = new StudioPage(page);
  await studio.open(MODE);
  const heapAtStart = await heapAfterGc(cdp);
  const longestGap = await startHeartbeat(page);
  const heap = watchHeap(cdp);

  log(`importing ${total} photos from ${FOLDER}`);
  const started = Date.now();
  await studio.setFolder('Import dataset folder', FOLDER);
  const notice = page.getByTestId('notice');
  let lastProgress = '';
  while (!(await notice.isVisible())) {
    if (crashed) throw new prod.Failure(`The page crashed during the import (peak JS heap ${mb(heap.peak)}).`);
    if (Date.now() - started > IMPORT_TIMEOUT_MS) throw new prod.Failure(`The import did not finish within ${IMPORT_TIMEOUT_MS / 60_000} minutes.`);
    // The job's progress bar, in percent; logged every 10%.
    const percent = (await page.getByRole('progressbar').first().getAttribute('aria-valuenow', { timeout: 1000 }).catch(() => null)) ?? '';
    const decile = percent === '' ? '' : String(Math.floor(Number(percent) / 10) * 10);
    if (decile !== '' && decile !== lastProgress) log(`imported ${decile}%`);
    lastProgress = decile;
    await page.waitForTimeout(1000);
  }
  // When the notice was seen: the loop looks once a second, so up to 1 s after it appeared.
  const importMs = Date.now() - started;
  const noticeText = await notice.innerText();
  const counts = await Promise.all(SIGN_DIGIT_CLASSES.map((digit) => studio.sampleCount(digit)));
  const { longestGapMs: gapDuringImport, longTasks } = await longestGap();
  await page.getByTestId('save-status').and(page.locator('[data-state="saved"]')).waitFor({ timeout: 10 * 60_000 });
  const savedMs = Date.now() - started;
  const peakHeap = heap.peak;
  await heap.stop();
  const heapAfterImport = await heapAfterGc(cdp);
  const tensorsAfterImport = await studio.tensorsInMemory();
  log(`imported in ${seconds(importMs)}, saved after ${seconds(savedMs)} (${seconds(savedMs - importMs)} after the import's notice)`);

  log('reloading: the project must come back whole');
  const reloadStarted = Date.now();
  await page.reload();
  await page.getByTestId('model-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 120_000 });
  await studio.classCard(SIGN_DIGIT_CLASSES.at(-1) as string).waitFor({ timeout: 120_000 });
  const restoredCounts = await Promise.all(SIGN_DIGIT_CLASSES.map((digit) => studio.sampleCount(digit)));
  const restoreMs = Date.now() - reloadStarted;

  log('training a head on all of them');
  await studio.setRecipe('head-only', 0);
  const trainStarted = Date.now();
  await studio.train(20 * 60_000);
  const trainMs = Date.now() - trainStarted;

  log('classifying the live camera for 15 s');
  await studio.startCamera();
  const digits = new Set<number>(GESTURES.map((g) => g.digit));
  let agreed = 0;
  let judged = 0;
  const tensors = new Set<number>();
  const firstFrames = (await studio.readScreen()).frames;
  const liveStarted = Date.now();
  while (Date.now() - liveStarted < 15_000) {
    const screen = await studio.readScreen();
    if (screen.shown !== null && digits.has(screen.shown) && screen.predicted !== '') {
      judged += 1;
      if (screen.predicted === String(screen.shown)) agreed += 1;
    }
    if (Number.isFinite(screen.tensors)) tensors.add(screen.tensors);
    await page.waitForTimeout(200);
  }
  const frames = (await studio.readScreen()).frames - firstFrames;
  if (crashed) throw new prod.Failure('The page crashed after the import.');

  const lines = [
    `Import at scale (${total} photos, ${SIGN_DIGIT_CLASSES.length} class folders, ${MODE === 'fused' ? 'fused hand' : 'whole-frame'} mode, MobileNet v1 0.25 on ${await backendName(page)})`,
    `  import:             ${seconds(importMs)} (${(total / (importMs / 1000)).toFixed(0)} photos/s); notice: ${noticeText.split('\n')[0]}`,
    `  samples per class:  ${counts.join(', ')}`,
    `  peak JS heap:       ${mb(peakHeap)} (at start ${mb(heapAtStart)}, after import ${mb(heapAfterImport)}, both after GC)`,
    `  longest stall:      ${Math.round(gapDuringImport)} ms (the page's 50 ms timer, during the import and its save); tasks over 300 ms: ${longTasks.map(([at, ms]) => `${ms} ms at ${seconds(at)}`).join(', ') || 'none'}`,
    `  tensors after:      ${tensorsAfterImport}`,
    `  saved to IndexedDB: ${seconds(savedMs)} after the import began, ${seconds(savedMs - importMs)} after the import's notice`,
    `  reload restored:    ${restoredCounts.reduce((a, b) => a + b, 0)} samples in ${seconds(restoreMs)}`,
    `  training (head):    ${seconds(trainMs)}`,
    `  live:               ${frames} frames in 15 s; predicted the digit shown in ${agreed} of ${judged} readings; tensors seen ${[...tensors].join(', ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function backendName(page: Page): Promise<string> {
  return ((await page.getByTestId('backend').getAttribute('data-backend')) || 'an unknown backend').toUpperCase();
}

async function main() {
  if (!hasSignDigits()) {
    process.stderr.write(`bench:import skipped: ${SKIP_REASON}.\n`);
    return;
  }
  const prod = (await import(pathToFileURL(path.join(__dirname, 'prod-browser.mjs')).href)) as ProdBrowser;
  const log = prod.createLog('bench:import');
  await prod.runScript(() => importAtScale(prod, log), { log, task: 'bench:import' });
}

void main();
