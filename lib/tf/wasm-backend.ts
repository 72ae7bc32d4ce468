import * as tf from '@tensorflow/tfjs';
import type * as TfWasm from '@tensorflow/tfjs-backend-wasm';
import { chooseWasmThreads, logicalCoresFor, threadsFailed, type WasmThreadsChoice, type WasmThreadsPlan } from './wasm-threads';

/** The WASM binaries and the backend's prebuilt bundle are copied here by `npm install`. */
export const WASM_PATH = '/tfjs-wasm/';
/**
 * TF.js's own prebuilt UMD bundle of the WASM backend, served as it ships. The threaded build starts
 * each pthread worker from the source text of its Emscripten factory (`factory.toString()` in a Blob);
 * bundled by the app, Turbopack rewrote that function to read variables of its enclosing module (a
 * `process` polyfill, the script path), which do not exist in the pthread worker, so every worker
 * died and the backend never finished starting. Loaded from the app's own origin by the thread that
 * runs the engine, no bundler ever sees it.
 */
export const WASM_BUNDLE = `${WASM_PATH}tf-backend-wasm.es2017.min.js`;
/**
 * How long the threaded build may take to start (it starts 8 pool workers, each instantiating the
 * module) before the backend gives up on threads and starts the single-threaded build instead. A
 * worker that cannot start (a blocked blob: worker, say) makes Emscripten wait forever, not fail.
 */
export const THREADS_START_MS = 20_000;
/** The priority @tensorflow/tfjs-backend-wasm registers itself with. */
const WASM_PRIORITY = 2;

type WasmApi = Pick<typeof TfWasm, 'setWasmPaths' | 'setThreadsCount' | 'getThreadsCount'>;

interface Prepared {
  readonly choice: WasmThreadsChoice;
  /** What this thread can run, before the backend has started. */
  readonly plan: WasmThreadsPlan;
}

let prepared: Promise<Prepared> | null = null;
let preparedChoice: WasmThreadsChoice | null = null;
/** What the started backend runs; null until it has started. */
let running: WasmThreadsPlan | null = null;

/**
 * Loads TF.js's WASM backend into this thread once and registers it, planned to run with threads as
 * `choice` and this thread allow (`chooseWasmThreads`). Resolves to that plan; `wasmThreads()` says
 * what really runs once the backend has started. The choice is made once per thread (changing the
 * threads means a new WASM module): a later call with another choice rejects. Rejects when the bundle
 * cannot load; a later call tries again.
 */
export function prepareWasmBackend(choice: WasmThreadsChoice = 'auto'): Promise<WasmThreadsPlan> {
  if (prepared && preparedChoice !== choice) {
    return Promise.reject(new Error(`The WASM backend was already set up for threads "${preparedChoice}" in this thread, not "${choice}".`));
  }
  preparedChoice = choice;
  prepared ??= loadAndRegister(choice).catch((error: unknown) => {
    prepared = null;
    preparedChoice = null;
    throw error;
  });
  return prepared.then(({ plan }) => plan);
}

/** The threads the started WASM backend runs, else the plan it will start with; null before `prepareWasmBackend`. */
export async function wasmThreads(): Promise<WasmThreadsPlan | null> {
  const ready = await prepared?.catch(() => null);
  return running ?? ready?.plan ?? null;
}

