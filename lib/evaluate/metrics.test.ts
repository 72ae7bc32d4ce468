import { describe, expect, it } from 'vitest';
import { argMax, describeAccuracy, evaluatePredictions, noHandCount } from './metrics';

describe('evaluatePredictions', () => {
  it('counts the confusion matrix with true classes as rows', () => {
    const e = evaluatePredictions(['a', 'b', 'c'], [0, 0, 0, 1, 1, 2], [0, 1, 0, 1, 2, 2]);
    expect(e.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(e.total).toBe(6);
    expect(e.correct).toBe(4);
    expect(e.accuracy).toBeCloseTo(4 / 6, 12);
    expect(e.perClassAccuracy[0]).toBeCloseTo(2 / 3, 12);
    expect(e.perClassAccuracy.slice(1)).toEqual([0.5, 1]);
    expect(e.classNames).toEqual(['a', 'b', 'c']);
  });

  it('has no "no hand" outcome for a whole-frame model', () => {
    const e = evaluatePredictions(['a', 'b'], [0, 1], [0, 0]);
    expect(e.noHand).toBeNull();
    expect(noHandCount(e)).toBe(0);
  });

  it('counts photos with no hand found per true class, as misses in every accuracy', () => {
    // a: 2 classified (1 right) + 2 with no hand; b: 1 classified (right) + 0 with no hand.
    const e = evaluatePredictions(['a', 'b'], [0, 0, 1], [0, 1, 1], [0, 0]);
    expect(e.confusion).toEqual([
      [1, 1],
      [0, 1],
    ]);
    expect(e.noHand).toEqual([2, 0]);
    expect(noHandCount(e)).toBe(2);
    expect(e.total).toBe(5);
    expect(e.correct).toBe(2);
    expect(e.accuracy).toBeCloseTo(2 / 5, 12);
    expect(e.perClassAccuracy).toEqual([0.25, 1]);
  });

  it('gives a hand model a zero "no hand" count when every hand was found', () => {
    const e = evaluatePredictions(['a', 'b'], [0, 1], [0, 1], []);
    expect(e.noHand).toEqual([0, 0]);
    expect(e.accuracy).toBe(1);
  });

  it('scores 0 when no hand was found in any photo', () => {
    const e = evaluatePredictions(['a', 'b'], [], [], [1, 0, 1]);
    expect(e.confusion).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(e.noHand).toEqual([1, 2]);
    expect(e.total).toBe(3);
    expect(e.correct).toBe(0);
    expect(e.accuracy).toBe(0);
    expect(e.perClassAccuracy).toEqual([0, 0]);
  });

  it('gives null accuracy for a class with no photos, even if it was predicted', () => {
    const e = evaluatePredictions(['a', 'b', 'c'], Int32Array.from([0, 2, 2]), Int32Array.from([1, 2, 1]), [2]);
    expect(e.perClassAccuracy.slice(0, 2)).toEqual([0, null]);
    expect(e.perClassAccuracy[2]).toBeCloseTo(1 / 3, 12);
    expect(e.confusion[1]).toEqual([0, 0, 0]);
    expect(e.noHand).toEqual([0, 0, 1]);
    expect(e.accuracy).toBeCloseTo(1 / 4, 12);
  });

  it('is all zeros for no photos', () => {
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
    expect(() => evaluatePredictions(['a', 'b'], [0], [0], [0, 2])).toThrow('No-hand photo 1 names a class outside 0..1.');
  });
});

describe('describeAccuracy', () => {
  it('says the share of all photos, and nothing more when every photo was classified', () => {
    expect(describeAccuracy(evaluatePredictions(['a', 'b'], [0, 0, 1], [0, 1, 1]))).toBe('66.7% of 3 photos');
    expect(describeAccuracy(evaluatePredictions(['a', 'b'], [0, 1], [0, 1], []))).toBe('100.0% of 2 photos');
    expect(describeAccuracy(evaluatePredictions(['a', 'b'], [1], [1]))).toBe('100.0% of 1 photo');
  });

  it('says how many photos with no hand found count as misses', () => {
    expect(describeAccuracy(evaluatePredictions(['a', 'b'], [0, 0, 1], [0, 1, 1], [1]))).toBe('50.0% of 4 photos; 1 with no hand found counts as a miss');
    expect(describeAccuracy(evaluatePredictions(['a', 'b'], [], [], [0, 1]))).toBe('0.0% of 2 photos; 2 with no hand found count as misses');
  });

  it('says so when there is no photo to measure', () => {
    expect(describeAccuracy(evaluatePredictions(['a', 'b'], [], []))).toBe('— (no photo of a known class could be read)');
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
