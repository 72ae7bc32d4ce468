import { describe, expect, it } from 'vitest';
import { convolve2d, pool2d, zeroPad } from './convolve';

const HALF_BRIGHT = Array.from({ length: 6 }, () => [10, 10, 10, 0, 0, 0]);
const VERTICAL_EDGE = [
  [1, 0, -1],
  [1, 0, -1],
  [1, 0, -1],
];

describe('convolve2d', () => {
  it('finds the vertical edge of the chapter: 6x6 half 10 / half 0 → 4x4 with 30 in the middle columns', () => {
    expect(convolve2d(HALF_BRIGHT, VERTICAL_EDGE)).toEqual(Array.from({ length: 4 }, () => [0, 30, 30, 0]));
  });

  it('keeps the size with same padding and skips positions with a stride', () => {
    const same = convolve2d(HALF_BRIGHT, VERTICAL_EDGE, { padding: 1 });
    expect(same).toHaveLength(6);
    // The zero padding on the left reads as a dark-to-bright edge (−30); the top row sees two image rows.
    expect(same[2]).toEqual([-30, 0, 30, 30, 0, 0]);
    expect(same[0]).toEqual([-20, 0, 20, 20, 0, 0]);
    const sevenBySeven = Array.from({ length: 7 }, () => [10, 10, 10, 0, 0, 0, 0]);
    expect(convolve2d(sevenBySeven, VERTICAL_EDGE, { stride: 2 })).toEqual(Array.from({ length: 3 }, () => [0, 30, 0]));
  });

  it('pads with zeros all round', () => {
    expect(zeroPad([[5]], 1)).toEqual([
      [0, 0, 0],
      [0, 5, 0],
      [0, 0, 0],
    ]);
  });

  it('throws the explanation when the windows do not fit', () => {
    expect(() => convolve2d(HALF_BRIGHT, VERTICAL_EDGE, { stride: 2 })).toThrow(/not a whole number/);
    expect(() => convolve2d(HALF_BRIGHT, [[1, 0]])).toThrow('The filter must be square.');
  });
});

describe('pool2d', () => {
  const grid = [
    [1, 3, 2, 1],
    [2, 9, 1, 1],
    [1, 3, 2, 3],
    [5, 6, 1, 2],
  ];
  it('max-pools and average-pools 2x2 windows with stride 2', () => {
    expect(pool2d(grid, { size: 2, stride: 2, mode: 'max' })).toEqual([
      [9, 2],
      [6, 3],
    ]);
    expect(pool2d(grid, { size: 2, stride: 2, mode: 'avg' })).toEqual([
      [3.75, 1.25],
      [3.75, 2],
    ]);
  });

  it('overlaps windows when the stride is smaller than the window', () => {
    expect(pool2d(grid, { size: 3, stride: 1, mode: 'max' })).toEqual([
      [9, 9],
      [9, 9],
    ]);
  });
});
