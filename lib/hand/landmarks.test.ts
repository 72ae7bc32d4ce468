import { describe, expect, it } from 'vitest';
import { FINGER_NAMES, FINGERS, HAND_LANDMARK_COUNT, WRIST } from './landmarks';

describe('hand landmark layout', () => {
  it('lists every landmark after the wrist exactly once, thumb to pinky, base to tip', () => {
    const order = FINGER_NAMES.flatMap((name) => FINGERS[name]);
    expect([WRIST, ...order]).toEqual(Array.from({ length: HAND_LANDMARK_COUNT }, (_, i) => i));
  });

  it('names every finger once', () => {
    expect([...FINGER_NAMES].sort()).toEqual(Object.keys(FINGERS).sort());
  });
});
