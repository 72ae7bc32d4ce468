// Puts everything the app loads at runtime under public/, so it is served from the app's own origin
// (the CSP forbids every other one): the MobileNet weights, the TF.js WASM backend (its binaries and
// prebuilt bundle), the MediaPipe WASM runtime and the HandLandmarker models, built here from
// @mediapipe/hands since no npm package ships a `.task`. Runs as npm's postinstall; `--check` only
// verifies the models (npm start).
// Every failure is one sentence on stderr and exit code 1: inside npm install's output a stack
// trace would hide what is wrong and what to do about it.
import { statSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { officialUrl, parseChecksums, sha256, verifyFolder } from './assets.mjs';
import { handLandmarkerTask, packedAssetRanges } from './hand-model.mjs';

const PROJECT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MODELS = join(PROJECT, 'public/models');
// A checkout next to (or containing) the shared data folder needs no network.
const LOCAL_SOURCES = [join(PROJECT, '../shared/models'), join(PROJECT, 'shared/models')];
const DOWNLOADS_AT_ONCE = 8;
// The HandLandmarker bundles, each from a landmark model and a palm detector of @mediapipe/hands:
// the full pair is the default, the lite pair is about half the size and faster on weak devices.
const HAND_TASKS = [
  { task: 'hand_landmarker.task', landmarks: 'hand_landmark_full.tflite', detector: 'palm_detection_full.tflite' },
  { task: 'hand_landmarker_lite.task', landmarks: 'hand_landmark_lite.tflite', detector: 'palm_detection_lite.tflite' },
];

/** An expected failure whose message is the one sentence shown to the user. */
class Failure extends Error {}

const rel = (/** @type {string} */ path) => relative(PROJECT, path);

async function readChecksums() {
  try {
    return parseChecksums(await readFile(join(PROJECT, 'scripts/models.sha256'), 'utf8'));
  } catch (err) {
    throw new Failure(
      `Gesture Studio: scripts/models.sha256 is missing or malformed (${/** @type {Error} */ (err).message}); restore it from git, then run npm install again.`,
    );
  }
}

/**
 * @param {import('./assets.mjs').Problem[]} problems
 * @param {number} total how many files the list has
 */
function describeProblems(problems, total) {
  if (problems.length === total && problems.every((p) => p.problem === 'missing')) {
    return 'Gesture Studio: the MobileNet model files are not in public/models yet; run npm install to put them there.';
  }
  const [{ path, problem }] = problems;
  const what = problem === 'missing' ? 'is missing' : 'does not match its checksum';
  const others = problems.length - 1;
  const more = others > 0 ? ` (and ${others} more model ${others === 1 ? 'file is' : 'files are'} missing or corrupt)` : '';
  return `Gesture Studio: the MobileNet model file public/models/${path} ${what}${more}; run npm install again to restore the models.`;
}

/**
 * Where missing model files come from: its name, a function that loads one listed file's bytes,
 * and the sentence for a file from it that does not match its checksum.
 * @returns {{ from: string, load: (path: string) => Promise<Buffer>, corrupt: (path: string) => string }}
 */
function modelSource() {
  const local = LOCAL_SOURCES.find((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory());
  if (local) {
    return {
      from: rel(local),
      corrupt: (path) =>
        `Gesture Studio: the MobileNet model file ${path} in ${rel(local)} does not match its checksum in scripts/models.sha256; replace ${rel(local)} with an intact copy, then run npm install again.`,
      load: (path) =>
        readFile(join(local, path)).catch(() => {
          throw new Failure(
            `Gesture Studio: the shared models folder ${rel(local)} has no readable file ${path}; restore the complete shared models folder, then run npm install again.`,
          );
        }),
    };
  }
  const cannotDownload = (/** @type {string} */ reason) =>
    new Failure(
      `Gesture Studio: could not find ../shared/models and could not download the MobileNet weights from Google's storage (${reason}); connect to the internet or place the models folder beside the project, then run npm install again.`,
    );
  return {
    from: "Google's storage",
    corrupt: (path) =>
      `Gesture Studio: the MobileNet model file ${path} downloaded from Google's storage does not match its checksum in scripts/models.sha256; run npm install again, and if it keeps failing place a verified models folder beside the project.`,
    load: async (path) => {
      const url = officialUrl(path);
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
        if (!response.ok) throw cannotDownload(`HTTP ${response.status} for ${url}`);
        return Buffer.from(await response.arrayBuffer());
      } catch (err) {
        if (err instanceof Failure) throw err;
        // fetch reports "fetch failed"; the useful part (e.g. ENOTFOUND) is in its cause.
        const cause = /** @type {{ cause?: Error } & Error} */ (err);
        throw cannotDownload(`network error: ${cause.cause?.message ?? cause.message}`);
      }
    },
  };
}

/**
 * Fetches the files that failed verification, checking each before it is written so a bad copy
 * never lands in public/models. Returns where they came from.
 * @param {import('./assets.mjs').Problem[]} problems
 * @param {import('./assets.mjs').Entry[]} entries
 */
async function restoreModels(problems, entries) {
  const expected = new Map(entries.map((entry) => [entry.path, entry.sha256]));
  const { from, load, corrupt } = modelSource();
  const queue = problems.map((problem) => problem.path);
  const worker = async () => {
    while (queue.length > 0) {
      const path = /** @type {string} */ (queue.shift());
      const data = await load(path);
      if (sha256(data) !== expected.get(path)) throw new Failure(corrupt(path));
      await mkdir(dirname(join(MODELS, path)), { recursive: true });
      await writeFile(join(MODELS, path), data);
    }
  };
  await Promise.all(Array.from({ length: DOWNLOADS_AT_ONCE }, worker));
  return from;
}

/**
 * Copies the matching files of a package folder into public/, writing only those that changed
 * (rewriting unchanged files would wake up `next dev`'s file watcher for nothing).
 * @param {string} from
 * @param {string} to
 * @param {(name: string) => boolean} wanted
 */
async function copyRuntime(from, to, wanted) {
  const names = (await readdir(from, { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isFile() && wanted(entry.name))
    .map((entry) => entry.name);
  if (names.length === 0) {
    throw new Failure(`Gesture Studio: found no WASM runtime files in ${rel(from)}; run npm install so that package is installed, then try again.`);
  }
  await mkdir(to, { recursive: true });
  for (const name of names) {
    const data = await readFile(join(from, name));
    const current = await readFile(join(to, name)).catch(() => null);
    if (!current?.equals(data)) await writeFile(join(to, name), data);
  }
}

/**
 * Builds the HandLandmarker bundles into public/models from @mediapipe/hands, writing only those
 * that changed. The palm detectors are not loose files there: they sit in its packed assets file at
 * the byte ranges its loader script lists.
 */
async function buildHandTasks() {
  const hands = join(PROJECT, 'node_modules/@mediapipe/hands');
  const read = (/** @type {string} */ name) =>
    readFile(join(hands, name)).catch(() => {
      throw new Failure(`Gesture Studio: ${rel(hands)} has no readable ${name}; run npm install so that package is installed, then try again.`);
    });
  const loader = (await read('hands_solution_packed_assets_loader.js')).toString('utf8');
  const packed = await read('hands_solution_packed_assets.data');
  /** @type {Map<string, { start: number, end: number }>} */
  let ranges;
  try {
    ranges = packedAssetRanges(loader);
  } catch (err) {
    throw new Failure(
      `Gesture Studio: could not read where @mediapipe/hands packs its palm detectors (${/** @type {Error} */ (err).message}); run npm install again to reinstall that package.`,
    );
  }
  await mkdir(MODELS, { recursive: true });
  for (const { task, landmarks, detector } of HAND_TASKS) {
    const range = ranges.get(detector);
    if (!range || range.start >= range.end || range.end > packed.length) {
      throw new Failure(`Gesture Studio: @mediapipe/hands does not hold ${detector} where its loader script says; run npm install again to reinstall that package.`);
    }
    let data;
    try {
      data = handLandmarkerTask({ detector: packed.subarray(range.start, range.end), landmarks: await read(landmarks) });
    } catch (err) {
      if (err instanceof Failure) throw err;
      throw new Failure(
        `Gesture Studio: could not build public/models/${task} from @mediapipe/hands (${/** @type {Error} */ (err).message}); run npm install again to reinstall that package.`,
      );
    }
    const current = await readFile(join(MODELS, task)).catch(() => null);
    if (!current?.equals(data)) await writeFile(join(MODELS, task), data);
  }
}

async function main() {
  const entries = await readChecksums();
  const problems = await verifyFolder(MODELS, entries);

  if (process.argv.includes('--check')) {
    if (problems.length > 0) throw new Failure(describeProblems(problems, entries.length));
    const missing = HAND_TASKS.find(({ task }) => !statSync(join(MODELS, task), { throwIfNoEntry: false })?.isFile());
    if (missing) {
      throw new Failure(`Gesture Studio: the hand model public/models/${missing.task} is missing; run npm install to build it from @mediapipe/hands.`);
    }
    console.log(`Gesture Studio: models verified (${entries.length} files, ${HAND_TASKS.length} hand models).`);
    return;
  }

  const restored = problems.length > 0 ? `, ${problems.length} fetched from ${await restoreModels(problems, entries)}` : '';
  const modules = join(PROJECT, 'node_modules');
  // The binaries, and the backend's prebuilt bundle that the engine's thread loads itself
  // (lib/tf/wasm-backend.ts): bundled by the app, its threaded build's workers would break.
  const isWasmRuntime = (/** @type {string} */ name) => name.endsWith('.wasm') || name === 'tf-backend-wasm.es2017.min.js';
  await copyRuntime(join(modules, '@tensorflow/tfjs-backend-wasm/dist'), join(PROJECT, 'public/tfjs-wasm'), isWasmRuntime);
  // MediaPipe's loader fetches its .js glue next to the .wasm, so the whole folder is needed.
  await copyRuntime(join(modules, '@mediapipe/tasks-vision/wasm'), join(PROJECT, 'public/mediapipe-wasm'), () => true);
  await buildHandTasks();
  console.log(`Gesture Studio: models verified (${entries.length} files${restored}), WASM runtimes copied, hand models built.`);
}

main().catch((err) => {
  const sentence =
    err instanceof Failure
      ? err.message
      : `Gesture Studio: preparing the app's assets failed (${String(err?.message ?? err).replace(/\s+/g, ' ')}); check disk space and permissions under public/, then run npm install again.`;
  console.error(sentence);
  process.exit(1);
});
