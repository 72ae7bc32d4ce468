// `npm run bench:responsive`: how responsive the studio stays while its ML works, with all of it on
// the page's main thread (`/?engine=main`) and with it in a Web Worker (`/?engine=worker`), both in one
// run so the two columns are measured on the same build, browser and machine load.
//
// For each engine, in a fresh browser context (fresh IndexedDB) of one headless Chromium whose fake
// camera plays the sign-digit photos of 0, 2 and 5 (e2e/support/camera-videos.ts), with the app's
// defaults (fused hand mode, automatic backend), it goes through four phases:
//   idle      the studio loaded, camera off, for IDLE_MS
//   camera    camera on, nothing trained (the hand tracker runs), for CAMERA_MS
//             then, not measured: PER_CLASS photos of each digit imported through "Import dataset
//             folder", until Train is enabled (augmented views ready) and the project saved
//   training  from pressing Train until the model is trained (camera still on)
//   trained   camera on, the CAMERA_MS after training finished (live classification)
// and measures, with code injected by page.addInitScript before any of the app runs:
//   - main thread blocked: the total duration of the 'longtask' entries (tasks over 50 ms on the
//     page's main thread, from a PerformanceObserver) inside the phase, over the phase's wall time;
//   - task → paint: every TICK_MS a timer queues a task, timed from the moment the timer was due until
//     the frame after that task is painted (see installProbe); p50 / p95 / max over the phase;
//   - live frames/s: the increase of the live loop's frame counter (the prediction panel's
//     `frame-count` readout, read every tick) over the phase, per second.
// Then it prints both engines side by side, the frames/s ratio worker ÷ main, and whether each target
// is met. ENGINES=worker (or --engines=worker) runs one engine only, for quick iteration. A page that
// ignores `engine` runs the same engine in both columns. About 4 minutes with the build, on 2 cores.
// Progress goes to stderr and the table to stdout. Every failure, an uncaught error in the page or
// one of its workers included, is one sentence on stderr and exit code 1.
import { rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { require as tsRequire } from 'tsx/cjs/api';
import { createLog, Failure, firstLine, openProductionBrowser, runScript } from './prod-browser.mjs';

const COMMAND = 'npm run bench:responsive';
const ALL_ENGINES = ['main', 'worker'];

const IDLE_MS = 8_000;
const CAMERA_MS = 12_000;
const TICK_MS = 100;
/** Photos imported per digit before training: 300 samples over 3 classes. */
const PER_CLASS = 100;
const DIGITS = ['0', '2', '5'];
const SPLIT_SEED = 7;
const LOAD_TIMEOUT_MS = 120_000;
const IMPORT_TIMEOUT_MS = 5 * 60_000;
const TRAIN_TIMEOUT_MS = 5 * 60_000;

const TARGETS = { blockedCameraOn: 10, blockedTraining: 15, paintP95Ms: 50, paintMaxMs: 100, fpsRatio: 1 };

const log = createLog('bench:responsive');

/** The engines to run, from --engines=a,b or ENGINES=a,b (default both), in a fixed order. */
function chosenEngines() {
  const flag = process.argv.slice(2).find((arg) => arg.startsWith('--engines='));
  const raw = flag ? flag.slice('--engines='.length) : (process.env.ENGINES ?? ALL_ENGINES.join(','));
  const asked = raw.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = asked.filter((name) => !ALL_ENGINES.includes(name));
  if (asked.length === 0 || unknown.length > 0) {
    throw new Failure(`ENGINES must list main and/or worker, comma-separated (got "${raw}").`);
  }
  return ALL_ENGINES.filter((name) => asked.includes(name));
}

/**
 * Runs in the page before the app (page.addInitScript) and keeps everything in `window.__responsive`;
 * times are the page's performance.now(). Plain JavaScript: Playwright sends its source as it is.
 * @param {{ tickMs: number }} options
 */
function installProbe({ tickMs }) {
  const probe = {
    /** [startTime, duration] of every long task (over 50 ms) on this thread. */
    longTasks: [],
    /** [due, ms from due to painted] of every tick. */
    paints: [],
    /** [time, frame-count readout] at every tick. */
    frames: [],
    /** [time, train-status data-state] whenever it changed. */
    trainStates: [],
    /** Script URL of every Worker the page started, and the uncaught errors they reported. */
    workers: [],
    workerErrors: [],
    now: () => performance.now(),
  };
  window.__responsive = probe;

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });

  // An uncaught error inside a worker reaches the page only as an 'error' event on its Worker object.
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      probe.workers.push(String(url));
      this.addEventListener('error', (event) => probe.workerErrors.push(`${event.message || 'the worker script could not run'} (${String(url)})`));
    }
  };

  // Task → paint, the way an input event meets a busy page. Every tickMs a timer is due: that is when
  // its task is queued, and when an input arriving then would be. When the timer runs (late if the
  // thread was blocked; a block longer than tickMs covers several due times, each counted) it queues
  // the measured task through a MessageChannel, as a click handler's work would be; that task asks for
  // an animation frame; requestAnimationFrame's callback runs just before the frame is rendered, and
  // a message posted from it is handled in the first task after that frame's style, layout and paint,
  // so its time is when the frame was painted (the usual stand-in for a paint event: requestAnimation-
  // Frame then a message, as polyfills of the proposed requestPostAnimationFrame do). Timing from the
  // due time, not from when the timer ran, keeps in exactly the stalls this is meant to show.
  const task = new MessageChannel();
  const painted = new MessageChannel();
  task.port2.onmessage = ({ data }) => requestAnimationFrame(() => painted.port1.postMessage(data));
  painted.port2.onmessage = ({ data }) => {
    const at = performance.now();
    for (const due of data) probe.paints.push([due, at - due]);
  };
  let lastTrainState = null;
  const read = (id) => document.querySelector(`[data-testid="${id}"]`);
  let due = performance.now() + tickMs;
  const tick = () => {
    const now = performance.now();
    const dues = [];
    while (due <= now) {
      dues.push(due);
      due += tickMs;
    }
    task.port1.postMessage(dues);
    const frames = Number(read('frame-count')?.textContent ?? 0);
    probe.frames.push([now, Number.isFinite(frames) ? frames : 0]);
    const trainState = read('train-status')?.getAttribute('data-state') ?? null;
    if (trainState !== lastTrainState) probe.trainStates.push([now, trainState]);
    lastTrainState = trainState;
    setTimeout(tick, due - now);
  };
  setTimeout(tick, tickMs);
}

