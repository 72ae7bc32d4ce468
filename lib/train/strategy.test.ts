import { describe, expect, it } from 'vitest';
import { FINE_TUNE_LEARNING_RATE_FACTOR, proposeStrategy, STRATEGY_LABELS, STRATEGY_THRESHOLDS } from './strategy';

const BLOCK_12 = ['conv_dw_12', 'conv_dw_12_bn', 'conv_pw_12', 'conv_pw_12_bn'];
const BLOCK_13 = ['conv_dw_13', 'conv_dw_13_bn', 'conv_pw_13', 'conv_pw_13_bn'];

/** One sentence: a capital first letter, a single full stop at the very end. */
const ONE_SENTENCE = /^[A-Z][^.]*(\.\d[^.]*)*\.$/;

describe('proposeStrategy', () => {
  it.each([
    [[25, 60, 80], 'head-only', 0],
    [[39, 500], 'head-only', 0],
    [[40, 41], 'fine-tune-top', 1],
    [[149, 300], 'fine-tune-top', 1],
    [[150, 150], 'fine-tune-more', 2],
    [[1000], 'fine-tune-more', 2],
  ] as const)('judges %o by the smallest class: %s', (counts, kind, blocks) => {
    const strategy = proposeStrategy(counts);
    expect(strategy.kind).toBe(kind);
    expect(strategy.trainableBlocks).toBe(blocks);
    expect(strategy.reason).toContain(`has ${Math.min(...counts)} samples`);
    expect(strategy.reason).toMatch(ONE_SENTENCE);
  });

  it('lists the layers that train: the head, then block 13, then blocks 12 and 13', () => {
    expect(proposeStrategy([10, 10]).trainableLayers).toEqual(['head']);
    expect(proposeStrategy([100, 100]).trainableLayers).toEqual([...BLOCK_13, 'head']);
    expect(proposeStrategy([200, 200]).trainableLayers).toEqual([...BLOCK_12, ...BLOCK_13, 'head']);
  });

  it('says what each choice means in the reason', () => {
    expect(proposeStrategy([25, 30]).reason).toBe(
      'Your smallest class has 25 samples: with so little data, freeze the whole pretrained network and train only a new head (fewer weights to fit, less overfitting).',
    );
    expect(proposeStrategy([60]).reason).toMatch(/last block at a learning rate 10 times lower/);
    expect(proposeStrategy([160]).reason).toMatch(/last two blocks at a learning rate 10 times lower/);
    expect(FINE_TUNE_LEARNING_RATE_FACTOR).toBe(0.1);
  });

  it('uses the singular for one sample and handles an empty class', () => {
    expect(proposeStrategy([1, 50]).reason).toMatch(/^Your smallest class has 1 sample:/);
    expect(proposeStrategy([0, 50]).kind).toBe('head-only');
  });

  it('proposes head-only with a sentence when there are no classes', () => {
    const strategy = proposeStrategy([]);
    expect(strategy).toMatchObject({ kind: 'head-only', trainableBlocks: 0, trainableLayers: ['head'] });
    expect(strategy.reason).toMatch(ONE_SENTENCE);
    expect(strategy.reason).toMatch(/no samples/);
  });

  it('throws for a count that is not a whole number of 0 or more', () => {
    for (const bad of [-1, 2.5, Number.NaN]) expect(() => proposeStrategy([10, bad])).toThrow(RangeError);
  });

  it('keeps the documented thresholds and a label for every kind', () => {
    expect(STRATEGY_THRESHOLDS).toEqual({ fineTuneTop: 40, fineTuneMore: 150 });
    expect(Object.keys(STRATEGY_LABELS).sort()).toEqual(['fine-tune-more', 'fine-tune-top', 'head-only']);
    for (const label of Object.values(STRATEGY_LABELS)) expect(label.length).toBeGreaterThan(0);
  });
});
