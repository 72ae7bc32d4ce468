import { describe, expect, it } from 'vitest';
import {
  benchRows,
  engineSummary,
  formatBenchReport,
  handNotes,
  leakingBackends,
  measuredFastest,
  NO_HAND_PHOTO,
  selectionSummary,
  type BackendFigures,
  type BenchResult,
  type HandFigures,
  wasmThreadsSummary,
} from './bench-result';

const handMeasured = (backboneMs: number, handTrackerMs: number, fusedLoopMs: number): HandFigures => ({
  status: 'measured',
  handTrackerMs,
  fusedLoopMs,
  fusedLoopEngineMs: fusedLoopMs - 0.5,
  fusedLoopRatio: fusedLoopMs / (backboneMs + handTrackerMs),
  motionStepMs: 1.5,
  motionStepRatio: 1.5 / (fusedLoopMs - 0.5),
});
const noPhoto: HandFigures = { status: 'not-measured', reason: NO_HAND_PHOTO };

const figures = (backend: 'wasm' | 'webgl', liveLoopMs: number, extra: Partial<BackendFigures> = {}): BackendFigures => ({
  backend,
  status: 'measured',
  runs: 30,
  backboneMs: liveLoopMs / 1.1,
  liveLoopMs,
  liveLoopEngineMs: liveLoopMs - 1,
  liveLoopRatio: 1.1,
  hand: handMeasured(liveLoopMs / 1.1, 12, 35.2),
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
  const backends = overrides.backends ?? [figures('wasm', 22), figures('webgl', 240, { runs: 10, liveLoopRatio: 1.42, backboneMs: 169, hand: handMeasured(169, 14, 230.6) })];
  return {
    backboneId: 'mobilenet_v1_025',
    backboneLabel: 'MobileNet v1 0.25 (fast)',
    engine: { kind: 'worker', fallback: null },
    auto: { chose: 'wasm', probeMs: { webgl: 25.04, wasm: 3.26 }, gpuRenderer: 'SwiftShader', softwareRenderer: true, wasmSimd: true, wasmThreadCount: 2, wasmThreadsReason: '2 threads (one per core)' },
    backends,
    wasmThreads: { status: 'measured', threads: 2, runs: 30, threadedMs: 3.5, singleMs: 5.8, ratio: 3.5 / 5.8, threadedBestMs: 3.12, singleBestMs: 5.5 },
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
      'Live loop inside the engine',
      'Live loop ÷ backbone (target ≤ 1.3)',
      'Hand tracker per frame',
      'Fused loop per frame',
      'Fused loop inside the engine',
      'Fused loop ÷ (backbone + hand tracker) (target ≤ 1.2)',
      'Motion model per frame',
      'Motion model ÷ fused loop (target ≤ 0.1)',
      'Samples captured per second',
      'Head training, 1,000 samples',
      'Tensors before → after',
      'Timed runs per median',
    ]);
    expect(rows.map((r) => r.cells)).toEqual([
      ['20.0 ms', '169.0 ms'],
      ['22.0 ms', '240.0 ms'],
      ['21.0 ms', '239.0 ms'],
      ['1.10 (met)', '1.42 (missed)'],
      ['12.0 ms', '14.0 ms'],
      ['35.2 ms', '230.6 ms'],
      ['34.7 ms', '230.1 ms'],
      // 35.2 / (20 + 12) and 230.6 / (169 + 14)
      ['1.10 (met)', '1.26 (missed)'],
      // 1.5 / 34.7 and 1.5 / 230.1
      ['1.5 ms', '1.5 ms'],
      ['0.043 (met)', '0.007 (met)'],
      ['45.5 /s', '4.2 /s'],
      ['6.3 s (40 epochs)', '6.3 s (40 epochs)'],
      ['4 → 4 (no leak)', '4 → 4 (no leak)'],
      ['30', '10'],
    ]);
    expect(rows[10].meaning).toMatch(/at most 10 per second/);
  });

  it('says "not measured" in the hand rows instead of a figure when there was no hand to time', () => {
    const rows = benchRows(result({ backends: [figures('wasm', 22, { hand: noPhoto }), figures('webgl', 240, { hand: noPhoto })] }));
    expect(rows.slice(4, 8).map((r) => r.cells)).toEqual([
      ['not measured', 'not measured'],
      ['not measured', 'not measured'],
      ['not measured', 'not measured'],
      ['not measured', 'not measured'],
    ]);
    expect(rows[1].cells).toEqual(['22.0 ms', '240.0 ms']);
  });

  it('flags a leak in the tensor row', () => {
    const rows = benchRows(result({ backends: [figures('wasm', 20, { tensorsAfter: 5 })] }));
    expect(rows[12].cells).toEqual(['4 → 5 (LEAK)']);
  });
});

