import { describe, expect, it } from 'vitest';
import { benchRows, formatBenchReport, leakingBackends, measuredFastest, selectionSummary, type BackendFigures, type BenchResult } from './bench-result';

const figures = (backend: 'wasm' | 'webgl', liveLoopMs: number, extra: Partial<BackendFigures> = {}): BackendFigures => ({
  backend,
  status: 'measured',
  runs: 30,
  backboneMs: liveLoopMs / 1.1,
  liveLoopMs,
  liveLoopRatio: 1.1,
  capturedPerSecond: 1000 / liveLoopMs,
  captureSeconds: 3,
  trainSamples: 1000,
  trainSeconds: 6.25,
  trainEpochs: 40,
  trainValidationAccuracy: 1,
  tensorsBefore: 4,
  tensorsAfter: 4,
  ...extra,
});

const result = (overrides: Partial<BenchResult> = {}): BenchResult => {
  const backends = overrides.backends ?? [figures('wasm', 22), figures('webgl', 240, { runs: 10, liveLoopRatio: 1.42, backboneMs: 169 })];
  return {
    backboneId: 'mobilenet_v1_025',
    backboneLabel: 'MobileNet v1 0.25 (fast)',
    auto: { chose: 'wasm', probeMs: { webgl: 25.04, wasm: 3.26 }, gpuRenderer: 'SwiftShader', softwareRenderer: true, wasmSimd: true },
    backends,
    fastest: measuredFastest(backends),
    recordCapPerSecond: 10,
    ...overrides,
  };
};

describe('measuredFastest', () => {
  it('picks the lowest live-loop latency and skips unavailable backends', () => {
    expect(measuredFastest([figures('webgl', 30), figures('wasm', 20)])).toBe('wasm');
    expect(measuredFastest([{ backend: 'webgl', status: 'unavailable', reason: 'no WebGL' }, figures('wasm', 20)])).toBe('wasm');
    expect(measuredFastest([{ backend: 'webgl', status: 'unavailable', reason: 'no WebGL' }])).toBeNull();
  });
});

describe('leakingBackends', () => {
  it('names only backends whose tensor count changed', () => {
    expect(leakingBackends(result())).toEqual([]);
    expect(leakingBackends(result({ backends: [figures('wasm', 20), figures('webgl', 200, { tensorsAfter: 7 })] }))).toEqual(['webgl']);
  });
});

describe('benchRows', () => {
  it('gives one cell per measured backend, with units and the ratio verdict', () => {
    const rows = benchRows(result());
    expect(rows.map((r) => r.figure)).toEqual([
      'Backbone forward pass',
      'Live loop per frame',
      'Live loop ÷ backbone (target ≤ 1.3)',
      'Samples captured per second',
      'Head training, 1,000 samples',
      'Tensors before → after',
      'Timed runs per median',
    ]);
    expect(rows.map((r) => r.cells)).toEqual([
      ['20.0 ms', '169.0 ms'],
      ['22.0 ms', '240.0 ms'],
      ['1.10 (met)', '1.42 (missed)'],
      ['45.5 /s', '4.2 /s'],
      ['6.3 s (40 epochs)', '6.3 s (40 epochs)'],
      ['4 → 4 (no leak)', '4 → 4 (no leak)'],
      ['30', '10'],
    ]);
    expect(rows[3].meaning).toMatch(/at most 10 per second/);
  });

  it('flags a leak in the tensor row', () => {
    const rows = benchRows(result({ backends: [figures('wasm', 20, { tensorsAfter: 5 })] }));
    expect(rows[5].cells).toEqual(['4 → 5 (LEAK)']);
  });
});

describe('selectionSummary', () => {
  it('says whether start-up auto-selection matches the measured winner', () => {
    expect(selectionSummary(result())).toBe('Auto-selection chose wasm (probe: webgl 25.0 ms, wasm 3.3 ms); measured fastest: wasm; they agree.');
    const disagree = result({ auto: { ...result().auto, chose: 'webgl' } });
    expect(selectionSummary(disagree)).toMatch(/measured fastest: wasm; they DISAGREE\.$/);
  });
});

describe('formatBenchReport', () => {
  it('prints the table with a column per backend and ends with the selection verdict', () => {
    const lines = formatBenchReport(result()).split('\n');
    expect(lines[0]).toBe('Gesture Studio benchmark: MobileNet v1 0.25 (fast), 224x224 input');
    expect(lines[1]).toBe('GPU renderer: SwiftShader (software); WASM SIMD: yes');
    expect(lines[3]).toMatch(/^Figure\s+wasm\s+webgl$/);
    expect(lines).toContainEqual(expect.stringMatching(/^Live loop per frame\s+22\.0 ms\s+240\.0 ms$/));
    // Right-aligned number columns: every table line ends in the same column.
    const table = lines.slice(3, 3 + 2 + 7);
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
    expect(lines.at(-2)).toBe('Samples captured per second is raw capacity; the app records at most 10 per second by design.');
    expect(lines.at(-1)).toMatch(/^Auto-selection chose wasm/);
  });

  it('lists a backend that could not start instead of giving it a column', () => {
    const text = formatBenchReport(result({ backends: [figures('wasm', 20), { backend: 'webgl', status: 'unavailable', reason: 'this browser could not start the webgl backend' }] }));
    expect(text).toMatch(/^Figure\s+wasm$/m);
    expect(text).toContain('webgl: not measured (this browser could not start the webgl backend)');
  });
});
