/**
 * The most threads the WASM backend is given. MobileNet's layers are small at batch 1, so past a few
 * threads their hand-offs cost more than they save, and MediaPipe, the page and the browser need
 * cores too. TF.js's threaded build keeps a pool of 8 workers; this stays inside it.
 */
export const MAX_WASM_THREADS = 4;

/** Whether the WASM backend may use threads: `auto` as the device allows, `one` never (the bench's baseline). */
export type WasmThreadsChoice = 'auto' | 'one';

/** What a thread can tell about threads before WASM starts. */
export interface ThreadsEnvironment {
  /** `self.crossOriginIsolated` where the backend runs: without it there is no `SharedArrayBuffer`, so no threads. */
  readonly crossOriginIsolated: boolean;
  /** `navigator.hardwareConcurrency`; undefined where the browser does not say. */
  readonly hardwareConcurrency: number | undefined;
}

/** How many threads the WASM backend runs, and the sentence saying why (the header badge's title, the bench report). */
export interface WasmThreadsPlan {
  /** 1 is the single-threaded SIMD build; more is the threaded SIMD build with that many threads. */
  readonly threads: number;
  readonly reason: string;
}

export const NOT_ISOLATED_REASON = 'one thread: the page is not cross-origin isolated';
export const ONE_THREAD_ASKED_REASON = 'one thread, as asked';

/** One thread per core when cross-origin isolated, at most `MAX_WASM_THREADS`; one otherwise or when asked. */
export function chooseWasmThreads(choice: WasmThreadsChoice, { crossOriginIsolated, hardwareConcurrency }: ThreadsEnvironment): WasmThreadsPlan {
  if (choice === 'one') return { threads: 1, reason: ONE_THREAD_ASKED_REASON };
  if (!crossOriginIsolated) return { threads: 1, reason: NOT_ISOLATED_REASON };
  const cores = hardwareConcurrency !== undefined && Number.isFinite(hardwareConcurrency) ? Math.floor(hardwareConcurrency) : 1;
  if (cores <= 1) return { threads: 1, reason: 'one thread: the browser reports a single core' };
  const threads = Math.min(cores, MAX_WASM_THREADS);
  return { threads, reason: `${threads} threads (${cores > MAX_WASM_THREADS ? `${cores} cores, capped at ${MAX_WASM_THREADS}` : 'one per core'})` };
}

/** The plan when the threaded build was planned but did not start; `why` says what failed. */
export function threadsFailed(plan: WasmThreadsPlan, why: string): WasmThreadsPlan {
  return { threads: 1, reason: `one thread: ${plan.threads} threads did not start (${why})` };
}

/**
 * TF.js sizes XNNPACK's pool as min(threads asked for, `navigator.hardwareConcurrency` ÷ 2), read once
 * as the module starts: it assumes two hardware threads per core (tfjs-backend-wasm/src/cc/backend.cc),
 * so on a 2-vCPU machine every request would get one thread. The logical core count the backend must
 * read for `threads` to be honoured.
 */
export function logicalCoresFor(threads: number): number {
  return 2 * threads;
}
