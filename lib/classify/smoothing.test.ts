import { describe, expect, it } from 'vitest';
import { createSmoother, decide, topPrediction } from './smoothing';

const arr = (a: Float32Array) => Array.from(a);

describe('createSmoother', () => {
  it('returns the first frame unchanged, as a copy', () => {
    const s = createSmoother(0.3);
    const input = Float32Array.from([0.2, 0.8]);
    const out = s.update(input);
    expect(arr(out)).toEqual(arr(input));
    expect(out).not.toBe(input);
    out[0] = 99;
    expect(arr(s.update(Float32Array.from([0.2, 0.8])))).toEqual(arr(Float32Array.from([0.2, 0.8])));
  });

  it('never writes into the caller\'s arrays', () => {
    const s = createSmoother(0.5);
    const first = Float32Array.from([1, 0]);
    const second = Float32Array.from([0, 1]);
    s.update(first);
    s.update(second);
    expect(arr(first)).toEqual([1, 0]);
    expect(arr(second)).toEqual([0, 1]);
  });

  it('moves by `weight` of the gap each frame', () => {
    const s = createSmoother(0.5);
    s.update(Float32Array.from([1, 0]));
    expect(arr(s.update(Float32Array.from([0, 1])))).toEqual([0.5, 0.5]);
    expect(arr(s.update(Float32Array.from([0, 1])))).toEqual([0.25, 0.75]);
  });

  it('converges to a steady input', () => {
    const s = createSmoother(0.2);
    s.update(Float32Array.from([1, 0, 0]));
    let out: Float32Array = new Float32Array(3);
    for (let i = 0; i < 60; i += 1) out = s.update(Float32Array.from([0, 0.25, 0.75]));
    expect(out[0]).toBeCloseTo(0, 4);
    expect(out[1]).toBeCloseTo(0.25, 4);
    expect(out[2]).toBeCloseTo(0.75, 4);
  });

  it('does not smooth at weight 1', () => {
    const s = createSmoother(1);
    s.update(Float32Array.from([1, 0]));
    expect(arr(s.update(Float32Array.from([0.1, 0.9])))).toEqual(arr(Float32Array.from([0.1, 0.9])));
  });

  it('restarts after reset and when the class count changes', () => {
    const s = createSmoother(0.5);
    s.update(Float32Array.from([1, 0]));
    s.reset();
    expect(arr(s.update(Float32Array.from([0, 1])))).toEqual([0, 1]);
    expect(arr(s.update(Float32Array.from([0.5, 0.25, 0.25])))).toEqual([0.5, 0.25, 0.25]);
  });

  it('throws for a weight outside (0, 1]', () => {
    for (const bad of [0, -0.5, 1.01, Number.NaN]) expect(() => createSmoother(bad)).toThrow(RangeError);
  });
});

describe('topPrediction', () => {
  it('picks the most probable class with its label and confidence', () => {
    expect(topPrediction(Float32Array.from([0.1, 0.7, 0.2]), ['a', 'b', 'c'])).toEqual({ index: 1, label: 'b', confidence: Math.fround(0.7) });
    expect(topPrediction([0.4, 0.1, 0.5], ['a', 'b', 'c'])).toEqual({ index: 2, label: 'c', confidence: 0.5 });
  });

  it('takes the first of equal maxima', () => {
    expect(topPrediction([0.5, 0.5], ['a', 'b']).index).toBe(0);
  });

  it('throws when probabilities and class names differ in count, or are empty', () => {
    expect(() => topPrediction([0.5, 0.5], ['a', 'b', 'c'])).toThrow('Got 2 probabilities for 3 classes.');
    expect(() => topPrediction([], [])).toThrow(/Got 0 probabilities/);
  });
});

describe('decide', () => {
  it('marks a top class below the threshold as not confident', () => {
    expect(decide([0.5, 0.3, 0.2], ['a', 'b', 'c'], 0.6)).toEqual({ index: 0, label: 'a', confidence: 0.5, confident: false });
    expect(decide([0.1, 0.7, 0.2], ['a', 'b', 'c'], 0.6)).toMatchObject({ label: 'b', confident: true });
    expect(decide([0.1, 0.6, 0.3], ['a', 'b', 'c'], 0.6).confident).toBe(true);
  });

  it('rejects a threshold outside [0, 1]', () => {
    expect(() => decide([1], ['a'], 1.5)).toThrow(RangeError);
    expect(() => decide([1], ['a'], Number.NaN)).toThrow(RangeError);
  });
});
