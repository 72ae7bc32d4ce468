import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmentImage } from './augment-image';
import { resolveAugmentSettings, type AugmentSettings } from './settings';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Every transform off, so each test can switch on exactly one. */
const NONE: AugmentSettings = resolveAugmentSettings({ views: 8, maxZoom: 0, maxRotationDeg: 0, brightness: 0, contrast: 0, colorShift: 0, mirror: false });
const only = (change: Partial<AugmentSettings>): AugmentSettings => ({ ...NONE, ...change });

/** An h x w RGB image whose pixel (x, y, channel) is `value(x, y, c)`. */
function image(h: number, w: number, value: (x: number, y: number, c: number) => number, dtype: 'float32' | 'int32' = 'float32'): tf.Tensor3D {
  const data: number[] = [];
  for (let y = 0; y < h; y += 1) for (let x = 0; x < w; x += 1) for (let c = 0; c < 3; c += 1) data.push(value(x, y, c));
  return tf.tensor3d(data, [h, w, 3], dtype);
}

/** A textured image: different in every pixel and channel, never at the clip limits. */
const textured = () => image(16, 12, (x, y, c) => 20 + ((x * 37 + y * 11 + c * 53) % 200));

/** Runs augmentImage and returns the views as nested arrays [view][y][x][c], disposing everything. */
function run(input: tf.Tensor3D, settings: AugmentSettings, seed = 7): number[][][][] {
  const out = augmentImage(input, settings, seed);
  const views = out.arraySync();
  out.dispose();
  return views;
}

const pixels = (view: number[][][]) => view.flat();
const channelMean = (view: number[][][], c: number) => {
  const all = pixels(view);
  return all.reduce((sum, p) => sum + p[c], 0) / all.length;
};
const mean = (view: number[][][]) => (channelMean(view, 0) + channelMean(view, 1) + channelMean(view, 2)) / 3;

