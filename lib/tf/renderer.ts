/** Renderers that run WebGL on the CPU, where TF.js's WebGL backend is ~10x slower than WASM. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

export function isSoftwareRenderer(renderer: string | null): boolean {
  return renderer !== null && SOFTWARE_RENDERER.test(renderer);
}

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;

export const BACKEND_LABELS: Readonly<Record<BackendName, string>> = {
  webgl: 'WebGL (GPU)',
  wasm: 'WebAssembly (CPU, SIMD)',
  cpu: 'Plain JavaScript (slowest)',
};

/** The fastest backend by probe time; ties and empty probes fall back to the first preference. */
export function fastestBackend(probeMs: Partial<Record<BackendName, number>>, preference: readonly BackendName[] = ['webgl', 'wasm', 'cpu']): BackendName | null {
  let best: BackendName | null = null;
  for (const name of preference) {
    const ms = probeMs[name];
    if (ms === undefined || !Number.isFinite(ms)) continue;
    if (best === null || ms < (probeMs[best] as number)) best = name;
  }
  return best;
}
