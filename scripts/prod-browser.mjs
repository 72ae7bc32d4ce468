// What `npm run bench` and `npm run ablation` share: a fresh production build served by `next start`
// on a free port, opened in headless Debian Chromium, and everything stopped again on exit, on
// Ctrl-C and on failure. A script holds one server and one browser at a time.
// Failure convention: an expected failure is a `Failure` whose message is one sentence for the
// person running the script; `runScript` prints it to stderr and exits with code 1.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const PROJECT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NEXT_BIN = join(PROJECT, 'node_modules/next/dist/bin/next');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update'];
const FIRST_PORT = 3200;
const SERVER_START_MS = 60_000;

/** An expected failure whose message is the one sentence shown to the user. */
export class Failure extends Error {}

/** @typedef {(line: string) => void} Log */

/** Progress lines on stderr, prefixed with the script's name (stdout is kept for the report). */
export function createLog(/** @type {string} */ name) {
  return /** @type {Log} */ ((line) => process.stderr.write(`${name}: ${line}\n`));
}

/** @type {import('node:child_process').ChildProcess | null} */
let server = null;
/** @type {import('playwright-core').Browser | null} */
let browser = null;

/**
 * Builds, serves and opens the app: `next build`, `next start` on the first free port from 3200
 * (waiting until `readyPath` answers), then Chromium. `command` is how the person reruns the script,
 * named in failure sentences. Resolves to the server's origin and the browser, which `stopEverything`
 * (or `runScript`) closes.
 * @param {{ log: Log, command: string, readyPath: string, chromiumArgs?: readonly string[] }} options
 */
export async function openProductionBrowser({ log, command, readyPath, chromiumArgs = [] }) {
  await buildApp({ log, command });
  const port = await freePort(FIRST_PORT, { command });
  const serverLog = startServer(port);
  const origin = `http://127.0.0.1:${port}`;
  await waitForServer(`${origin}${readyPath}`, serverLog);
  log(`serving the production build on ${origin}`);
  return { origin, browser: await launchChromium(chromiumArgs) };
}

/**
 * Always builds: results must describe the code as it is now, never an older build.
 * @param {{ log: Log, command: string }} options
 */
export async function buildApp({ log, command }) {
  log('running next build');
  const code = await new Promise((resolve) => {
    const build = spawn(process.execPath, [NEXT_BIN, 'build'], { cwd: PROJECT, stdio: ['ignore', process.stderr, process.stderr] });
    build.on('exit', resolve);
    build.on('error', () => resolve(-1));
  });
  if (code !== 0) throw new Failure(`next build failed (its errors are above); fix them, then run ${command} again.`);
}

/**
 * The first port from `first` that nothing is listening on.
 * @param {number} first
 * @param {{ command: string }} options
 */
export async function freePort(first, { command }) {
  for (let port = first; port < first + 50; port += 1) {
    const free = await new Promise((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Failure(`Ports ${first} to ${first + 49} are all in use; stop a server using one of them, then run ${command} again.`);
}

/**
 * Starts `next start` in its own process group (so stopping it stops its workers too); returns its
 * output so far (the last 4,000 characters, kept up to date).
 * @param {number} port
 */
export function startServer(port) {
  const output = { text: '' };
  server = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port)], { cwd: PROJECT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (/** @type {Buffer} */ chunk) => {
    output.text = (output.text + chunk.toString()).slice(-4000);
  };
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  return output;
}

/**
 * Waits until `url` answers 200, failing early when the server exits.
 * @param {string} url
 * @param {{ text: string }} serverLog what `startServer` returned
 */
export async function waitForServer(url, serverLog) {
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

/**
 * Headless Debian Chromium (`CHROMIUM_PATH` or /usr/bin/chromium), with SwiftShader so WebGL exists.
 * @param {readonly string[]} extraArgs e.g. the fake-camera flags
 */
export async function launchChromium(extraArgs = []) {
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
  } catch (error) {
    throw new Failure(`Could not start Chromium at ${CHROMIUM} (${firstLine(error)}); install it or set CHROMIUM_PATH to a Chromium binary.`);
  }
  return browser;
}

/**
 * Stops the server's whole process group (SIGTERM, then SIGKILL after 5 s) and closes the browser.
 * The server is signalled first and synchronously: if this process is killed while the browser closes
 * (tsx SIGKILLs a child that is slow to acknowledge Ctrl-C), the server is not left running.
 */
export async function stopEverything() {
  const child = server;
  server = null;
  const open = browser;
  browser = null;
  const exited = child?.pid && child.exitCode === null ? stopProcessGroup(child) : Promise.resolve();
  await open?.close().catch(() => {});
  await exited;
}

/** @param {import('node:child_process').ChildProcess} child a process group leader (spawned detached) */
async function stopProcessGroup(child) {
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

/** @param {unknown} error */
export function firstLine(error) {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/**
 * Runs a script's `main` and always stops the server and browser afterwards, also on SIGINT/SIGTERM
 * (exit code 130). A `Failure` is printed as its sentence, anything else as "<task> failed
 * unexpectedly: <first line>"; both exit with code 1.
 * @param {() => Promise<void>} main
 * @param {{ log: Log, task: string }} options
 */
export async function runScript(main, { log, task }) {
  let stopping = false;
  // Kept (not `once`) so a second signal while stopping is ignored instead of killing this process
  // before the server is stopped (tsx relays a signal to its child again unless the child acknowledged
  // it within 30 ms).
  const stop = () => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    stopEverything().finally(() => process.exit(130));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await main();
    await stopEverything();
  } catch (error) {
    // Closing the browser on Ctrl-C makes main's next page call throw: that is no failure to report,
    // and the signal handler exits with 130 once everything has stopped.
    if (stopping) return;
    await stopEverything();
    process.stderr.write(`${error instanceof Failure ? error.message : `${task} failed unexpectedly: ${firstLine(error)}`}\n`);
    process.exit(1);
  }
}