/** Polls `check` every 250 ms until it resolves true; fails with `what` and the time waited. */
async function waitUntil(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Failure(`${what} within ${timeoutMs / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Nearest-rank percentile of sorted numbers. */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * One phase's figures from the probe's records, for the window [start, end] (page time, ms).
 * @param {{ longTasks: number[][], paints: number[][], frames: number[][] }} records
 */
function phaseFigures(records, start, end) {
  const wall = end - start;
  let blocked = 0;
  for (const [at, duration] of records.longTasks) blocked += Math.max(0, Math.min(end, at + duration) - Math.max(start, at));
  const paints = records.paints.filter(([due]) => due >= start && due < end).map(([, ms]) => ms).sort((a, b) => a - b);
  // The counter restarts from 0 when the live loop does (camera or backbone changed): a drop adds the new value.
  const frames = records.frames.filter(([at]) => at >= start && at <= end);
  let processed = 0;
  for (let i = 1; i < frames.length; i += 1) {
    const [before, now] = [frames[i - 1][1], frames[i][1]];
    processed += now >= before ? now - before : now;
  }
  const sampled = frames.length > 1 ? frames[frames.length - 1][0] - frames[0][0] : 0;
  return {
    wallMs: wall,
    blockedShare: (100 * blocked) / wall,
    paint: paints.length > 0 ? { p50: percentile(paints, 50), p95: percentile(paints, 95), max: paints[paints.length - 1], count: paints.length } : null,
    fps: sampled > 0 ? (1000 * processed) / sampled : null,
    frames: processed,
  };
}

const PHASES = [
  { key: 'idle', label: 'idle, camera off' },
  { key: 'camera', label: 'camera on, untrained' },
  { key: 'training', label: 'training' },
  { key: 'trained', label: 'camera on, trained' },
];

/**
 * Loads the inputs both engines share: the fake-camera video of the gestures and a folder of
 * PER_CLASS photos of each digit (built by the e2e helpers, which are TypeScript).
 */
function prepareInputs() {
  // Required as CommonJS through tsx: sign-digits.ts finds the photos from its own __dirname.
  const digits = tsRequire('../e2e/support/sign-digits.ts', import.meta.url);
  if (!digits.hasSignDigits()) throw new Failure(`${COMMAND} needs the real hand photos, but ${digits.SKIP_REASON}.`);
  const videos = tsRequire('../e2e/support/camera-videos.ts', import.meta.url);
  log('writing the fake-camera video of the gestures 0, 2 and 5');
  const video = videos.buildGestureVideo();
  const split = digits.makeSplit({ holdoutPerClass: 0, trainPerClass: PER_CLASS, classes: DIGITS, seed: SPLIT_SEED });
  return { cameraArgs: videos.fakeCameraArgs(video), importDir: split.trainDir, tempRoot: split.root };
}

/**
 * The whole sequence for one engine in a fresh context; resolves to its figures per phase. Any
 * failure names the engine and the step; an uncaught error in the page is reported before anything
 * it may have caused (a control that never became ready).
 * @param {import('playwright-core').Browser} browser
 * @param {{ origin: string, engine: string, importDir: string }} options
 */
async function measureEngine(browser, { origin, engine, importDir }) {
  // No service worker: its offline precache (~50 MB) would fill in the background while this measures.
  const context = await browser.newContext({ baseURL: origin, viewport: { width: 1400, height: 1000 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  /** @type {string[]} */
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message.split('\n')[0]));
  page.on('crash', () => pageErrors.push('the page crashed'));
  await page.addInitScript(installProbe, { tickMs: TICK_MS });
  let step = 'loading the studio';
  const uncaught = async () => pageErrors[0] ?? (await page.evaluate(() => window.__responsive.workerErrors[0]).catch(() => undefined));
  const checkErrors = async () => {
    const error = await uncaught();
    if (error) throw new Failure(`With engine=${engine}, the page had an uncaught error while ${step}: ${error}`);
  };
  try {
    return await runSequence(page, engine, importDir, {
      step: async (next) => {
        await checkErrors();
        step = next;
      },
    });
  } catch (error) {
    await checkErrors();
    if (error instanceof Failure) throw error;
    throw new Failure(`With engine=${engine}, the benchmark got stuck while ${step}: ${firstLine(error)}`);
  } finally {
    await context.close();
  }
}

/**
 * Drives the studio through the phases; `step` is told what comes next (after checking for errors).
 * @param {import('playwright-core').Page} page
 * @param {string} engine
 * @param {string} importDir
 * @param {{ step: (what: string) => Promise<void> }} progress
 */
async function runSequence(page, engine, importDir, { step }) {
  const now = () => page.evaluate(() => window.__responsive.now());
  /** Page-time windows of the phases. @type {Record<string, [number, number]>} */
  const windows = {};
  const measureFor = async (key, ms) => {
    const start = await now();
    await page.waitForTimeout(ms);
    windows[key] = [start, await now()];
  };

  // Other work on the machine moves every figure: the load when the engine's run starts says how much.
  const load = loadavg()[0];
  log(`${engine}: opening /?engine=${engine}`);
  await page.goto(`/?engine=${engine}`);
  await page.getByTestId('model-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: LOAD_TIMEOUT_MS });
  await page.getByTestId('hand-model-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: LOAD_TIMEOUT_MS });
  // The header says where the ML runs: a worker that fell back to the page would compare one engine with itself.
  const runsIn = await page.getByTestId('engine').getAttribute('data-kind');
  if (runsIn !== engine) throw new Failure(`With engine=${engine} the studio runs its ML in "${runsIn}" (its header's title says why); the comparison needs both.`);
  const mode = await page.getByRole('combobox', { name: 'Input mode' }).inputValue();
  if (mode !== 'fused') throw new Failure(`With engine=${engine} the studio opened in input mode "${mode}", not the default fused hand mode.`);

  await step('idle');
  log(`${engine}: idle for ${IDLE_MS / 1000} s`);
  await measureFor('idle', IDLE_MS);

  await step('starting the camera');
  await page.getByRole('button', { name: 'Start camera' }).click();
  await page.getByRole('button', { name: 'Stop camera' }).waitFor({ timeout: LOAD_TIMEOUT_MS });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="frame-count"]')?.textContent) > 0, null, { timeout: LOAD_TIMEOUT_MS });
  await step('the camera was on, untrained');
  log(`${engine}: camera on, untrained, for ${CAMERA_MS / 1000} s`);
  await measureFor('camera', CAMERA_MS);

  await step('importing the photos');
  log(`${engine}: importing ${PER_CLASS} photos each of ${DIGITS.join(', ')}`);
  await page.getByLabel('Import dataset folder').setInputFiles(importDir);
  await page.getByTestId('notice').getByText(/^Added /).waitFor({ timeout: IMPORT_TIMEOUT_MS });
  const counts = [];
  for (const digit of DIGITS) {
    const text = await page.getByRole('region', { name: `Class ${digit}`, exact: true }).getByTestId('sample-count').textContent();
    counts.push(Number.parseInt(text ?? '', 10));
  }
  const train = page.getByRole('button', { name: 'Train', exact: true });
  // Train waits for the augmented views of every sample; then the autosave is let finish.
  await waitUntil(() => train.isEnabled(), IMPORT_TIMEOUT_MS, `With engine=${engine}, Train did not become enabled after the import`);
  await page.getByTestId('save-status').and(page.locator('[data-state="saved"]')).waitFor({ timeout: IMPORT_TIMEOUT_MS });

  await step('training');
  log(`${engine}: training on ${counts.join(' + ')} samples`);
  const trainStart = await now();
  await train.click();
  await page.getByTestId('train-status').and(page.locator('[data-state="trained"]')).waitFor({ timeout: TRAIN_TIMEOUT_MS });
  // When the probe saw the model trained (page time), not when this poll noticed it.
  const states = await page.evaluate(() => window.__responsive.trainStates);
  const trainedAt = states.findLast(([at, state]) => at > trainStart && state === 'trained')?.[0] ?? (await now());
  windows.training = [trainStart, trainedAt];

  await step('the camera was on, trained');
  log(`${engine}: trained in ${seconds(trainedAt - trainStart)}; camera on, trained, for ${CAMERA_MS / 1000} s`);
  await page.waitForTimeout(Math.max(0, trainedAt + CAMERA_MS - (await now())));
  windows.trained = [trainedAt, await now()];
  await step('reading the figures');

  const records = await page.evaluate(() => {
    const { longTasks, paints, frames, workers } = window.__responsive;
    return { longTasks, paints, frames, workers };
  });
  const backend = (await page.getByTestId('backend').getAttribute('data-backend')) || 'unknown';
  const phases = Object.fromEntries(PHASES.map(({ key }) => [key, phaseFigures(records, ...windows[key])]));
  return { engine, phases, backend, counts, load, workers: records.workers };
}

const pct = (value) => `${value.toFixed(1)}%`;
const ms = (value) => Math.round(value).toString();
const seconds = (value) => `${(value / 1000).toFixed(1)} s`;

/** @param {ReturnType<typeof phaseFigures>} figures */
const paintCell = (figures) => (figures.paint ? `${ms(figures.paint.p50)} / ${ms(figures.paint.p95)} / ${ms(figures.paint.max)} ms` : '—');
const fpsCell = (figures, key) => (key === 'idle' || figures.fps === null ? '—' : figures.fps.toFixed(1));

/** Frames/s worker ÷ main in a camera phase, or null when either engine did not run or saw no frames. */
function fpsRatio(results, key) {
  const main = results.find((r) => r.engine === 'main')?.phases[key].fps;
  const worker = results.find((r) => r.engine === 'worker')?.phases[key].fps;
  return key !== 'idle' && main && worker !== undefined && worker !== null ? worker / main : null;
}

function report(results) {
  const engines = results.map((r) => r.engine);
  const byEngine = (title) => engines.map((engine) => `${title}, ${engine}`);
  const header = ['phase (wall time)', ...byEngine('main thread blocked'), ...byEngine('task → paint p50 / p95 / max'), ...byEngine('live frames/s')];
  const both = engines.length === ALL_ENGINES.length;
  if (both) header.push('live frames/s worker ÷ main');
  const rows = PHASES.map(({ key, label }) => {
    const walls = results.map((r) => seconds(r.phases[key].wallMs));
    const title = `${label} (${new Set(walls).size === 1 ? walls[0] : results.map((r, i) => `${r.engine} ${walls[i]}`).join(', ')})`;
    const row = [title, ...results.map((r) => pct(r.phases[key].blockedShare)), ...results.map((r) => paintCell(r.phases[key])), ...results.map((r) => fpsCell(r.phases[key], key))];
    if (both) {
      const ratio = fpsRatio(results, key);
      row.push(ratio === null ? '—' : ratio.toFixed(2));
    }
    return row;
  });
  const lines = [
    `Responsiveness: main = /?engine=main (ML on the page's main thread), worker = /?engine=worker (ML in a Web Worker); fused hand mode, automatic backend, fake camera playing sign-digit photos of ${DIGITS.join(', ')}, ${PER_CLASS} photos of each imported before training`,
    '',
    `| ${header.join(' | ')} |`,
    `| --- |${' ---: |'.repeat(header.length - 1)}`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    ...results.map((r) => {
      const scripts = [...new Set(r.workers.map((url) => url.split('/').pop()?.split(/[?#]/)[0] || url))];
      const started = `${r.workers.length}${scripts.length > 0 ? ` (${scripts.join(', ')})` : ''}`;
      return `${r.engine}: backend ${r.backend}; ${r.counts.join(' + ')} samples imported; ${r.phases.trained.frames} frames in the trained phase; workers the page started: ${started}; machine load (1 min) at the start: ${r.load.toFixed(2)} on ${availableParallelism()} cores`;
    }),
    '',
    'Targets:',
    ...targetLines(results),
    `(task → paint: from when a ${TICK_MS} ms timer was due until the frame after its task was painted; blocked: long tasks (over 50 ms) ÷ wall time)`,
  ];
  return `${lines.join('\n')}\n`;
}

function targetLines(results) {
  const verdict = (ok) => (ok ? 'met' : 'missed');
  const perEngine = (check) => results.map((r) => `${r.engine} ${check(r)}`).join(', ');
  const cameraOn = ['camera', 'trained'];
  const lines = [
    `  main thread blocked ≤ ${TARGETS.blockedCameraOn}% with the camera on: ${perEngine((r) => {
      const worst = Math.max(...cameraOn.map((key) => r.phases[key].blockedShare));
      return `${verdict(worst <= TARGETS.blockedCameraOn)} (worst ${pct(worst)})`;
    })}`,
    `  main thread blocked ≤ ${TARGETS.blockedTraining}% while training: ${perEngine((r) => {
      const share = r.phases.training.blockedShare;
      return `${verdict(share <= TARGETS.blockedTraining)} (${pct(share)})`;
    })}`,
  ];
  for (const [name, limit, field] of [
    ['p95', TARGETS.paintP95Ms, 'p95'],
    ['max', TARGETS.paintMaxMs, 'max'],
  ]) {
    lines.push(
      `  task → paint ${name} ≤ ${limit} ms in every phase: ${perEngine((r) => {
        const worst = PHASES.map(({ key, label }) => ({ label, value: r.phases[key].paint?.[field] ?? Infinity })).reduce((a, b) => (b.value > a.value ? b : a));
        return `${verdict(worst.value <= limit)} (worst ${ms(worst.value)} ms, ${worst.label})`;
      })}`,
    );
  }
  const ratios = PHASES.filter(({ key }) => key !== 'idle').map(({ key, label }) => ({ label, ratio: fpsRatio(results, key) }));
  if (ratios.some(({ ratio }) => ratio === null)) {
    lines.push(`  live frames/s worker ÷ main ≥ ${TARGETS.fpsRatio.toFixed(1)}: not measured (needs both engines in one run)`);
  } else {
    const all = ratios.every(({ ratio }) => ratio >= TARGETS.fpsRatio);
    lines.push(`  live frames/s worker ÷ main ≥ ${TARGETS.fpsRatio.toFixed(1)} with the camera on: ${verdict(all)} (${ratios.map(({ label, ratio }) => `${ratio.toFixed(2)} ${label}`).join(', ')})`);
  }
  return lines;
}

async function main() {
  const engines = chosenEngines();
  const inputs = prepareInputs();
  try {
    const { origin, browser } = await openProductionBrowser({ log, command: COMMAND, readyPath: '/', chromiumArgs: inputs.cameraArgs });
    const results = [];
    for (const engine of engines) results.push(await measureEngine(browser, { origin, engine, importDir: inputs.importDir }));
    process.stdout.write(report(results));
  } finally {
    rmSync(inputs.tempRoot, { recursive: true, force: true });
  }
}

await runScript(main, { log, task: 'The responsiveness benchmark' });
