import { describe, expect, it } from 'vitest';
import { chooseStrategy } from './choose-strategy';

describe('chooseStrategy', () => {
  it('returns the proposal on auto, or when the choice equals it', () => {
    expect(chooseStrategy('auto', [12, 30])).toMatchObject({ kind: 'head-only', trainableBlocks: 0 });
    expect(chooseStrategy('head-only', [12, 30]).reason).not.toContain('You chose');
  });

  it('honours an override and says what was proposed', () => {
    const s = chooseStrategy('fine-tune-top', [12, 30]);
    expect(s).toMatchObject({ kind: 'fine-tune-top', trainableBlocks: 1 });
    expect(s.trainableLayers).toContain('conv_pw_13');
    expect(s.reason).toContain('You chose');
    expect(s.reason).toContain('12 samples');
    expect(chooseStrategy('fine-tune-more', [5, 5]).trainableLayers).toContain('conv_dw_12');
    expect(chooseStrategy('head-only', [500, 500]).trainableBlocks).toBe(0);
  });
});

describe('chooseStrategy in landmark modes', () => {
  it('trains the head only whatever the data or the choice, and says why', () => {
    for (const mode of ['fused', 'landmarks'] as const) {
      const strategy = chooseStrategy('fine-tune-more', [500, 500], mode);
      expect(strategy.trainableBlocks).toBe(0);
      expect(strategy.reason).toContain('hand landmarks');
    }
    expect(chooseStrategy('auto', [500, 500], 'crop').trainableBlocks).toBe(2);
  });
});
