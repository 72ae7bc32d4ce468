import { describe, expect, it } from 'vitest';
import { augmentCost, backgroundViews, DEFAULT_AUGMENT, describeAugment, resolveAugmentSettings, type AugmentSettings } from './settings';

describe('resolveAugmentSettings', () => {
  it('fills in the documented defaults', () => {
    expect(resolveAugmentSettings()).toEqual({ views: 4, maxZoom: 0.15, maxRotationDeg: 12, brightness: 0.2, contrast: 0.2, colorShift: 12, mirror: false, backgrounds: 0.5 });
    expect(resolveAugmentSettings({})).toEqual(DEFAULT_AUGMENT);
  });

  it('keeps given fields, fills the rest, and treats undefined as missing', () => {
    expect(resolveAugmentSettings({ views: 0, mirror: true, maxZoom: undefined })).toEqual({ ...DEFAULT_AUGMENT, views: 0, mirror: true });
    expect(resolveAugmentSettings({ views: 16, maxZoom: 0.5, maxRotationDeg: 45, brightness: 1, contrast: 1, colorShift: 128 }).colorShift).toBe(128);
  });

  it('returns a new object and never mutates the input', () => {
    const input: Partial<AugmentSettings> = Object.freeze({ views: 2 });
    const out = resolveAugmentSettings(input);
    expect(input).toEqual({ views: 2 });
    expect(out).not.toBe(input);
    expect(resolveAugmentSettings(DEFAULT_AUGMENT)).not.toBe(DEFAULT_AUGMENT);
    expect(Object.isFrozen(DEFAULT_AUGMENT)).toBe(true);
  });

  it.each<[Partial<AugmentSettings>, RegExp]>([
    [{ views: 17 }, /number of augmented views must be a whole number from 0 to 16; got 17/],
    [{ views: 1.5 }, /whole number/],
    [{ views: -1 }, /views/],
    [{ views: Number.NaN }, /views/],
    [{ maxZoom: 0.6 }, /maximum zoom must be a number from 0 to 0.5; got 0.6/],
    [{ maxZoom: -0.1 }, /zoom/],
    [{ maxRotationDeg: 46 }, /rotation/],
    [{ brightness: 1.1 }, /brightness/],
    [{ contrast: -0.1 }, /contrast/],
    [{ colorShift: 200 }, /colour shift/],
    [{ colorShift: '12' as unknown as number }, /colour shift/],
    [{ mirror: 'yes' as unknown as boolean }, /Mirroring must be true or false/],
  ])('throws a RangeError for %o', (partial, message) => {
    expect(() => resolveAugmentSettings(partial)).toThrow(RangeError);
    expect(() => resolveAugmentSettings(partial)).toThrow(message);
  });
});

describe('describeAugment', () => {
  it('lists every change with its strength and gives the mirroring caveat', () => {
    expect(describeAugment(DEFAULT_AUGMENT)).toBe(
      '4 extra views per sample: zoom up to 15%, rotation ±12°, brightness ±20%, contrast ±20%, colour shift ±12 per channel; ' +
        'in hand modes 2 of them show the hand in front of a new background; mirroring off (it turns a right hand into a left hand).',
    );
  });

  it('leaves out changes set to 0 and says when mirroring is on', () => {
    const text = describeAugment({ ...DEFAULT_AUGMENT, views: 1, maxZoom: 0, colorShift: 0, mirror: true });
    expect(text).toMatch(/^1 extra view per sample: rotation ±12°, brightness ±20%, contrast ±20%; in hand modes 1 of them shows the hand in front of a new background; mirroring on/);
    expect(describeAugment({ ...DEFAULT_AUGMENT, backgrounds: 0 })).not.toContain('background');
    expect(text).toContain('a right hand also shows up as a left hand');
    expect(text).not.toMatch(/zoom|colour/);
  });

  it('says when nothing changes', () => {
    expect(describeAugment({ ...DEFAULT_AUGMENT, views: 0 })).toMatch(/^Augmentation off/);
    const flat = { ...DEFAULT_AUGMENT, maxZoom: 0, maxRotationDeg: 0, brightness: 0, contrast: 0, colorShift: 0 };
    expect(describeAugment(flat)).toContain('no changes (every strength is 0)');
  });
});

describe('backgroundViews', () => {
  it('is the share of the views that move the hand onto a new background, rounded', () => {
    expect(backgroundViews(DEFAULT_AUGMENT)).toBe(2);
    expect(backgroundViews({ ...DEFAULT_AUGMENT, views: 5, backgrounds: 0.25 })).toBe(1);
    expect(backgroundViews({ ...DEFAULT_AUGMENT, views: 3, backgrounds: 1 })).toBe(3);
    expect(backgroundViews({ ...DEFAULT_AUGMENT, backgrounds: 0 })).toBe(0);
  });

  it('is a share from 0 to 1', () => {
    expect(() => resolveAugmentSettings({ backgrounds: 1.5 })).toThrow('The share of views on new backgrounds must be a number from 0 to 1; got 1.5.');
    expect(resolveAugmentSettings({ backgrounds: 0 }).backgrounds).toBe(0);
  });
});

describe('augmentCost', () => {
  it('counts the original plus each view', () => {
    expect(augmentCost(DEFAULT_AUGMENT)).toBe(5);
    expect(augmentCost({ ...DEFAULT_AUGMENT, views: 0 })).toBe(1);
    expect(augmentCost({ ...DEFAULT_AUGMENT, views: 16 })).toBe(17);
  });
});
