import { describe, expect, it } from 'vitest';
import { handFocus, LANDMARK_OPTIONS, STILL_IMAGE_MARGINS, stillImageMargin, unpadLandmarks } from './hand-focus';
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

describe('stillImageMargin / unpadLandmarks', () => {
  it('is a share of the longer side, tried from none upwards', () => {
    expect(stillImageMargin(100, 100, 0.5)).toBe(50);
    expect(stillImageMargin(640, 480, 0.5)).toBe(320);
    expect(STILL_IMAGE_MARGINS[0]).toBe(0);
  });

  it('leaves landmarks as they are without a margin', () => {
    const original = hand().landmarks;
    expect(unpadLandmarks(original, 0, 100, 80)).toEqual(original);
  });

  it('maps landmarks found in the padded image back to the image itself', () => {
    const width = 100;
    const height = 80;
    const margin = stillImageMargin(width, height, 0.5);
    const original = hand().landmarks;
    // Where the detector would report them in the padded image (0..1 of the padded size).
    const inPadded = original.map(({ x, y, z }) => ({ x: (x * width + margin) / (width + 2 * margin), y: (y * height + margin) / (height + 2 * margin), z: (z * width) / (width + 2 * margin) }));
    unpadLandmarks(inPadded, margin, width, height).forEach((p, i) => {
      expect(p.x).toBeCloseTo(original[i].x, 10);
      expect(p.y).toBeCloseTo(original[i].y, 10);
      expect(p.z).toBeCloseTo(original[i].z, 10);
    });
  });
});

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
