import { describe, expect, it } from 'vitest';
import { rgbaToRgb } from './pixels';

describe('rgbaToRgb', () => {
  const rgba = Uint8ClampedArray.from([1, 2, 3, 255, 10, 20, 30, 0, 255, 128, 0, 7]);

  it('drops alpha and keeps channel order', () => {
    expect(Array.from(rgbaToRgb(rgba))).toEqual([1, 2, 3, 10, 20, 30, 255, 128, 0]);
  });

  it('fills and returns the given buffer', () => {
    const into = new Float32Array(9).fill(-1);
    expect(rgbaToRgb(rgba, into)).toBe(into);
    expect(Array.from(into)).toEqual([1, 2, 3, 10, 20, 30, 255, 128, 0]);
  });

  it('rejects a buffer of the wrong size and data that is not RGBA', () => {
    expect(() => rgbaToRgb(rgba, new Float32Array(8))).toThrow(RangeError);
    expect(() => rgbaToRgb([1, 2, 3])).toThrow(RangeError);
  });
});
