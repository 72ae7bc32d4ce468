import { describe, expect, it } from 'vitest';
import { LANDMARK_FEATURE_LAYOUT, LANDMARK_FEATURE_SIZE, landmarkFeatures } from './landmark-features';
import type { Hand, Handedness, Landmark } from './landmarks';

type Point = readonly [x: number, y: number, z: number];

/** A right hand in a 640x480 frame, in pixels (z on x's scale): thumb out, index hooked, middle up, ring and pinky curled. */
const PIXELS: readonly Point[] = [
  [300, 400, 0],
  [260, 380, -10], [230, 350, -18], [215, 320, -22], [205, 295, -25],
  [265, 300, -8], [258, 260, -12], [262, 240, -14], [270, 228, -15],
  [295, 295, -6], [293, 250, -10], [292, 222, -12], [291, 198, -13],
  [322, 302, -6], [326, 270, 4], [322, 285, 8], [318, 300, 6],
  [345, 315, -4], [352, 290, 2], [350, 300, 6], [346, 312, 5],
];

/** Normalises pixel points the way MediaPipe does for a `width` x `height` frame. */
function hand(points: readonly Point[], handedness: Handedness = 'Right', width = 640, height = 480): Hand {
  return { handedness, landmarks: points.map(([x, y, z]) => ({ x: x / width, y: y / height, z: z / width })) };
}

const move = (points: readonly Point[], f: (p: Point) => Point) => points.map(f);
const rotate = (angle: number, cx = 320, cy = 240) => ([x, y, z]: Point): Point => [
  cx + (x - cx) * Math.cos(angle) - (y - cy) * Math.sin(angle),
  cy + (x - cx) * Math.sin(angle) + (y - cy) * Math.cos(angle),
  z,
];

const ASPECT = 640 / 480;
const features = (h: Hand, rotation = false, aspect = ASPECT) => landmarkFeatures(h, { rotation }, aspect);
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i])), 0);
const part = (f: Float32Array, name: keyof typeof LANDMARK_FEATURE_LAYOUT) => {
  const { offset, length } = LANDMARK_FEATURE_LAYOUT[name];
  return Array.from(f.subarray(offset, offset + length));
};
/** Landmark i's normalised (x, y, z) in the feature vector. */
const coordinate = (f: Float32Array, i: number) => Array.from(f.subarray(3 * i, 3 * i + 3));

