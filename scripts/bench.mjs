// `npm run bench`: serves the production build, opens /bench?auto=1 in headless Chromium, waits for the
// page's benchmark to finish and prints its report. The figures are measured by the page itself
// (lib/bench), with the app's own code, so they are what a person's browser would see.
// Progress goes to stderr and the report to stdout. Every failure is one sentence on stderr and exit
// code 1.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const PROJECT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NEXT_BIN = join(PROJECT, 'node_modules/next/dist/bin/next');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FIRST_PORT = 3200;
const SERVER_START_MS = 60_000;
// WebGL on a software renderer is slow; a whole run here takes about two minutes.
const BENCH_TIMEOUT_MS = 8 * 60_000;
const FINISHED = ['done', 'error', 'cancelled'];

/** An expected failure whose message is the one sentence shown to the user. */
class Failure extends Error {}

const log = (/** @type {string} */ line) => process.stderr.write(`bench: ${line}\n`);

/** @type {import('node:child_process').ChildProcess | null} */
let server = null;
/** @type {import('playwright-core').Browser | null} */
let browser = null;

async function main() {
  await build();
  const port = await freePort(FIRST_PORT);
  const serverLog = startServer(port);
  const origin = `http://127.0.0.1:${port}`;
  await waitForServer(`${origin}/bench`, serverLog);
  log(`serving the production build on ${origin}`);

  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update'],
    });
  } catch (error) {
    throw new Failure(`Could not start Chromium at ${CHROMIUM} (${firstLine(error)}); install it or set CHROMIUM_PATH to a Chromium binary.`);
  }
  const page = await browser.newPage();
  /** @type {string[]} */
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const started = Date.now();
  await page.goto(`${origin}/bench?auto=1`);
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

  const result = JSON.parse((await page.getByTestId('bench-result').textContent()) ?? '');
  const report = (await page.getByTestId('bench-report').textContent()) ?? '';
  process.stdout.write(`${report}\n\n(measured in ${Math.round((Date.now() - started) / 1000)} s in headless Chromium)\n`);

  /** @type {{ backend: string, status: string, tensorsBefore?: number, tensorsAfter?: number }[]} */
  const backends = result.backends;
  const leaks = backends.filter((b) => b.status === 'measured' && b.tensorsAfter !== b.tensorsBefore);
  if (leaks.length > 0) {
    const list = leaks.map((b) => `${b.backend} (${b.tensorsBefore} → ${b.tensorsAfter})`).join(', ');
    throw new Failure(`Tensors leaked during the benchmark on ${list}; the live loop or training does not free everything it creates.`);
  }
}

/** Always builds: figures must describe the code as it is now, never an older build. */
async function build() {
  log('running next build');
  const code = await new Promise((resolve) => {
    const build = spawn(process.execPath, [NEXT_BIN, 'build'], { cwd: PROJECT, stdio: ['ignore', process.stderr, process.stderr] });
    build.on('exit', resolve);
    build.on('error', () => resolve(-1));
  });
  if (code !== 0) throw new Failure('next build failed (its errors are above); fix them, then run npm run bench again.');
}

/** The first port from `first` that nothing is listening on. */
async function freePort(first) {
  for (let port = first; port < first + 50; port += 1) {
    const free = await new Promise((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Failure(`Ports ${first} to ${first + 49} are all in use; stop a server using one of them, then run npm run bench again.`);
}

/** Starts `next start` in its own process group (so stopping it stops its workers too); returns its output so far. */
function startServer(port) {
  const output = { text: '' };
  server = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port)], { cwd: PROJECT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (/** @type {Buffer} */ chunk) => {
    output.text = (output.text + chunk.toString()).slice(-4000);
  };
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  return output;
}

async function waitForServer(url, serverLog) {
  const deadline = Date.now() + SERVER_START_MS;
  while (Date.now() < deadline) {
    if (server?.exitCode !== null) {
      const last = serverLog.text.trim().split('\n').at(-1) ?? '';
      throw new Failure(`next start exited with code ${server?.exitCode} before serving the page${last ? ` (${last.trim()})` : ''}.`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Failure(`next start did not serve ${url} within ${SERVER_START_MS / 1000} s.`);
}

async function stopEverything() {
  await browser?.close().catch(() => {});
  browser = null;
  const child = server;
  server = null;
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (/** @type {NodeJS.Signals} */ name) => {
    try {
      process.kill(-(/** @type {number} */ (child.pid)), name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function firstLine(error) {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

for (const name of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(name, () => {
    log('stopping');
    stopEverything().finally(() => process.exit(130));
  });
}

try {
  await main();
  await stopEverything();
} catch (error) {
  await stopEverything();
  process.stderr.write(`${error instanceof Failure ? error.message : `The benchmark failed unexpectedly: ${firstLine(error)}`}\n`);
  process.exit(1);
}
