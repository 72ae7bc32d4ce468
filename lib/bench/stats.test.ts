import { describe, expect, it } from 'vitest';
import { formatTable, iterationsFor, median } from './stats';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([42])).toBe(42);
  });

  it('averages the middle two of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('ignores a single outlier, unlike the mean', () => {
    expect(median([18, 19, 20, 21, 900])).toBe(20);
  });

  it('leaves the caller’s array in its order', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('throws on no values', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('iterationsFor', () => {
  it('times 30 runs when one run is quick and 10 when it takes over 200 ms', () => {
    expect(iterationsFor(18)).toBe(30);
    expect(iterationsFor(200)).toBe(30);
    expect(iterationsFor(201)).toBe(10);
  });
});

describe('formatTable', () => {
  it('pads columns to their widest cell, aligns as asked and rules off the header', () => {
    const text = formatTable(
      ['Figure', 'wasm', 'webgl'],
      [
        ['Backbone', '18.2 ms', '206.0 ms'],
        ['Ratio', '1.10', '1.05'],
      ],
      ['left', 'right', 'right'],
    );
    expect(text.split('\n')).toEqual([
      'Figure       wasm     webgl',
      '--------  -------  --------',
      'Backbone  18.2 ms  206.0 ms',
      'Ratio        1.10      1.05',
    ]);
  });

  it('left-aligns by default and trims trailing spaces', () => {
    expect(formatTable(['a', 'b'], [['long cell', 'x']])).toBe('a          b\n---------  -\nlong cell  x');
    expect(formatTable(['name', 'v'], [['x', '']]).split('\n')[2]).toBe('x');
  });

  it('prints only the header and rule when there are no rows', () => {
    expect(formatTable(['Figure'], [])).toBe('Figure\n------');
  });

  it('rejects a row whose cell count differs from the header', () => {
    expect(() => formatTable(['a', 'b'], [['only one']])).toThrow(/1 cells; the header has 2/);
  });
});
