import { describe, expect, it } from 'vitest';
import { argMax, evaluatePredictions } from './metrics';

describe('evaluatePredictions', () => {
  it('counts the confusion matrix with true classes as rows', () => {
    const e = evaluatePredictions(['a', 'b', 'c'], [0, 0, 0, 1, 1, 2], [0, 1, 0, 1, 2, 2]);
    expect(e.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(e.total).toBe(6);
    expect(e.accuracy).toBeCloseTo(4 / 6, 12);
    expect(e.perClassAccuracy[0]).toBeCloseTo(2 / 3, 12);
    expect(e.perClassAccuracy.slice(1)).toEqual([0.5, 1]);
    expect(e.classNames).toEqual(['a', 'b', 'c']);
  });

  it('gives null accuracy for a class with no rows, even if it was predicted', () => {
    const e = evaluatePredictions(['a', 'b', 'c'], Int32Array.from([0, 2, 2]), Int32Array.from([1, 2, 1]));
    expect(e.perClassAccuracy).toEqual([0, null, 0.5]);
    expect(e.confusion[1]).toEqual([0, 0, 0]);
    expect(e.accuracy).toBeCloseTo(1 / 3, 12);
  });

  it('is all zeros for no rows', () => {
    const e = evaluatePredictions(['a', 'b'], [], []);
    expect(e.total).toBe(0);
    expect(e.accuracy).toBe(0);
    expect(e.perClassAccuracy).toEqual([null, null]);
  });

  it('copies the class names', () => {
    const names = ['a', 'b'];
    const e = evaluatePredictions(names, [0], [0]);
    names.push('c');
    expect(e.classNames).toEqual(['a', 'b']);
  });

  it('throws when truth and predictions differ in length', () => {
    expect(() => evaluatePredictions(['a', 'b'], [0, 1], [0])).toThrow('Truth and predictions differ in length.');
  });

  it('throws for a class index out of range on either side', () => {
    expect(() => evaluatePredictions(['a', 'b'], [0, 2], [0, 1])).toThrow('Row 1 names a class outside 0..1.');
    expect(() => evaluatePredictions(['a', 'b'], [0, 1], [-1, 1])).toThrow(RangeError);
    expect(() => evaluatePredictions(['a', 'b'], [0, 1], [0, 5])).toThrow(RangeError);
  });
});

describe('argMax', () => {
  it('returns the index of the largest value', () => {
    expect(argMax([0.1, 0.3, 0.2])).toBe(1);
    expect(argMax(Float32Array.from([-5, -1, -3]))).toBe(1);
    expect(argMax([7])).toBe(0);
  });

  it('returns the first of equal maxima', () => {
    expect(argMax([1, 3, 3, 2])).toBe(1);
  });
});