async function loadAndRegister(choice: WasmThreadsChoice): Promise<Prepared> {
  const api = await importBundle();
  api.setWasmPaths(WASM_PATH);
  const wanted = chooseWasmThreads(choice, { crossOriginIsolated: globalThis.crossOriginIsolated === true, hardwareConcurrency: globalThis.navigator?.hardwareConcurrency });
  // TF.js's own check: a SharedArrayBuffer can be posted and the engine validates a threaded module.
  const supported = wanted.threads > 1 && (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
  const plan = wanted.threads > 1 && !supported ? { threads: 1, reason: 'one thread: this browser cannot run WebAssembly threads' } : wanted;
  const factory = tf.findBackendFactory('wasm');
  if (!factory) throw new Error(`${WASM_BUNDLE} did not register the WASM backend`);
  // Puts the browser's core count back; a threaded start that never ends leaves it to the fallback.
  let restoreCores = () => {};
  const starter: WasmStarter = {
    start(threads) {
      restoreCores();
      // One thread selects the single-threaded SIMD build; more, the threaded SIMD build with that many.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threads > 1);
      api.setThreadsCount(threads);
      if (threads === 1) return Promise.resolve(factory());
      restoreCores = reportLogicalCores(logicalCoresFor(threads));
      const started = Promise.resolve(factory());
      void started.finally(restoreCores).catch(() => undefined);
      return started;
    },
    threadsCount: () => api.getThreadsCount(),
  };
  tf.removeBackend('wasm'); // not started yet: only its factory goes
  tf.registerBackend(
    'wasm',
    async () => {
      const started = await startWithFallback(plan, starter);
      running = started.running;
      return started.backend;
    },
    WASM_PRIORITY,
  );
  return { choice, plan };
}

/** Starts one build of the backend (threads 1: the single-threaded one); `threadsCount` reads XNNPACK's pool once started. */
export interface WasmStarter {
  start(threads: number): Promise<tf.KernelBackend>;
  threadsCount(): number;
}

/**
 * The threaded build with the planned threads, and the single-threaded SIMD build when one thread
 * is planned or the threaded one fails or does not start within `timeoutMs`. A threaded backend that
 * starts after all is disposed: the single-threaded one is in use by then. Resolves to the backend
 * and what it runs, with the reason.
 */
export async function startWithFallback(
  plan: WasmThreadsPlan,
  starter: WasmStarter,
  timeoutMs = THREADS_START_MS,
): Promise<{ readonly backend: tf.KernelBackend; readonly running: WasmThreadsPlan }> {
  if (plan.threads > 1) {
    const threaded = starter.start(plan.threads);
    try {
      const backend = await withTimeout(threaded, timeoutMs);
      const threads = starter.threadsCount();
      const running = threads === plan.threads ? plan : { threads, reason: `${threads === 1 ? 'one thread' : `${threads} threads`}: ${plan.threads} were planned, the backend started ${threads}` };
      return { backend, running };
    } catch (error) {
      void threaded.then((late) => late.dispose(), () => undefined);
      // Emscripten rejects with a plain `{ message }`, not an Error.
      const why = error instanceof Error ? error.message : String((error as { message?: unknown } | null)?.message ?? error);
      return { backend: await starter.start(1), running: threadsFailed(plan, why) };
    }
  }
  return { backend: await starter.start(1), running: plan };
}

/**
 * Makes `navigator.hardwareConcurrency` read `logicalCores` (see `logicalCoresFor`) until the returned
 * function puts the browser's own value back (it may be called more than once).
 */
function reportLogicalCores(logicalCores: number): () => void {
  const navigator = globalThis.navigator;
  if (!navigator) return () => {};
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: logicalCores, configurable: true });
  return () => {
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency; // the prototype's getter again
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs the bundle. Its UMD wrapper takes TF.js from the global `tf` and adds `tf.wasm` to it, so it is
 * handed a copy of this app's own TF.js namespace for the moment it runs: the backend and its kernels
 * register with the one tfjs-core the app uses (never a second copy), and the global goes again.
 * A classic worker (the engine's) runs it with `importScripts`; a page (`?engine=main`, the bench's
 * old path) with a native `import()` that the bundler is told to leave alone.
 */
async function importBundle(): Promise<WasmApi> {
  const scope = globalThis as { tf?: unknown; importScripts?: (...urls: string[]) => void };
  const previous = scope.tf;
  const host: Record<string, unknown> = { ...tf };
  scope.tf = host;
  try {
    if (typeof scope.importScripts === 'function') scope.importScripts(WASM_BUNDLE);
    else await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ WASM_BUNDLE);
  } finally {
    if (previous === undefined) delete scope.tf;
    else scope.tf = previous;
  }
  const api = host.wasm as WasmApi | undefined;
  if (!api?.setWasmPaths || !tf.findBackendFactory('wasm')) throw new Error(`${WASM_BUNDLE} did not register the WASM backend with this app's TF.js`);
  return api;
}