describe('landmarkFeatures', () => {
  it(`returns ${LANDMARK_FEATURE_SIZE} finite values, laid out back to back`, () => {
    const f = features(hand(PIXELS));
    expect(f).toBeInstanceOf(Float32Array);
    expect(f).toHaveLength(LANDMARK_FEATURE_SIZE);
    expect(f.every(Number.isFinite)).toBe(true);
    const parts = Object.values(LANDMARK_FEATURE_LAYOUT);
    expect(parts.map((p) => p.length)).toEqual([63, 15, 5, 4]);
    parts.forEach((p, i) => expect(p.offset).toBe(i === 0 ? 0 : parts[i - 1].offset + parts[i - 1].length));
    expect(parts.at(-1)!.offset + parts.at(-1)!.length).toBe(LANDMARK_FEATURE_SIZE);
  });

  it('measures a schematic hand in palm units, with bends as a fraction of π', () => {
    // Square frame; index, middle and pinky knuckles all 0.2 from the wrist, so the palm is 0.2.
    const p: Point[] = [
      [0.5, 0.8, 0],
      [0.4, 0.75, 0], [0.34, 0.7, 0], [0.3, 0.66, 0], [0.27, 0.63, 0],
      [0.38, 0.64, 0], [0.38, 0.54, 0], [0.38, 0.48, 0], [0.44, 0.48, 0],
      [0.5, 0.6, 0], [0.5, 0.5, 0], [0.5, 0.45, 0], [0.5, 0.4, 0],
      [0.56, 0.61, 0], [0.56, 0.52, 0], [0.56, 0.6, 0], [0.56, 0.66, 0],
      [0.62, 0.64, 0.02], [0.62, 0.58, 0.02], [0.62, 0.52, 0.02], [0.62, 0.46, 0.02],
    ];
    const f = landmarkFeatures(hand(p, 'Right', 1, 1), { rotation: false });
    const close = (got: number[], want: number[]) => got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    close(coordinate(f, 0), [0, 0, 0]);
    close(coordinate(f, 9), [0, -1, 0]);
    close(coordinate(f, 12), [0, -2, 0]);
    close(coordinate(f, 17), [0.6, -0.8, 0.1]);
    const angles = part(f, 'jointAngles');
    close(angles.slice(6, 9), [0, 0, 0]); // middle: straight
    expect(angles[4]).toBeCloseTo(0, 5); // index PIP: straight on
    expect(angles[5]).toBeCloseTo(0.5, 5); // index DIP: a right angle
    expect(angles[10]).toBeCloseTo(1, 5); // ring PIP: folded straight back
    close(part(f, 'tipToWrist').slice(1, 3), [Math.hypot(0.3, 1.6), 2]);
    close(part(f, 'thumbToTips').slice(0, 2), [Math.hypot(0.85, 0.75), Math.hypot(1.15, 1.15)]);
  });

  it('ignores where the hand is in the frame', () => {
    const shifted = move(PIXELS, ([x, y, z]) => [x + 137, y - 52, z + 9]);
    for (const rotation of [false, true]) expect(maxDiff(features(hand(shifted), rotation), features(hand(PIXELS), rotation))).toBeLessThan(1e-5);
  });

  it('ignores how far the hand is from the camera', () => {
    for (const s of [0.35, 1.8]) {
      const scaled = move(PIXELS, ([x, y, z]) => [100 + (x - 100) * s, 50 + (y - 50) * s, z * s]);
      for (const rotation of [false, true]) expect(maxDiff(features(hand(scaled), rotation), features(hand(PIXELS), rotation))).toBeLessThan(1e-5);
    }
  });

  it('ignores tilt in the image plane with rotation on', () => {
    for (const angle of [Math.PI / 6, Math.PI / 2, -0.75 * Math.PI, 3]) {
      expect(maxDiff(features(hand(move(PIXELS, rotate(angle))), true), features(hand(PIXELS), true))).toBeLessThan(1e-5);
    }
  });

  it('points the wrist→middle-knuckle line straight up with rotation on', () => {
    const f = features(hand(move(PIXELS, rotate(2))), true);
    expect(coordinate(f, 9)[0]).toBeCloseTo(0, 6);
    expect(coordinate(f, 9)[1]).toBeLessThan(0);
  });

  it('sees tilt in the coordinates, but not in the angles and distances, with rotation off', () => {
    const tilted = features(hand(move(PIXELS, rotate(Math.PI / 6))));
    const upright = features(hand(PIXELS));
    expect(maxDiff(tilted.subarray(0, 63), upright.subarray(0, 63))).toBeGreaterThan(0.1);
    expect(maxDiff(tilted.subarray(63), upright.subarray(63))).toBeLessThan(1e-5);
  });

  it('gives a left hand the features of the same gesture made with the right hand', () => {
    const mirrored = move(PIXELS, ([x, y, z]) => [640 - x, y, z]);
    for (const rotation of [false, true]) {
      expect(maxDiff(features(hand(mirrored, 'Left'), rotation), features(hand(PIXELS, 'Right'), rotation))).toBeLessThan(1e-5);
      expect(maxDiff(features(hand(PIXELS, 'Left'), rotation), features(hand(mirrored, 'Right'), rotation))).toBeLessThan(1e-5);
    }
    // Without the flip the mirror image is a different pose.
    expect(maxDiff(features(hand(mirrored, 'Right')), features(hand(PIXELS, 'Right')))).toBeGreaterThan(0.1);
  });

  it('gives the same hand the same features in frames of any shape, given the aspect ratio', () => {
    const want = features(hand(PIXELS));
    for (const [w, h] of [[480, 640], [1000, 1000], [1920, 1080]]) {
      expect(maxDiff(landmarkFeatures(hand(PIXELS, 'Right', w, h), { rotation: false }, w / h), want)).toBeLessThan(1e-5);
    }
    // Taking a 4:3 frame as square stretches the hand and bends its angles.
    const squashed = landmarkFeatures(hand(PIXELS), { rotation: false });
    expect(maxDiff(squashed.subarray(63), want.subarray(63))).toBeGreaterThan(0.01);
  });

  it('keeps angles in [0, 1] and every value finite when a bone has zero length', () => {
    const collapsed = PIXELS.map((p, i) => (i === 8 ? PIXELS[7] : p));
    const f = features(hand(collapsed), true);
    expect(f.every(Number.isFinite)).toBe(true);
    expect(part(f, 'jointAngles').every((a) => a >= 0 && a <= 1)).toBe(true);
    expect(part(f, 'jointAngles')[5]).toBe(0);
  });

  it('does not change the hand it is given', () => {
    const h = hand(PIXELS);
    const before = JSON.stringify(h);
    features(h, true);
    features({ ...h, handedness: 'Left' }, true);
    expect(JSON.stringify(h)).toBe(before);
  });

  it.each([20, 22, 0])('throws for a hand with %i landmarks', (count) => {
    const landmarks: Landmark[] = Array.from({ length: count }, (_, i) => hand(PIXELS).landmarks[i % 21]);
    expect(() => features({ handedness: 'Right', landmarks })).toThrow(RangeError);
  });

  it('throws when the wrist and knuckles coincide', () => {
    expect(() => features(hand(PIXELS.map(() => [300, 400, 0])))).toThrow(/palm/);
    const flatPalm = PIXELS.map((p, i) => ([5, 9, 17].includes(i) ? ([300, 400, p[2]] as const) : p));
    expect(() => features(hand(flatPalm))).toThrow(RangeError);
  });

  it('throws for a coordinate that is not a number', () => {
    for (const bad of [Number.NaN, Infinity]) {
      expect(() => features(hand(PIXELS.map((p, i) => (i === 12 ? [p[0], p[1], bad] : p))))).toThrow(RangeError);
    }
  });

  it.each([0, -1, Number.NaN, Infinity])('throws for an aspect ratio of %s', (aspect) => {
    expect(() => features(hand(PIXELS), false, aspect)).toThrow(RangeError);
  });
});
