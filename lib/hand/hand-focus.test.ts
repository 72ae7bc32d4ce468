import { describe, expect, it } from 'vitest';
import { handFocus, LANDMARK_OPTIONS } from './hand-focus';
import { landmarkFeatures } from './landmark-features';
import type { Hand } from './landmarks';

/** An open hand, roughly upright, in 0..1 image coordinates. */
function hand(): Hand {
  const landmarks = Array.from({ length: 21 }, (_, i) => {
    const finger = i === 0 ? -1 : Math.floor((i - 1) / 4);
    const joint = i === 0 ? 0 : ((i - 1) % 4) + 1;
    return { x: 0.5 + (finger - 2) * 0.06 * (joint > 0 ? 1 : 0), y: 0.8 - joint * 0.1, z: -0.01 * joint };
  });
  return { landmarks, handedness: 'Right' };
}

describe('handFocus', () => {
  it('gives the hand box in pixels and the live landmark features', () => {
    const h = hand();
    const focus = handFocus(h, 200, 100);
    expect(focus.box.size).toBeGreaterThan(0);
    expect(focus.box.x).toBeGreaterThanOrEqual(0);
    expect(focus.box.y + focus.box.size).toBeLessThanOrEqual(100);
    expect(Array.from(focus.landmarks)).toEqual(Array.from(landmarkFeatures(h, LANDMARK_OPTIONS, 2)));
  });
});
