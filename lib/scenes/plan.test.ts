import { describe, expect, it } from 'vitest';
import { createRandom } from '../train';
import { BACKGROUND_KINDS, planScene, SCENE_CONDITIONS, SCENE_HEIGHT, SCENE_WIDTH, type SceneCondition } from './plan';

const plans = (condition: SceneCondition, n = 200) => {
  const random = createRandom(3);
  return Array.from({ length: n }, () => planScene(condition, random));
};

describe('planScene', () => {
  it('is the same for the same seed, and takes the same draws whatever the condition', () => {
    expect(plans('room', 5)).toEqual(plans('room', 5));
    const a = createRandom(9);
    const b = createRandom(9);
    planScene('darker', a);
    planScene('cut-left', b);
    expect(a()).toBe(b());
  });

  it('keeps an ordinary hand whole inside the frame, in the light as it was', () => {
    for (const plan of plans('texture')) {
      const reach = (plan.handSize / 2) * Math.SQRT2;
      expect(plan.centre.x - reach).toBeGreaterThanOrEqual(0);
      expect(plan.centre.x + reach).toBeLessThanOrEqual(SCENE_WIDTH);
      expect(plan.centre.y - reach).toBeGreaterThanOrEqual(0);
      expect(plan.centre.y + reach).toBeLessThanOrEqual(SCENE_HEIGHT);
      expect(plan.background).toBe('texture');
      expect([plan.gain, ...plan.tint]).toEqual([1, 1, 1, 1]);
      expect(Math.abs(plan.angleDeg)).toBeLessThanOrEqual(8);
    }
  });

  it('cuts a fifth to a third of the hand by the named edge', () => {
    const share = { 'cut-left': (p: ReturnType<typeof planScene>) => (p.handSize / 2 - p.centre.x) / p.handSize, 'cut-right': (p: ReturnType<typeof planScene>) => (p.centre.x + p.handSize / 2 - SCENE_WIDTH) / p.handSize, 'cut-top': (p: ReturnType<typeof planScene>) => (p.handSize / 2 - p.centre.y) / p.handSize, 'cut-bottom': (p: ReturnType<typeof planScene>) => (p.centre.y + p.handSize / 2 - SCENE_HEIGHT) / p.handSize };
    for (const [condition, cut] of Object.entries(share)) {
      for (const plan of plans(condition as SceneCondition)) {
        expect(cut(plan)).toBeGreaterThanOrEqual(0.2 - 1e-9);
        expect(cut(plan)).toBeLessThanOrEqual(0.35 + 1e-9);
      }
    }
  });

  it('shrinks to a quarter, turns by 30 degrees, and changes only the light for the light conditions', () => {
    const ordinary = plans('texture').map((p) => p.handSize);
    expect(plans('quarter').map((p) => p.handSize)).toEqual(ordinary.map((s) => s / 4));
    expect(new Set(plans('rotate-left').map((p) => p.angleDeg))).toEqual(new Set([-30]));
    expect(new Set(plans('rotate-right').map((p) => p.angleDeg))).toEqual(new Set([30]));
    expect(Math.max(...plans('darker').map((p) => p.gain))).toBeLessThan(0.5);
    expect(Math.min(...plans('brighter').map((p) => p.gain))).toBeGreaterThan(1.4);
    expect(plans('colour-cast').every((p) => p.tint.some((t) => t !== 1) && p.gain === 1)).toBe(true);
  });

  it('draws every background kind for the conditions that do not name one', () => {
    expect(new Set(plans('quarter').map((p) => p.background))).toEqual(new Set(BACKGROUND_KINDS));
    expect(SCENE_CONDITIONS).toHaveLength(15);
  });
});
