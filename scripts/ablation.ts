// `npm run ablation`: what each transfer-learning tip adds, measured on the real sign-digit photos.
// Splits them with the same fixed seed as the e2e test (28 held-out photos per class), serves a fresh
// production build, opens /ablation in headless Chromium, gives it both folders and prints the page's
// results as a Markdown table. The page measures with the app's own code (lib/ablation).
// Progress goes to stderr and the table to stdout. Every failure is one sentence on stderr and exit
// code 1 (with the cells measured before it, if any, on stdout). Without the photos it says so and
// exits 0.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { hasSignDigits, makeSplit, SKIP_REASON, type Split } from '../e2e/support/sign-digits';

const SEED = 7;
const HOLDOUT_PER_CLASS = 28;
// The 0.75 backbone and fine-tuning on two CPU cores take most of an hour.
// ABLATION_MINUTES caps the run; the cells measured by then are still printed.
const RUN_TIMEOUT_MS = Number(process.env.ABLATION_MINUTES ?? 60) * 60_000;
// ABLATION_PART=hand compares the hand-focus input modes (MediaPipe crops and landmarks) instead of the tips;
// ABLATION_PART=recall measures the still-image hand search's recall try by try (no training);
// ABLATION_PART=robust compares the old and new default fused recipes (and the new one without image dropout) on the held-out photos and a harder set made from them.
const PARTS = ['hand', 'recall', 'robust'];
const PART = PARTS.includes(process.env.ABLATION_PART ?? '') ? (process.env.ABLATION_PART as string) : 'tips';
// For the recall part: photos per class moved into the harder scenes, and hand-free scenes.
const RECALL_HARDER_PER_CLASS = process.env.RECALL_HARDER_PER_CLASS ?? '10';
const RECALL_HAND_FREE = process.env.RECALL_HAND_FREE ?? '200';
// ABLATION_ROWS=frozen,augment measures only those rows of the tips table (e.g. to re-measure cheap rows).
const ROWS = process.env.ABLATION_ROWS ?? '';
const FINISHED = ['done', 'error'];
/** What the page's table shows in a cell not measured yet. */
const PENDING = '—';

/** The parts of prod-browser.mjs used here; it is JavaScript, so its JSDoc types are restated. */
interface ProdBrowser {
  Failure: new (message: string) => Error;
  createLog(name: string): (line: string) => void;
  openProductionBrowser(options: { log: (line: string) => void; command: string; readyPath: string }): Promise<{ origin: string; browser: Browser }>;
  runScript(main: () => Promise<void>, options: { log: (line: string) => void; task: string }): Promise<void>;
}

async function ablation(prod: ProdBrowser, split: Split) {
  if (!(RUN_TIMEOUT_MS > 0)) throw new prod.Failure(`ABLATION_MINUTES must be a positive number of minutes, not "${process.env.ABLATION_MINUTES}".`);
  const log = prod.createLog('ablation');
  const { origin, browser } = await prod.openProductionBrowser({ log, command: 'npm run ablation', readyPath: '/ablation' });
  // No service worker: its offline precache (~50 MB) would fill in the background while this measures.
  const page = await browser.newPage({ serviceWorkers: 'block' });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  let crashed = false;
  page.on('crash', () => {
    crashed = true;
  });

  const recallSizes = `&harder=${encodeURIComponent(RECALL_HARDER_PER_CLASS)}&handfree=${encodeURIComponent(RECALL_HAND_FREE)}`;
  await page.goto(`${origin}/ablation?seed=${SEED}&part=${PART}&rows=${encodeURIComponent(ROWS)}${PART === 'recall' ? recallSizes : ''}`);
  const trainingInput = page.getByLabel('Training folder');
  // The inputs are disabled until React has hydrated; files set before that would be dropped.
  await waitUntil(() => trainingInput.isEnabled(), 60_000, () => new prod.Failure('The ablation page did not become ready within a minute.'));
  log(`giving the page ${split.counts.train} training and ${split.counts.holdout} held-out photos`);
  await trainingInput.setInputFiles(split.trainDir);
  await page.getByLabel('Held-out folder').setInputFiles(split.holdoutDir);
  await page.getByRole('button', { name: 'Run ablation' }).click();

  const started = Date.now();
  const status = page.getByTestId('ablation-status');
  let state = '';
  let shown = '';
  while (!FINISHED.includes(state)) {
    if (Date.now() - started > RUN_TIMEOUT_MS) {
      const partial = await readResults(page);
      if (partial.cells > 0) process.stdout.write(report(partial, split, (Date.now() - started) / 1000));
      throw new prod.Failure(`The ablation page did not finish within ${RUN_TIMEOUT_MS / 60_000} minutes (last step: ${shown || 'none'}); ${partial.cells} cells were measured.`);
    }
    try {
      await page.waitForTimeout(1000);
      state = (await status.getAttribute('data-state')) ?? '';
      const text = ((await status.textContent()) ?? '').trim();
      if (text !== shown && state === 'running') log(`[${clock(Date.now() - started)}] ${text}`);
      shown = text;
    } catch (error) {
      if (crashed) throw new prod.Failure(`The browser tab crashed during the ablation (last step: ${shown || 'none'}), most likely out of memory.`);
      throw error;
    }
  }
  const seconds = (Date.now() - started) / 1000;

  const measured = await readResults(page);
  if (measured.cells > 0) process.stdout.write(report(measured, split, seconds));
  if (state !== 'done') {
    const alert = await page.getByRole('alert').allTextContents();
    const reason = alert[0] ?? pageErrors[0] ?? shown;
    const kept = measured.cells > 0 ? ` (the ${measured.cells} cells measured before it are above)` : '';
    throw new prod.Failure(`The ablation page could not finish${kept}: ${reason}`);
  }
}

