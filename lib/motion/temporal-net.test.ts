import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMotionNetwork, DEFAULT_MOTION_NET, motionNetTable, temporalLengths, type TemporalConv } from './temporal-net';
import { motionInputSize } from './window';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** The frames TF.js's own conv1d gives for a window of `n` frames. */
function tfLength(n: number, layer: TemporalConv): number {
  const model = tf.sequential({ layers: [tf.layers.conv1d({ inputShape: [n, 2], filters: 1, kernelSize: layer.kernel, strides: layer.stride, padding: layer.padding })] });
  const frames = (model.outputShape as number[])[1];
  model.dispose();
  return frames;
}

describe('temporalLengths', () => {
  const cases: [n: number, f: number, s: number, padding: 'same' | 'valid'][] = [];
  for (const n of [7, 16, 30, 31])
    for (const f of [1, 2, 3, 4, 5, 7])
      for (const s of [1, 2, 3])
        for (const padding of ['same', 'valid'] as const) if (padding === 'same' || f <= n) cases.push([n, f, s, padding]);

  it.each(cases)('N=%i F=%i S=%i %s matches TF.js', (n, f, s, padding) => {
    const [length] = temporalLengths(n, [{ filters: 1, kernel: f, stride: s, padding }]);
    expect(length.out).toBe(tfLength(n, { filters: 1, kernel: f, stride: s, padding }));
    // The chapter's formula with the padding it reports.
    expect(length.out).toBe(Math.floor((n + 2 * length.p - f) / s) + 1);
  });

  it('gives P = (F − 1)/2 for "same" at stride 1 and 0 for "valid"', () => {
    expect(temporalLengths(30, [{ filters: 1, kernel: 5, stride: 1, padding: 'same' }])[0]).toEqual({ n: 30, f: 5, s: 1, p: 2, out: 30 });
    expect(temporalLengths(30, [{ filters: 1, kernel: 4, stride: 1, padding: 'same' }])[0].p).toBe(1.5);
    expect(temporalLengths(30, [{ filters: 1, kernel: 5, stride: 2, padding: 'valid' }])[0]).toEqual({ n: 30, f: 5, s: 2, p: 0, out: 13 });
  });

  it('chains the layers and matches every layer of the built network', () => {
    const spec = { ...DEFAULT_MOTION_NET, windowFrames: 23, layers: [...DEFAULT_MOTION_NET.layers, { filters: 8, kernel: 3, stride: 2, padding: 'valid' as const }] };
    const model = createMotionNetwork(spec, 4, 1);
    const lengths = temporalLengths(spec.windowFrames, spec.layers);
    expect(lengths.map((l) => l.out)).toEqual(model.layers.slice(0, spec.layers.length).map((layer) => (layer.outputShape as number[])[1]));
    expect(lengths.map((l) => l.n)).toEqual([23, 23, 12, 12]);
    model.dispose();
  });

  it('says which layer does not fit', () => {
    expect(() => temporalLengths(6, [{ filters: 4, kernel: 3, stride: 2, padding: 'valid' }, { filters: 4, kernel: 3, stride: 1, padding: 'valid' }])).toThrow(/Convolution 2/);
  });
});

describe('createMotionNetwork and motionNetTable', () => {
  it('maps [batch, frames, inputs] to probabilities per class', () => {
    const model = createMotionNetwork(DEFAULT_MOTION_NET, 5, 3);
    expect(model.inputs[0].shape).toEqual([null, 30, motionInputSize(DEFAULT_MOTION_NET.input)]);
    const probabilities = tf.tidy(() => (model.predict(tf.randomNormal([2, 30, motionInputSize(DEFAULT_MOTION_NET.input)], 0, 1, 'float32', 1)) as tf.Tensor).arraySync() as number[][]);
    expect(probabilities).toHaveLength(2);
    for (const p of probabilities) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    model.dispose();
  });

  it.each([
    ['the default', DEFAULT_MOTION_NET],
    ['a path-only max-pooled one with dropout', { ...DEFAULT_MOTION_NET, input: 'path' as const, pooling: 'max' as const, dropout: 0.3, layers: [{ filters: 8, kernel: 4, stride: 3, padding: 'valid' as const }] }],
  ])('describes %s network as TF.js builds it: shapes and parameters', (_, spec) => {
    const model = createMotionNetwork(spec, 6, 1);
    const table = motionNetTable(spec, 6);
    expect(table.totalParams).toBe(model.countParams());
    expect(table.rows.map((r) => r.outputShape)).toEqual(model.layers.map((layer) => (layer.outputShape as number[]).slice(1)));
    expect(table.rows.map((r) => r.type)).toEqual(model.layers.map((layer) => layer.getClassName()));
    expect(table.rows.map((r) => r.params)).toEqual(model.layers.map((layer) => layer.countParams()));
    model.dispose();
  });

  it('shows the formula for each convolution', () => {
    const table = motionNetTable(DEFAULT_MOTION_NET, 3);
    expect(table.notes.slice(0, 3)).toEqual(['conv 1: (30 + 2·2 − 5)/1 + 1 = 30 frames.', 'conv 2: (30 + 2·1.5 − 5)/2 + 1 = 15 frames.', 'conv 3: (15 + 2·1 − 3)/1 + 1 = 15 frames.']);
    expect(table.rows[0]).toMatchObject({ kernel: '5', stride: 1, padding: 'same (P=2)', inputShape: [30, 4], outputShape: [30, 32], params: 5 * 4 * 32 + 32, macs: 30 * 32 * 5 * 4 });
  });
});