describe('augmentImage', () => {
  it('returns [views, h, w, 3] float32, also for an int32 image', () => {
    for (const dtype of ['float32', 'int32'] as const) {
      const input = image(10, 14, (x, y) => x * 10 + y, dtype);
      const out = augmentImage(input, resolveAugmentSettings({ views: 3 }), 1);
      expect(out.shape).toEqual([3, 10, 14, 3]);
      expect(out.dtype).toBe('float32');
      out.dispose();
      input.dispose();
    }
  });

  it('clips to 0..255 when the changes push values past either end', () => {
    const input = image(8, 8, (x) => (x < 4 ? 2 : 250));
    const strong = resolveAugmentSettings({ views: 16, maxZoom: 0.5, maxRotationDeg: 45, brightness: 1, contrast: 1, colorShift: 128, mirror: true });
    const values = run(input, strong).flat(3);
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBe(255);
    input.dispose();
  });

  it('gives identical views for the same seed and different views for another seed', () => {
    const input = textured();
    const settings = resolveAugmentSettings({ mirror: true });
    expect(run(input, settings, 42)).toEqual(run(input, settings, 42));
    expect(run(input, settings, 42)).not.toEqual(run(input, settings, 43));
    input.dispose();
  });

  it('returns copies of the input when every strength is 0 and mirroring is off', () => {
    const input = textured();
    const want = input.arraySync();
    const views = run(input, NONE);
    expect(views).toHaveLength(8);
    for (const view of views) view.forEach((row, y) => row.forEach((px, x) => px.forEach((v, c) => expect(Math.abs(v - want[y][x][c])).toBeLessThan(1e-3))));
    input.dispose();
  });

  it('mirrors about half the views, each a left-right flip of the input, when mirroring is on', () => {
    const input = image(6, 8, (x, y, c) => (x < 4 ? 200 : 30) + y + c);
    const original = input.arraySync();
    const flipped = original.map((row) => [...row].reverse());
    const distance = (a: number[][][], b: number[][][]) => {
      const bs = b.flat(2);
      return Math.max(...a.flat(2).map((v, i) => Math.abs(v - bs[i])));
    };
    const views = run(input, only({ views: 16, mirror: true }), 3);
    const isFlipped = views.map((view) => {
      const fromFlipped = distance(view, flipped);
      expect(Math.min(distance(view, original), fromFlipped)).toBeLessThan(1e-3);
      return fromFlipped < 1e-3;
    });
    const count = isFlipped.filter(Boolean).length;
    expect(count).toBeGreaterThan(2);
    expect(count).toBeLessThan(14);
    input.dispose();
  });

  it('shifts each channel by its own constant offset within ±colorShift', () => {
    const input = image(6, 6, (x, y) => 100 + x + y);
    const base = input.arraySync();
    const views = run(input, only({ colorShift: 40 }));
    const offsets = views.map((view) =>
      [0, 1, 2].map((c) => {
        const offset = view[0][0][c] - base[0][0][c];
        view.forEach((row, y) => row.forEach((px, x) => expect(px[c] - base[y][x][c]).toBeCloseTo(offset, 3)));
        expect(Math.abs(offset)).toBeLessThanOrEqual(40);
        return offset;
      }),
    );
    // Per-channel, not one grey offset: in some view the channels moved by clearly different amounts.
    expect(offsets.some(([r, g, b]) => Math.max(r, g, b) - Math.min(r, g, b) > 10)).toBe(true);
    input.dispose();
  });

  it('scales every pixel by one brightness factor per view within 1 ± brightness', () => {
    const input = image(6, 6, (x, y, c) => 60 + 10 * x + y + c);
    const base = mean(input.arraySync());
    const factors = run(input, only({ brightness: 0.3 })).map((view) => mean(view) / base);
    for (const f of factors) {
      expect(f).toBeGreaterThanOrEqual(0.7 - 1e-6);
      expect(f).toBeLessThanOrEqual(1.3 + 1e-6);
    }
    expect(factors.some((f) => Math.abs(f - 1) > 0.05)).toBe(true);
    input.dispose();
  });

  it('stretches or flattens contrast about the mean, which stays put', () => {
    const input = image(6, 6, (x) => 80 + 20 * x);
    const spread = (view: number[][][]) => channelMean(view.map((row) => row.slice(3)), 0) - channelMean(view.map((row) => row.slice(0, 3)), 0);
    const baseSpread = spread(input.arraySync());
    const views = run(input, only({ contrast: 0.5 }));
    for (const view of views) expect(mean(view)).toBeCloseTo(130, 3);
    const ratios = views.map((view) => spread(view) / baseSpread);
    for (const r of ratios) expect(Math.abs(r - 1)).toBeLessThanOrEqual(0.5 + 1e-6);
    expect(ratios.some((r) => Math.abs(r - 1) > 0.1)).toBe(true);
    input.dispose();
  });

  it('zooms in: a centred bright square covers more of the view', () => {
    const input = image(20, 20, (x, y) => (x >= 7 && x < 13 && y >= 7 && y < 13 ? 255 : 0));
    const bright = (view: number[][][]) => pixels(view).filter((p) => p[0] > 127).length;
    // With maxZoom 0.3 every crop still contains the whole square, so it can only grow.
    const counts = run(input, only({ maxZoom: 0.3 })).map(bright);
    for (const n of counts) expect(n).toBeGreaterThanOrEqual(36);
    expect(Math.max(...counts)).toBeGreaterThan(45);
    input.dispose();
  });

  it('rotates about the centre: an off-centre square moves but keeps its distance from the centre', () => {
    const side = 33;
    const input = image(side, side, (x, y) => (x >= 4 && x < 10 && y >= 14 && y < 19 ? 255 : 0));
    const centroid = (view: number[][][]) => {
      let sx = 0;
      let sy = 0;
      let total = 0;
      view.forEach((row, y) => row.forEach((px, x) => {
        const weight = Math.max(0, px[0] - 127); // the bright square only, not the grey fill
        sx += weight * x;
        sy += weight * y;
        total += weight;
      }));
      return [sx / total, sy / total];
    };
    const [x0, y0] = centroid(input.arraySync());
    const centre = (side - 1) / 2;
    const radius = Math.hypot(x0 - centre, y0 - centre);
    const moves = run(input, only({ maxRotationDeg: 30 })).map((view) => {
      const [x, y] = centroid(view);
      expect(Math.abs(Math.hypot(x - centre, y - centre) - radius)).toBeLessThan(1.5);
      return Math.hypot(x - x0, y - y0);
    });
    expect(Math.max(...moves)).toBeGreaterThan(3);
    input.dispose();
  });

  it('fills the corners a rotation uncovers with the mean grey, not black', () => {
    const input = image(12, 12, () => 100);
    const values = run(input, only({ maxRotationDeg: 45 })).flat(3);
    for (const v of values) expect(v).toBeCloseTo(100, 3);
    input.dispose();
  });

  it('leaves exactly one new tensor and the input untouched', () => {
    const input = textured();
    const before = input.arraySync();
    const count = tf.memory().numTensors;
    const out = augmentImage(input, resolveAugmentSettings({ mirror: true, maxZoom: 0.3 }), 5);
    expect(tf.memory().numTensors).toBe(count + 1);
    expect(input.isDisposed).toBe(false);
    expect(input.arraySync()).toEqual(before);
    out.dispose();
    expect(tf.memory().numTensors).toBe(count);
    input.dispose();
  });

  it('throws, leaving no tensor, for 0 views, a non-RGB image or a non-finite seed', () => {
    const input = textured();
    const grey = tf.zeros([4, 4, 1]) as tf.Tensor3D;
    const count = tf.memory().numTensors;
    expect(() => augmentImage(input, { ...NONE, views: 0 }, 1)).toThrow(/at least 1 view/);
    expect(() => augmentImage(grey, NONE, 1)).toThrow(RangeError);
    expect(() => augmentImage(input, NONE, Number.NaN)).toThrow(/seed/);
    expect(() => augmentImage(input, { ...NONE, maxZoom: 2 }, 1)).toThrow(/zoom/);
    expect(tf.memory().numTensors).toBe(count);
    input.dispose();
    grey.dispose();
  });
});
