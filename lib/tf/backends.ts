import * as tf from '@tensorflow/tfjs';
import { createCanvas } from '../image';
import { switchBackend } from './backend-lifetime';
import { fastestBackend, isSoftwareRenderer, type BackendChoice, type BackendName } from './renderer';
import { prepareWasmBackend, wasmThreads as readWasmThreads } from './wasm-backend';
import type { WasmThreadsChoice } from './wasm-threads';

/** What start-up found out about this device's backends, shown to the user and printed by the bench. */
export interface BackendReport {
  readonly active: BackendName;
  readonly choice: BackendChoice;
  /** Median time of one depthwise-separable block per backend, measured at start-up. */
  readonly probeMs: Partial<Record<BackendName, number>>;
  readonly gpuRenderer: string | null;
  readonly softwareRenderer: boolean;
  readonly wasmSimd: boolean;
  /** Whether the WASM backend runs more than one thread here (the header's badge says ` · threads`). */
  readonly wasmThreads: boolean;
  /** Threads the WASM backend runs (1: the single-threaded build; 0: it could not be loaded). */
  readonly wasmThreadCount: number;
  /** Why that many, one sentence, e.g. "2 threads (one per core)", "one thread: the page is not cross-origin isolated". */
  readonly wasmThreadsReason: string;
}

export interface BackendOptions {
  /** `one` holds WASM to one thread (the bench's baseline); fixed by the first call in a thread. */
  readonly wasmThreads?: WasmThreadsChoice;
}

const CANDIDATES: readonly BackendName[] = ['webgl', 'wasm'];

/**
 * Sets up TF.js. With `choice: 'auto'` every available backend runs a small probe shaped like one
 * MobileNet block and the fastest wins: on a real GPU that is WebGL, on a software renderer
 * (headless Chromium's SwiftShader, llvmpipe) it is WASM.
 */
export async function initBackend(choice: BackendChoice = 'auto', options: BackendOptions = {}): Promise<BackendReport> {
  // Asked again for the same choice (a backbone switch; the page and an engine running on the page
  // share one TF.js), the settled choice stands: probing again would switch the backend under work
  // that is using it.
  const previous = settled;
  if (previous?.choice === choice) {
    const report = await previous.report.catch(() => null);
    if (report && tf.getBackend() === report.active) return report;
  }
  const report = chooseBackend(choice, options);
  settled = { choice, report };
  return report;
}

let settled: { readonly choice: BackendChoice; readonly report: Promise<BackendReport> } | null = null;

async function chooseBackend(choice: BackendChoice, { wasmThreads = 'auto' }: BackendOptions): Promise<BackendReport> {
  // A WASM backend that cannot load is a finding like a missing WebGL: it is then no candidate.
  const wasmLoadError = await prepareWasmBackend(wasmThreads).then(
    () => null,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  const gpuRenderer = readGpuRenderer();
  const probeMs: Partial<Record<BackendName, number>> = {};
  const candidates = choice === 'auto' ? CANDIDATES : [choice];
  for (const name of candidates) {
    if (await trySetBackend(name)) probeMs[name] = await probeBackend();
  }
  const active = fastestBackend(probeMs) ?? 'cpu';
  if (tf.getBackend() !== active && !(await trySetBackend(active))) await switchBackend('cpu');
  // The flag is defined by the WASM bundle, so it exists only once that loaded.
  const wasmSimd = wasmLoadError === null && (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const threads = await readWasmThreads();
  return {
    active: tf.getBackend() as BackendName,
    choice,
    probeMs,
    gpuRenderer,
    softwareRenderer: isSoftwareRenderer(gpuRenderer),
    wasmSimd,
    wasmThreads: (threads?.threads ?? 0) > 1,
    wasmThreadCount: threads?.threads ?? 0,
    wasmThreadsReason: threads?.reason ?? `the WebAssembly backend could not load: ${wasmLoadError}`,
  };
}

async function trySetBackend(name: BackendName): Promise<boolean> {
  try {
    return await switchBackend(name);
  } catch {
    // An unavailable backend (no WebGL context, no WebAssembly) is a normal finding, not an error.
    return false;
  }
}

/** Median ms of one 3x3 depthwise + 1x1 pointwise block at MobileNet's 112x112x32 stage. */
async function probeBackend(runs = 3): Promise<number> {
  const x = tf.randomUniform([1, 112, 112, 32]) as tf.Tensor4D;
  const depthwise = tf.randomUniform([3, 3, 32, 1]) as tf.Tensor4D;
  const pointwise = tf.randomUniform([1, 1, 32, 64]) as tf.Tensor4D;
  const block = () => tf.tidy(() => tf.relu6(tf.conv2d(tf.relu6(tf.depthwiseConv2d(x, depthwise, 1, 'same')), pointwise, 1, 'same')));
  const times: number[] = [];
  try {
    for (let i = 0; i <= runs; i += 1) {
      const start = performance.now();
      const y = block();
      await y.data();
      y.dispose();
      if (i > 0) times.push(performance.now() - start); // run 0 compiles shaders / warms caches
    }
  } finally {
    tf.dispose([x, depthwise, pointwise]);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function readGpuRenderer(): string | null {
  try {
    const gl = createCanvas(1, 1).getContext('webgl') as WebGLRenderingContext | null;
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return typeof renderer === 'string' ? renderer : null;
  } catch {
    return null;
  }
}
