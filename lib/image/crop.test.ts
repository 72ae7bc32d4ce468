import { describe, expect, it } from 'vitest';
import { centerSquare } from './crop';

describe('centerSquare', () => {
  it('crops the middle of a landscape frame', () => {
    expect(centerSquare(640, 480)).toEqual({ x: 80, y: 0, size: 480 });
  });

  it('crops the middle of a portrait photo', () => {
    expect(centerSquare(300, 500)).toEqual({ x: 0, y: 100, size: 300 });
  });

  it('keeps a square image whole', () => {
    expect(centerSquare(224, 224)).toEqual({ x: 0, y: 0, size: 224 });
  });

  it('rounds an odd margin down to whole pixels', () => {
    expect(centerSquare(101, 100)).toEqual({ x: 0, y: 0, size: 100 });
    expect(centerSquare(103, 100)).toEqual({ x: 1, y: 0, size: 100 });
  });

  it.each([
    [0, 100],
    [100, 0],
    [-5, 10],
    [Number.NaN, 10],
  ])('throws for a %sx%s image', (w, h) => {
    expect(() => centerSquare(w, h)).toThrow(RangeError);
  });
});
