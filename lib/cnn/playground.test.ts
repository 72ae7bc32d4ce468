import { describe, expect, it } from 'vitest';
import { convolve2d } from './convolve';
import { halfBrightImage, PRESET_FILTERS, resizeGrid } from './playground';

describe('playground presets', () => {
  it("reproduce the chapter's example: the vertical edge filter over the half-bright 6x6 image", () => {
    expect(halfBrightImage()[0]).toEqual([10, 10, 10, 0, 0, 0]);
    expect(convolve2d(halfBrightImage(), PRESET_FILTERS['vertical-edge'].grid)).toEqual(Array.from({ length: 4 }, () => [0, 30, 30, 0]));
    // A horizontal edge filter sees nothing in an image that only changes from left to right.
    expect(convolve2d(halfBrightImage(), PRESET_FILTERS['horizontal-edge'].grid)).toEqual(Array.from({ length: 4 }, () => [0, 0, 0, 0]));
    expect(convolve2d(halfBrightImage(), PRESET_FILTERS.sobel.grid)[0]).toEqual([0, 40, 40, 0]);
  });

  it('resizes a grid, keeping the values that still fit', () => {
    expect(resizeGrid([[1, 2], [3, 4]], 3, 0)).toEqual([
      [1, 2, 0],
      [3, 4, 0],
      [0, 0, 0],
    ]);
    expect(resizeGrid([[1, 2], [3, 4]], 1, 0)).toEqual([[1]]);
  });
});
