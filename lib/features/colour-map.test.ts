import { describe, expect, it } from 'vitest';
import { colourise } from './colour-map';

describe('colourise', () => {
  it('maps 0 to the dark end and 255 to the bright end, opaque, brighter as values grow', () => {
    const values = Uint8Array.from([0, 64, 128, 192, 255]);
    const rgba = new Uint8ClampedArray(values.length * 4);
    colourise(values, rgba);
    expect(Array.from(rgba.slice(0, 4))).toEqual([20, 12, 60, 255]);
    expect(Array.from(rgba.slice(16, 20))).toEqual([250, 230, 40, 255]);
    const brightness = values.reduce<number[]>((out, _, i) => [...out, rgba[i * 4] * 0.299 + rgba[i * 4 + 1] * 0.587 + rgba[i * 4 + 2] * 0.114], []);
    for (let i = 1; i < brightness.length; i += 1) expect(brightness[i]).toBeGreaterThan(brightness[i - 1]);
  });

  it('refuses an output of the wrong size', () => {
    expect(() => colourise(new Uint8Array(4), new Uint8ClampedArray(4))).toThrow(RangeError);
  });
});