describe('handNotes', () => {
  it('is empty when every measured backend has hand figures', () => {
    expect(handNotes(result())).toEqual([]);
  });

  it('gives one sentence per reason, naming the backends it applies to', () => {
    expect(handNotes(result({ backends: [figures('wasm', 22, { hand: noPhoto }), figures('webgl', 240, { hand: noPhoto })] }))).toEqual([
      'Hand tracker and fused loop on wasm and webgl: not measured: no hand photo given.',
    ]);
    const lost: HandFigures = { status: 'not-measured', reason: 'the hand tracker found the hand in only 3 of 20 timed frames of the hand photo' };
    expect(handNotes(result({ backends: [figures('wasm', 22), figures('webgl', 240, { hand: lost })] }))).toEqual([
      'Hand tracker and fused loop on webgl: not measured: the hand tracker found the hand in only 3 of 20 timed frames of the hand photo.',
    ]);
  });

  it('leaves out a backend that could not start (it has its own line)', () => {
    const backends = [figures('wasm', 22, { hand: noPhoto }), { backend: 'webgl' as const, status: 'unavailable' as const, reason: 'no WebGL' }];
    expect(handNotes(result({ backends }))).toEqual(['Hand tracker and fused loop on wasm: not measured: no hand photo given.']);
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
    expect(lines[1]).toBe('GPU renderer: SwiftShader (software); WASM SIMD: yes; WASM threads: 2 threads (one per core)');
    expect(lines[2]).toBe(engineSummary(result()));
    expect(lines[4]).toMatch(/^Figure\s+wasm\s+webgl$/);
    expect(lines).toContainEqual(expect.stringMatching(/^Live loop per frame\s+22\.0 ms\s+240\.0 ms$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Hand tracker per frame\s+12\.0 ms\s+14\.0 ms$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Fused loop per frame\s+35\.2 ms\s+230\.6 ms$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Fused loop ÷ \(backbone \+ hand tracker\) \(target ≤ 1\.2\)\s+1\.10 \(met\)\s+1\.26 \(missed\)$/));
    // Right-aligned number columns: every table line ends in the same column.
    const table = lines.slice(4, 4 + 2 + 12);
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
    expect(lines.at(-3)).toBe(wasmThreadsSummary(result()));
    expect(lines.at(-2)).toBe('Samples captured per second is raw capacity; the app records at most 10 per second by design.');
    expect(lines.at(-1)).toMatch(/^Auto-selection chose wasm/);
  });

  it('lists a backend that could not start instead of giving it a column', () => {
    const text = formatBenchReport(result({ backends: [figures('wasm', 20), { backend: 'webgl', status: 'unavailable', reason: 'this browser could not start the webgl backend' }] }));
    expect(text).toMatch(/^Figure\s+wasm$/m);
    expect(text).toContain('webgl: not measured (this browser could not start the webgl backend)');
  });

  it('says plainly why the hand figures are missing, and makes none up', () => {
    const text = formatBenchReport(result({ backends: [figures('wasm', 22, { hand: noPhoto }), figures('webgl', 240, { hand: noPhoto })] }));
    expect(text).toMatch(/^Hand tracker per frame\s+not measured\s+not measured$/m);
    expect(text).toMatch(/^Fused loop per frame\s+not measured\s+not measured$/m);
    expect(text).toMatch(/^Fused loop ÷ \(backbone \+ hand tracker\) \(target ≤ 1\.2\)\s+not measured\s+not measured$/m);
    expect(text).toContain('\nHand tracker and fused loop on wasm and webgl: not measured: no hand photo given.\n');
  });
});

describe('wasmThreadsSummary', () => {
  it('gives both backbone times and their ratio against the target', () => {
    expect(wasmThreadsSummary(result())).toBe(
      'WASM backbone with 2 threads 3.5 ms, with one thread 5.8 ms: threads ÷ one thread 0.60 (target ≤ 0.7: met; medians of 30 runs each, alternating; fastest runs 3.1 ms and 5.5 ms).',
    );
  });

  it('says by how much a missed target is missed', () => {
    const slow = result({ wasmThreads: { status: 'measured', threads: 2, runs: 30, threadedMs: 4.8, singleMs: 5.8, ratio: 4.8 / 5.8, threadedBestMs: 3, singleBestMs: 5 } });
    expect(wasmThreadsSummary(slow)).toMatch(/threads ÷ one thread 0\.83 \(target ≤ 0\.7: missed by 0\.13;/);
  });

  it('says why there is no comparison instead of making one up', () => {
    const single = result({ wasmThreads: { status: 'not-measured', reason: 'the app runs WASM with one thread here (one thread: the page is not cross-origin isolated)' } });
    expect(wasmThreadsSummary(single)).toBe(
      'WASM threads against one thread: not measured: the app runs WASM with one thread here (one thread: the page is not cross-origin isolated).',
    );
  });
});

describe('engineSummary', () => {
  it('says the figures went through the worker, or why they were measured on the page', () => {
    expect(engineSummary(result())).toMatch(/^Measured through the ML engine in its Web Worker, as the studio runs it/);
    expect(engineSummary(result({ engine: { kind: 'main', fallback: null } }))).toBe("Measured with the ML engine on the page's thread (?engine=main).");
    expect(engineSummary(result({ engine: { kind: 'main', fallback: 'This browser cannot run the ML in a worker (no OffscreenCanvas).' } }))).toBe(
      "Measured with the ML engine on the page's thread: This browser cannot run the ML in a worker (no OffscreenCanvas).",
    );
  });
});
