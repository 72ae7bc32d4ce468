// `npm run bench`: serves a fresh production build (scripts/prod-browser.mjs), opens /bench in
// headless Chromium, presses "Run benchmark", waits for the page's benchmark to finish and prints its
// report. The figures are measured by the page itself (lib/bench) through the app's ML engine in its
// worker, as the studio runs it, so they are what a person's browser would see. The machine's load
// average is sampled meanwhile and printed with the report: threads only pay while cores are free.
// When the real hand photos are present (../shared/data/sign-digits, relative to the project root, as
// for the e2e tests), the first photo of class 5 (an open hand) is given to the page as its hand
// photo, so the report also has the hand tracker and the fused hand mode.
// Progress goes to stderr and the report to stdout. Every failure is one sentence on stderr and exit
// code 1.
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLog, Failure, openProductionBrowser, runScript } from './prod-browser.mjs';

const PROJECT = join(dirname(fileURLToPath(import.meta.url)), '..');
const HAND_PHOTOS = join(PROJECT, '../shared/data/sign-digits/train/5');
const HYDRATION_MS = 60_000;

// WebGL on a software renderer is slow; a whole run here takes about two minutes.
const BENCH_TIMEOUT_MS = 8 * 60_000;
const FINISHED = ['done', 'error', 'cancelled'];

const log = createLog('bench');

/** The first PNG of class 5 in plain code-unit order (as e2e/support/sign-digits.ts lists them), or null. */
function findHandPhoto() {
  if (!existsSync(HAND_PHOTOS)) return null;
  const first = readdirSync(HAND_PHOTOS, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.png'))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[0];
  return first ? join(HAND_PHOTOS, first) : null;
}

async function main() {
  const { origin, browser } = await openProductionBrowser({ log, command: 'npm run bench', readyPath: '/bench' });
  // No service worker: its offline precache (~50 MB) would fill in the background while this measures.
  const page = await browser.newPage({ serviceWorkers: 'block' });
  /** @type {string[]} */
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const handPhoto = findHandPhoto();
  if (!handPhoto) log(`hand tracker and fused loop skipped: the hand photos in ${HAND_PHOTOS} are absent`);

  const started = Date.now();
  const load = [loadavg()[0]];
  const sampler = setInterval(() => load.push(loadavg()[0]), 5000).unref();
  await page.goto(`${origin}/bench`);
  const runButton = page.getByRole('button', { name: 'Run benchmark' });
  // The controls are disabled until React has hydrated; a file set before that would be dropped.
  while (!(await runButton.isEnabled().catch(() => false))) {
    if (Date.now() - started > HYDRATION_MS) throw new Failure(`The benchmark page did not become ready within ${HYDRATION_MS / 1000} s.`);
    await page.waitForTimeout(250);
  }
  if (handPhoto) {
    log(`hand photo: ${handPhoto}`);
    await page.getByLabel('Hand photo').setInputFiles(handPhoto);
    await page.getByTestId('bench-hand-photo').getByText(basename(handPhoto)).waitFor({ timeout: HYDRATION_MS });
  }
  await runButton.click();
  const status = page.getByTestId('bench-status');
  let state = '';
  let shown = '';
  while (!FINISHED.includes(state)) {
    if (Date.now() - started > BENCH_TIMEOUT_MS) {
      throw new Failure(`The benchmark page did not finish within ${BENCH_TIMEOUT_MS / 60_000} minutes (last step: ${shown || 'none'}).`);
    }
    await page.waitForTimeout(500);
    state = (await status.getAttribute('data-state')) ?? '';
    // One line per phase: the page's "(12 of 30)" / "(epoch 3 of 40)" counters would flood the terminal.
    const text = ((await status.textContent()) ?? '').trim().replace(/ \((?:epoch )?\d+ of \d+\)(?=…$)/, '');
    if (text !== shown && state === 'running') log(text);
    shown = text;
  }
  if (state !== 'done') {
    const alert = await page.getByRole('alert').allTextContents();
    const reason = alert[0] ?? pageErrors[0] ?? shown;
    throw new Failure(`The benchmark page could not finish: ${reason}`);
  }

  clearInterval(sampler);
  load.push(loadavg()[0]);
  const result = JSON.parse((await page.getByTestId('bench-result').textContent()) ?? '');
  const report = (await page.getByTestId('bench-report').textContent()) ?? '';
  const loadRange = `${Math.min(...load).toFixed(1)} to ${Math.max(...load).toFixed(1)}`;
  process.stdout.write(
    `${report}\n\n(measured in ${Math.round((Date.now() - started) / 1000)} s in headless Chromium; load average ${loadRange} on ${availableParallelism()} cores meanwhile)\n`,
  );

  /** @type {{ backend: string, status: string, tensorsBefore?: number, tensorsAfter?: number }[]} */
  const backends = result.backends;
  const leaks = backends.filter((b) => b.status === 'measured' && b.tensorsAfter !== b.tensorsBefore);
  if (leaks.length > 0) {
    const list = leaks.map((b) => `${b.backend} (${b.tensorsBefore} → ${b.tensorsAfter})`).join(', ');
    throw new Failure(`Tensors leaked during the benchmark on ${list}; the live loop or training does not free everything it creates.`);
  }
}

await runScript(main, { log, task: 'The benchmark' });