interface Measured {
  /** The page's results table as text: a header row, then one row per recipe. */
  readonly table: string[][];
  /** Cells measured so far (the table shows "—" for the others). */
  readonly cells: number;
  /** Facts the page reported beside the table. */
  readonly notes: string[];
  readonly engine: string;
}

/**
 * The page's results table as a person reads it. It is shown from the moment lib/ablation has loaded
 * (cells fill in as they are measured), so this also reads a run that was cut short.
 */
async function readResults(page: Page): Promise<Measured> {
  const tables = page.getByRole('table');
  if ((await tables.count()) === 0) return { table: [], cells: 0, notes: [], engine: '' };
  const table = await tables.evaluate((element) =>
    Array.from((element as HTMLTableElement).rows, (row) => Array.from(row.cells, (cell) => (cell.textContent ?? '').trim())),
  );
  const cells = table.slice(1).flatMap((row) => row.slice(1)).filter((text) => text !== PENDING).length;
  const engine = page.getByTestId('ablation-engine');
  const notes = await page.getByTestId('ablation-notes').getByRole('listitem').allTextContents();
  return { table, cells, notes, engine: (await engine.count()) > 0 ? ((await engine.textContent()) ?? '') : '' };
}

function report({ table, notes, engine }: Measured, split: Split, seconds: number): string {
  const [header = [], ...rows] = table;
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const intro =
    PART === 'recall'
      ? [`Hands found by the still-image search stopped after each try, on all ${split.counts.train + split.counts.holdout} sign-digit photos and the harder scenes made from them; false hands on hand-free scenes.`]
      : [
          `Held-out accuracy on ${split.counts.holdout} sign-digit photos (${HOLDOUT_PER_CLASS} per class, never trained on); training time in brackets.`,
          `"All" is the whole training folder: ${split.counts.train} photos.`,
        ];
  return [
    ...intro,
    '',
    line(header),
    line(header.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...rows.map(line),
    '',
    ...notes.map((note) => `- ${note}`),
    ...(notes.length > 0 ? [''] : []),
    (PART === 'recall'
      ? `Seed ${SEED} for the photos picked for the harder scenes and for the scenes themselves; `
      : `Seed ${SEED} for the train/held-out split (the one e2e/import-evaluate.spec.ts evaluates on), the per-class subsets and training; `) +
      `measured in ${clock(seconds * 1000)} in headless Chromium on ${engine || 'an unknown engine'}.`,
    '',
  ].join('\n');
}

/** "12:05" for 12 minutes 5 seconds. */
function clock(ms: number): string {
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, failure: () => Error) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw failure();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function main() {
  if (!hasSignDigits()) {
    process.stdout.write(`No ablation was run: ${SKIP_REASON}.\n`);
    return;
  }
  // Loaded by URL: a .mjs file has no declarations for the type checker (see ProdBrowser).
  const prod = (await import(pathToFileURL(path.join(__dirname, 'prod-browser.mjs')).href)) as ProdBrowser;
  const split = makeSplit({ holdoutPerClass: HOLDOUT_PER_CLASS, seed: SEED });
  // On every way out (finished, failed, Ctrl-C): runScript ends with process.exit on failure.
  process.once('exit', () => fs.rmSync(split.root, { recursive: true, force: true }));
  await prod.runScript(() => ablation(prod, split), { log: prod.createLog('ablation'), task: 'The ablation' });
}

void main();
