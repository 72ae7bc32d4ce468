import { describe, expect, it } from 'vitest';
import { convOutputSize, convParams, poolOutputSize, samePadding } from './arithmetic';

describe('convOutputSize', () => {
  it('gives the chapter figures: 6x6 with a 3x3 filter is 4x4, 200x200 same-padded stays 200', () => {
    expect(convOutputSize(6, 3, 0, 1)).toEqual({ ok: true, size: 4 });
    const same = samePadding(3);
    expect(same).toEqual({ ok: true, padding: 1 });
    expect(convOutputSize(200, 3, 1, 1)).toEqual({ ok: true, size: 200 });
    expect(convOutputSize(7, 3, 0, 2)).toEqual({ ok: true, size: 3 });
  });

  it('explains a stride that does not fit and names settings that do', () => {
    const result = convOutputSize(6, 3, 0, 2);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('(N + 2P − F)/S = 3/2 = 1.5 is not a whole number, so the windows do not fit exactly. Change S to 1 or 3, or N to 7.');
    const padded = convOutputSize(6, 4, 0, 3);
    expect(padded.ok || padded.reason).toContain('Change S to 1 or 2, P to 2, or N to 7.');
    expect(convOutputSize(6, 3, 0, 2, 'floor')).toEqual({ ok: true, size: 2 });
  });

  it('explains a filter larger than the padded input and non-positive settings', () => {
    const big = convOutputSize(4, 7, 1, 1);
    expect(big.ok || big.reason).toBe('The 7x7 filter is larger than the padded input (N + 2P = 6): use F ≤ 6, or raise P to at least 2.');
    const zero = convOutputSize(6, 3, 0, 0);
    expect(zero.ok || zero.reason).toBe('The stride S must be a whole number of at least 1, not 0.');
    const negative = convOutputSize(6, 3, -1, 1);
    expect(negative.ok || negative.reason).toBe('The padding P must be a whole number of at least 0, not -1.');
    const fraction = convOutputSize(6.5, 3, 0, 1);
    expect(fraction.ok || fraction.reason).toContain('input size N must be a whole number');
  });

  it('refuses same padding for an even filter', () => {
    const even = samePadding(4);
    expect(even.ok || even.reason).toBe('Same padding needs an odd filter size: P = (F − 1)/2 = 1.5 is not a whole number. Use F = 3 or 5.');
  });
});

describe('poolOutputSize', () => {
  it('pools 4x4 to 2x2 with 2x2 windows and explains windows that do not fit', () => {
    expect(poolOutputSize(4, 2, 2)).toEqual({ ok: true, size: 2 });
    const odd = poolOutputSize(4, 3, 2);
    expect(odd.ok || odd.reason).toBe('(4 − 3)/2 = 0.5 is not a whole number, so the pooling windows do not fit the 4x4 grid exactly. Change the pool stride to 1, or the pool size to 2 or 4.');
    const big = poolOutputSize(2, 3, 1);
    expect(big.ok || big.reason).toBe('The 3x3 pool window is larger than the 2x2 grid it pools: use a pool size of 2 or less.');
    const empty = poolOutputSize(4, Number.NaN, 1);
    expect(empty.ok || empty.reason).toBe('The pool size must be a whole number of at least 1, not empty.');
  });
});

describe('convParams', () => {
  it('counts 280 parameters for ten 3x3x3 filters, whatever the image size', () => {
    expect(convParams(3, 3, 10)).toBe(280);
    expect(convParams(3, 3, 10, { bias: false })).toBe(270);
    // AlexNet's two-GPU conv2: each filter sees half the 96 channels.
    expect(convParams(5, 96, 256, { groups: 2 })).toBe(5 * 5 * 48 * 256 + 256);
  });
});
