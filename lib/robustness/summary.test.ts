import { describe, expect, it } from 'vitest';
import { SCENE_CONDITIONS, type SceneCondition } from '../scenes';
import { CONDITION_GROUPS, conditionResult, GROUP_ADVICE, GROUP_OF, RobustnessError, SMALL_DROP_POINTS, summarizeRobustness, type ConditionResult } from './summary';

const asIs = { accuracy: 0.98, images: 50, noHand: 0 };

/** Every condition at `accuracy` over `images` scenes, except those given. */
function results(accuracy: number, overrides: Partial<Record<SceneCondition, number>> = {}, images = 50): ConditionResult[] {
  return SCENE_CONDITIONS.map((c) => conditionResult(c, { accuracy: overrides[c] ?? accuracy, images, noHand: 0 }));
}

describe('grouping', () => {
  it('puts every scene condition in one of the four groups, each group with at least two', () => {
    for (const c of SCENE_CONDITIONS) expect(CONDITION_GROUPS).toContain(GROUP_OF[c]);
    const counts = CONDITION_GROUPS.map((g) => SCENE_CONDITIONS.filter((c) => GROUP_OF[c] === g).length);
    expect(counts).toEqual([5, 5, 2, 3]);
  });

  it('weights each condition of a group by its number of scenes, and lists them in lib/scenes order', () => {
    const conditions = [conditionResult('brighter', { accuracy: 1, images: 30, noHand: 0 }), conditionResult('darker', { accuracy: 0.5, images: 10, noHand: 4 })];
    const light = summarizeRobustness(asIs, conditions).groups.find((g) => g.group === 'light');
    expect(light?.accuracy).toBeCloseTo((30 + 5) / 40, 12);
    expect(light?.images).toBe(40);
    expect(light?.conditions.map((c) => c.condition)).toEqual(['darker', 'brighter']);
    expect(light?.conditions[0]).toMatchObject({ label: 'darker light', noHand: 4 });
  });

  it('gives a group with no scenes no accuracy and no drop', () => {
    const onlyBackgrounds = results(0.9).filter((c) => GROUP_OF[c.condition] === 'backgrounds');
    const summary = summarizeRobustness(asIs, onlyBackgrounds);
    expect(summary.groups.map((g) => [g.group, g.images, g.accuracy === null, g.dropPoints])).toEqual([
      ['backgrounds', 250, false, 8],
      ['position', 0, true, null],
      ['turned', 0, true, null],
      ['light', 0, true, null],
    ]);
    expect(summary.worst?.group).toBe('backgrounds');
  });

  it('counts a condition whose scenes are all missing (0 images) as no scenes', () => {
    const conditions = results(0.97).map((c) => (c.condition === 'rotate-left' ? conditionResult('rotate-left', { accuracy: 0, images: 0, noHand: 0 }) : c));
    const summary = summarizeRobustness(asIs, conditions);
    const turned = summary.groups.find((g) => g.group === 'turned');
    expect(turned?.images).toBe(50);
    expect(turned?.accuracy).toBeCloseTo(0.97, 12);
  });
});

describe('the worst group', () => {
  it('is the group that drops most, in whole percentage points as shown', () => {
    const summary = summarizeRobustness(asIs, results(0.96, { 'cut-left': 0.5, quarter: 0.7, texture: 0.8 }));
    // position: (0.5 + 0.96 * 3 + 0.7) / 5 = 0.816 → 82%; backgrounds: (0.8 + 0.96 * 4) / 5 = 0.928 → 93%.
    expect(summary.worst?.group).toBe('position');
    expect(summary.dropPoints).toBe(98 - 82);
    expect(summary.groups.find((g) => g.group === 'backgrounds')?.dropPoints).toBe(98 - 93);
  });

  it.each(CONDITION_GROUPS)('can be %s', (group) => {
    const low = Object.fromEntries(SCENE_CONDITIONS.filter((c) => GROUP_OF[c] === group).map((c) => [c, 0.6]));
    const summary = summarizeRobustness(asIs, results(0.97, low));
    expect(summary.worst?.group).toBe(group);
    expect(summary.advice).toBe(GROUP_ADVICE[group]);
    expect(summary.dropPoints).toBe(38);
  });

  it('takes the first group in order when two drop the same', () => {
    const summary = summarizeRobustness(asIs, results(0.97, { 'rotate-left': 0.7, 'rotate-right': 0.7, darker: 0.7, brighter: 0.7, 'colour-cast': 0.7 }));
    expect(summary.worst?.group).toBe('turned');
  });

  it('is none when no group drops more than a few points, or a group does better', () => {
    expect(summarizeRobustness(asIs, results(0.98 - SMALL_DROP_POINTS / 100)).worst).toBeNull();
    expect(summarizeRobustness(asIs, results(0.98 - (SMALL_DROP_POINTS + 1) / 100)).worst?.group).toBe('backgrounds');
    const better = summarizeRobustness({ accuracy: 0.8, images: 20, noHand: 0 }, results(0.9));
    expect(better.worst).toBeNull();
    expect(better.dropPoints).toBe(0);
  });
});

