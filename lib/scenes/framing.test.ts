import { describe, expect, it } from 'vitest';
import { createRandom } from '../train';
import { CUT_PAST_EDGE, FAR_RESOLUTION, planFraming, type Framing } from './framing';

const SIDE = 224;
/** A hand's landmark box in the middle of a crop, as `handBox` leaves it (a quarter of its side as margin). */
const BOX = { x: 40, y: 50, width: 130, height: 150 };

function plans(count: number, seed = 3): Framing[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => planFraming(BOX, SIDE, random));
}

describe('planFraming', () => {
  it('cuts the hand by each of the four edges and shows it far away, about half the views each', () => {
    const all = plans(800);
    const far = all.filter((f) => f.kind === 'far').length;
    expect(far / all.length).toBeGreaterThan(0.42);
    expect(far / all.length).toBeLessThan(0.58);
    for (const edge of ['left', 'right', 'top', 'bottom']) expect(all.filter((f) => f.kind === 'cut' && f.edge === edge).length).toBeGreaterThan(60);
  });

  it('moves a cut hand so that between 5% and 45% of its box lies past that edge, and only across it', () => {
    for (const f of plans(400)) {
      if (f.kind !== 'cut') continue;
      const left = BOX.x + f.dx;
      const top = BOX.y + f.dy;
      const past = { left: -left / BOX.width, right: (left + BOX.width - SIDE) / BOX.width, top: -top / BOX.height, bottom: (top + BOX.height - SIDE) / BOX.height }[f.edge];
      expect(past).toBeGreaterThanOrEqual(CUT_PAST_EDGE[0] - 1e-9);
      expect(past).toBeLessThanOrEqual(CUT_PAST_EDGE[1] + 1e-9);
      expect(f.edge === 'left' || f.edge === 'right' ? f.dy : f.dx).toBe(0);
    }
  });

  it('draws a far hand at 12% to 50% of the crop side', () => {
    for (const f of plans(400)) {
      if (f.kind !== 'far') continue;
      expect(f.side).toBeGreaterThanOrEqual(Math.round(SIDE * FAR_RESOLUTION[0]));
      expect(f.side).toBeLessThanOrEqual(Math.round(SIDE * FAR_RESOLUTION[1]));
    }
  });

  it('takes three draws whatever it plans, so the views after it keep their random choices', () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const random = createRandom(seed);
      planFraming(BOX, SIDE, random);
      const next = random();
      const reference = createRandom(seed);
      reference();
      reference();
      reference();
      expect(next).toBe(reference());
    }
  });

  it('repeats itself for a seed', () => {
    expect(plans(20, 9)).toEqual(plans(20, 9));
  });
});
