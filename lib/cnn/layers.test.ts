import { describe, expect, it } from 'vitest';
import { inferNetwork } from './layers';

describe('inferNetwork', () => {
  it('chains shapes and sums parameters and multiply-adds row by row', () => {
    const table = inferNetwork('tiny', [8, 8, 3], [
      { kind: 'conv', name: 'conv', filters: 10, kernel: 3, padding: 'same' },
      { kind: 'pool', name: 'pool', mode: 'max', size: 2 },
      { kind: 'flatten', name: 'flatten' },
      { kind: 'dense', name: 'dense', units: 5 },
    ]);
    expect(table.rows.map((r) => [r.name, r.inputShape.join('x'), r.outputShape.join('x'), r.params, r.macs])).toEqual([
      ['conv', '8x8x3', '8x8x10', 280, 8 * 8 * 10 * 27],
      ['pool', '8x8x10', '4x4x10', 0, 0],
      ['flatten', '4x4x10', '160', 0, 0],
      ['dense', '160', '5', 805, 800],
    ]);
    expect(table.totalParams).toBe(1085);
    expect(table.totalMacs).toBe(17_280 + 800);
    expect(table.notes).toEqual([]);
  });

  it('notes where a framework floors (N + 2P − F)/S', () => {
    const table = inferNetwork('odd', [7, 7, 1], [{ kind: 'pool', name: 'pool', mode: 'max', size: 2, stride: 2 }]);
    expect(table.rows[0].outputShape).toEqual([3, 3, 1]);
    expect(table.notes).toEqual(['pool: (7 + 2·0 − 2)/2 is not whole; frameworks round down to 3, so the last padded row and column are never covered.']);
  });

  it('throws a RangeError naming the layer when a shape does not fit', () => {
    expect(() => inferNetwork('x', [4, 4, 3], [{ kind: 'conv', name: 'big', filters: 1, kernel: 5 }])).toThrow(/^big: The 5x5 filter is larger than the padded input/);
    expect(() => inferNetwork('x', [4, 4, 3], [{ kind: 'reshape', name: 'r', target: [10] }])).toThrow('r: cannot reshape 4x4x3 (48 values) to 10.');
    expect(() => inferNetwork('x', [4, 4, 3], [{ kind: 'conv', name: 'g', filters: 4, kernel: 1, groups: 2 }])).toThrow('g: 2 groups must divide both the 3 input channels and the 4 filters.');
    expect(() => inferNetwork('x', [48], [{ kind: 'conv', name: 'flat', filters: 1, kernel: 1 }])).toThrow('flat needs a [height, width, channels] input, not 48.');
    expect(() => inferNetwork('x', [4, 4, 3], [{ kind: 'conv', name: 'even', filters: 1, kernel: 2, padding: 'same' }])).toThrow(/^even: Same padding needs an odd filter size/);
  });
});