describe('the sentences', () => {
  it('say how much it drops on the worst group and what to record', () => {
    const summary = summarizeRobustness(asIs, results(0.97, { texture: 0.5, gradient: 0.6, stripes: 0.7, room: 0.8, scenery: 0.95 }));
    expect(summary.sentence).toBe('On your samples moved onto other backgrounds the model is right 71% of the time instead of 98%.');
    expect(summary.advice).toBe('Record a few samples in another room or in front of a busy background.');
  });

  it('name each group in words of its own', () => {
    const sentence = (group: string) => {
      const low = Object.fromEntries(SCENE_CONDITIONS.filter((c) => GROUP_OF[c] === group).map((c) => [c, 0.5]));
      const summary = summarizeRobustness(asIs, results(1, low));
      return [summary.sentence, summary.advice] as const;
    };
    expect(sentence('position')).toEqual([
      'On your samples moved to the edges of the frame or made smaller the model is right 50% of the time instead of 98%.',
      'Record a few samples with your hand near the edges of the frame and further from the camera.',
    ]);
    expect(sentence('turned')).toEqual(['On your samples turned 30° the model is right 50% of the time instead of 98%.', 'Record a few samples with your hand turned a little.']);
    expect(sentence('light')).toEqual([
      'On your samples in darker, brighter or coloured light the model is right 50% of the time instead of 98%.',
      'Record a few samples in dimmer and brighter light.',
    ]);
  });

  it('reassure, with the lowest group, when nothing drops more than a few points (5 at most)', () => {
    // light: (0.97 + 0.85 + 0.97) / 3 = 0.93 → 93%, 5 points below 98%.
    const summary = summarizeRobustness(asIs, results(0.97, { darker: 0.85 }));
    expect(summary.worst).toBeNull();
    expect(summary.advice).toBeNull();
    expect(summary.dropPoints).toBe(5);
    expect(summary.sentence).toBe(
      'On your samples moved onto other backgrounds and places, turned and in other light the model is right at least 93% of the time, close to the 98% on the samples as they are: it should hold up in other rooms and light.',
    );
  });
});

describe('edge cases', () => {
  it('throws "no-samples" with no sample measured', () => {
    const run = () => summarizeRobustness({ accuracy: 0, images: 0, noHand: 0 }, results(0.9));
    expect(run).toThrow(RobustnessError);
    expect(run).toThrow('The check needs at least one sample with a hand found.');
    try {
      run();
    } catch (error) {
      expect((error as RobustnessError).kind).toBe('no-samples');
    }
  });

  it('throws "no-samples" when no group has a scene', () => {
    expect(() => summarizeRobustness(asIs, [])).toThrow(RobustnessError);
    expect(() => summarizeRobustness(asIs, results(0.5, {}, 0))).toThrow('The check needs at least one sample with a hand found.');
  });

  it('keeps the figures it was given', () => {
    const conditions = results(0.9);
    const summary = summarizeRobustness(asIs, conditions);
    expect(summary.original).toBe(asIs);
    expect(summary.groups.flatMap((g) => g.conditions)).toHaveLength(conditions.length);
  });
});
