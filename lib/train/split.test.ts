import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from './split';

/** labels like [0,0,0,1,1,2,...] from per-class counts, interleaved so rows of a class are not contiguous. */
function labelsFor(counts: number[]): Int32Array {
  const labels: number[] = [];
  const left = [...counts];
  while (left.some((n) => n > 0)) {
    left.forEach((n, c) => {
      if (n > 0) {
        labels.push(c);
        left[c] -= 1;
      }
    });
  }
  return Int32Array.from(labels);
}

const sorted = (rows: number[]) => [...rows].sort((a, b) => a - b);

describe('stratifiedSplit', () => {
  const labels = labelsFor([20, 10, 2, 1, 7]);

  it('is disjoint and covers every row exactly once', () => {
    const { train, validation } = stratifiedSplit(labels, 0.2, 1);
    expect(sorted([...train, ...validation])).toEqual(Array.from({ length: labels.length }, (_, i) => i));
    expect(new Set([...train, ...validation]).size).toBe(labels.length);
  });

  it('holds out about the fraction of each class, at least one from any class with two or more rows', () => {
    const { train, validation } = stratifiedSplit(labels, 0.2, 1);
    const count = (rows: number[], c: number) => rows.filter((r) => labels[r] === c).length;
    expect([0, 1, 2, 3, 4].map((c) => count(validation, c))).toEqual([4, 2, 1, 0, 1]);
    expect([0, 1, 2, 3, 4].map((c) => count(train, c))).toEqual([16, 8, 1, 1, 6]);
  });

  it('never takes all of a class, even at a large fraction', () => {
    const small = labelsFor([2, 3]);
    const { train, validation } = stratifiedSplit(small, 0.99, 5);
    const count = (rows: number[], c: number) => rows.filter((r) => small[r] === c).length;
    expect([count(validation, 0), count(validation, 1)]).toEqual([1, 2]);
    expect([count(train, 0), count(train, 1)]).toEqual([1, 1]);
  });

  it('keeps a single-row class entirely in training', () => {
    const { train, validation } = stratifiedSplit(Int32Array.from([0, 0, 0, 1]), 0.3, 2);
    expect(train).toContain(3);
    expect(validation).not.toContain(3);
  });

  it('puts everything in training at fraction 0', () => {
    const { train, validation } = stratifiedSplit(labels, 0, 3);
    expect(validation).toEqual([]);
    expect(sorted(train)).toEqual(Array.from({ length: labels.length }, (_, i) => i));
  });

  it('is reproducible from the seed and shuffles the training rows', () => {
    const a = stratifiedSplit(labels, 0.2, 11);
    expect(stratifiedSplit(labels, 0.2, 11)).toEqual(a);
    const b = stratifiedSplit(labels, 0.2, 12);
    expect(b.train).not.toEqual(a.train);
    expect(a.train).not.toEqual(sorted(a.train));
  });

  it('handles no rows', () => {
    expect(stratifiedSplit([], 0.2, 1)).toEqual({ train: [], validation: [] });
  });

  it('throws for a fraction outside [0, 1)', () => {
    for (const bad of [-0.1, 1, 1.5, Number.NaN]) {
      expect(() => stratifiedSplit(labels, bad, 1)).toThrow(RangeError);
    }
  });
});
