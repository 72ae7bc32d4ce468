import { describe, expect, it } from 'vitest';
import { formatChange, formatCompact, formatCount, formatShape } from './format';

describe('format', () => {
  it('writes counts, compact counts, shapes and signed changes', () => {
    expect(formatCount(138_357_544)).toBe('138,357,544');
    expect(formatCount(6797.7)).toBe('6,797.7');
    expect(formatCompact(21_797_672)).toBe('21.8M');
    expect(formatCompact(1_582_671_872)).toBe('1.58G');
    expect(formatShape([7, 7, 256])).toBe('7x7x256');
    expect(formatChange(0.08)).toBe('+8.0%');
    expect(formatChange(-0.05)).toBe('−5.0%');
    expect(formatChange(-0.00002)).toBe('0.0%');
  });
});
