import { describe, expect, it } from 'vitest';
import { LANDMARK_FEATURE_LAYOUT } from '../hand';
import { createRandom, TrainingError } from '../train';
import { clipFromRows, clipRow, LOG_SIZE, MOTION_ROW_LAYOUT, MOTION_ROW_SIZE, PRESENT, WRIST_X, WRIST_Y, type MotionClip } from './clip';
import {
  augmentClip,
  changeSpeed,
  DEFAULT_MOTION_AUGMENT,
  jitterClip,
  JOLT,
  joltClip,
  justEndedOffset,
  mirrorClip,
  mirrorLabel,
  motionSpan,
  partialOffset,
  randomOffset,
  rotateClip,
  scaleClip,
  timeWarp,
  warpPositions,
  type MirrorRule,
} from './augment';
import { syntheticClip } from './test-motions';
import { fitToWindow } from './window';

/** A circle clip with frames 5–7 lost (no hand). */
function clipWithGap(): MotionClip {
  const clip = syntheticClip('circle-cw', 3);
  const rows = Float32Array.from(clip.rows);
  rows.fill(0, 5 * MOTION_ROW_SIZE, 8 * MOTION_ROW_SIZE);
  return { ...clip, rows };
}

const presentFlags = (clip: MotionClip) => Array.from({ length: clip.frames }, (_, i) => clipRow(clip, i)[PRESENT]);
const path = (clip: MotionClip) => Array.from({ length: clip.frames }, (_, i) => [clipRow(clip, i)[WRIST_X], clipRow(clip, i)[WRIST_Y]] as const);

/** The path of `clip`'s frames at the frames where `reference` has a hand. */
const presentPath = (reference: MotionClip, clip: MotionClip) => path(clip).filter((_, i) => presentFlags(reference)[i]);

/** Distances between every pair of points. */
function pairwise(points: readonly (readonly [number, number])[]): number[] {
  return points.flatMap((a, i) => points.slice(i + 1).map((b) => Math.hypot(a[0] - b[0], a[1] - b[1])));
}

describe('motion augmentation keeps what it must', () => {
  const clip = clipWithGap();
  const random = () => createRandom(11);
  const sameLength: [string, (c: MotionClip) => MotionClip][] = [
    ['time warp', (c) => timeWarp(c, 0.5, random())],
    ['rotation', (c) => rotateClip(c, 0.3)],
    ['scale', (c) => scaleClip(c, 1.3)],
    ['jitter', (c) => jitterClip(c, 0.01, random())],
    ['mirror', mirrorClip],
    ['jolt', (c) => joltClip(c, random())],
  ];

  it.each(sameLength)('%s keeps the length and the no-hand frames, and leaves its input alone', (_, augment) => {
    const before = Float32Array.from(clip.rows);
    const out = augment(clip);
    expect(out.frames).toBe(clip.frames);
    expect(out.rate).toBe(clip.rate);
    expect(presentFlags(out)).toEqual(presentFlags(clip));
    for (let i = 5; i < 8; i += 1) expect(clipRow(out, i).every((v) => v === 0)).toBe(true);
    expect(clip.rows).toEqual(before);
  });

  it('a speed change keeps the first and last frames and scales the length', () => {
    const faster = changeSpeed(clip, 1.5);
    expect(faster.frames).toBe(Math.round((clip.frames - 1) / 1.5) + 1);
    expect(clipRow(faster, 0)).toEqual(clipRow(clip, 0));
    expect(clipRow(faster, faster.frames - 1)).toEqual(clipRow(clip, clip.frames - 1));
    expect(changeSpeed(clip, 0.5).frames).toBe((clip.frames - 1) * 2 + 1);
    expect(() => changeSpeed(clip, 0)).toThrow(RangeError);
  });

  it('a time warp is monotonic, from the first frame to the last', () => {
    for (let seed = 0; seed < 50; seed += 1) {
      const positions = warpPositions(25, 0.9, createRandom(seed));
      expect(positions).toHaveLength(25);
      expect(positions[0]).toBe(0);
      expect(positions[24]).toBeCloseTo(24, 9);
      for (let k = 1; k < positions.length; k += 1) expect(positions[k]).toBeGreaterThan(positions[k - 1]);
    }
    // Warping is not a no-op.
    const positions = warpPositions(25, 0.5, createRandom(1));
    expect(positions.some((p, k) => Math.abs(p - k) > 0.5)).toBe(true);
    expect(() => warpPositions(10, 1, createRandom(1))).toThrow(RangeError);
  });

  it('a rotation keeps every distance along the path and within the hand', () => {
    const turned = rotateClip(clip, 0.4);
    const before = pairwise(presentPath(clip, clip));
    const after = pairwise(presentPath(clip, turned));
    after.forEach((d, i) => expect(d).toBeCloseTo(before[i], 5));
    expect(path(turned)[0][0]).not.toBeCloseTo(path(clip)[0][0], 3);
    const { offset, length } = LANDMARK_FEATURE_LAYOUT.coordinates;
    const hand = (c: MotionClip) => Array.from({ length: length / 3 }, (_, k) => [clipRow(c, 0)[offset + 3 * k], clipRow(c, 0)[offset + 3 * k + 1]] as const);
    pairwise(hand(turned)).forEach((d, i) => expect(d).toBeCloseTo(pairwise(hand(clip))[i], 5));
    // The angles and distances of the pose do not change.
    const rest = (c: MotionClip) => Array.from(clipRow(c, 0).subarray(LANDMARK_FEATURE_LAYOUT.jointAngles.offset, WRIST_X));
    expect(rest(turned)).toEqual(rest(clip));
  });

  it('a scale multiplies every distance along the path', () => {
    const before = pairwise(presentPath(clip, clip));
    pairwise(presentPath(clip, scaleClip(clip, 1.25))).forEach((d, i) => expect(d).toBeCloseTo(before[i] * 1.25, 5));
  });

  it('a mirror is an involution that flips the path left to right', () => {
    const mirrored = mirrorClip(clip);
    expect(mirrorClip(mirrored).rows).toEqual(clip.rows);
    expect(path(mirrored)[0][0]).toBeCloseTo(-path(clip)[0][0], 6);
    expect(path(mirrored)[0][1]).toBe(path(clip)[0][1]);
  });

  it('is reproducible from its seed, and another seed gives another copy', () => {
    const a = augmentClip(clip, DEFAULT_MOTION_AUGMENT, createRandom(5));
    const b = augmentClip(clip, DEFAULT_MOTION_AUGMENT, createRandom(5));
    const c = augmentClip(clip, DEFAULT_MOTION_AUGMENT, createRandom(6));
    expect(a.rows).toEqual(b.rows);
    expect(a.rows).not.toEqual(c.rows);
  });

  it('carries the no-hand frames through a whole augmentation (as a gap of about the same share)', () => {
    for (let seed = 0; seed < 20; seed += 1) {
      const out = augmentClip(clip, DEFAULT_MOTION_AUGMENT, createRandom(seed));
      for (let i = 0; i < out.frames; i += 1) {
        const row = clipRow(out, i);
        if (row[PRESENT] === 0) expect(row.every((v) => v === 0)).toBe(true);
        else expect(row[PRESENT]).toBe(1);
      }
      const absent = presentFlags(out).filter((p) => p === 0).length;
      expect(absent).toBeGreaterThanOrEqual(1);
      expect(absent).toBeLessThanOrEqual(6);
    }
  });
});

describe('mirrorLabel', () => {
  const classNames = ['swipe left', 'swipe right', 'wave', 'point', 'no motion'];
  const rules: Record<string, MirrorRule> = { 'swipe left': { partner: 'swipe right' }, 'swipe right': { partner: 'swipe left' }, wave: 'self', 'no motion': 'self', point: 'off' };

  it('maps a class to its partner, to itself, or to nothing', () => {
    expect(classNames.map((_, i) => mirrorLabel(i, classNames, rules))).toEqual([1, 0, 2, null, 4]);
    expect(mirrorLabel(2, classNames, {})).toBeNull();
  });

  it('is an involution on the classes it mirrors', () => {
    for (let i = 0; i < classNames.length; i += 1) {
      const m = mirrorLabel(i, classNames, rules);
      if (m !== null) expect(mirrorLabel(m, classNames, rules)).toBe(i);
    }
  });

  it('refuses a partner that is unknown, itself, or does not name the class back', () => {
    const bad = (r: Record<string, MirrorRule>, label = 0) => () => mirrorLabel(label, classNames, r);
    expect(bad({ 'swipe left': { partner: 'swipe sideways' } })).toThrow(TrainingError);
    expect(bad({ 'swipe left': { partner: 'swipe left' } })).toThrow(/pair/);
    expect(bad({ 'swipe left': { partner: 'swipe right' }, 'swipe right': 'self' })).toThrow(TrainingError);
    expect(bad({ 'swipe left': { partner: 'swipe right' }, 'swipe right': { partner: 'wave' } })).toThrow(TrainingError);
  });
});

describe('randomOffset', () => {
  it('places a short clip wholly inside the window and a long one over it, at every place', () => {
    const random = createRandom(2);
    const short = new Set(Array.from({ length: 400 }, () => randomOffset(10, 14, random)));
    expect([...short].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
    const long = new Set(Array.from({ length: 400 }, () => randomOffset(16, 14, random)));
    expect([...long].sort((a, b) => a - b)).toEqual([-2, -1, 0]);
  });
});

/** A clip of `frames` rows, the hand still but for a swipe of 0.4 frame heights over frames `from` to `to`. */
function swipeClip(frames: number, from: number, to: number): MotionClip {
  const rows = Array.from({ length: frames }, (_, i) => {
    const row = new Float32Array(MOTION_ROW_SIZE);
    row[WRIST_X] = 0.4 * Math.min(1, Math.max(0, (i - from) / (to - from)));
    row[PRESENT] = 1;
    return row;
  });
  return clipFromRows(rows, 15);
}

describe('motionSpan', () => {
  it('finds the frames in which the hand moves, leaving out the stillness around them', () => {
    // Frame 20 is where the hand arrives: the motion ends with it.
    expect(motionSpan(swipeClip(30, 10, 20))).toEqual({ start: 10, end: 21 });
    expect(motionSpan(swipeClip(12, 0, 11))).toEqual({ start: 0, end: 12 });
  });

  it('counts a push (the palm growing) as moving, and skips frames without a hand', () => {
    const rows = Array.from({ length: 20 }, (_, i) => {
      const row = new Float32Array(MOTION_ROW_SIZE);
      row[LOG_SIZE] = Math.log(0.1) + Math.LN2 * Math.min(1, Math.max(0, (i - 6) / 8));
      row[PRESENT] = i === 9 ? 0 : 1;
      if (i === 9) row[LOG_SIZE] = 0;
      return row;
    });
    const span = motionSpan(clipFromRows(rows, 15));
    expect(span.start).toBeGreaterThanOrEqual(5);
    expect(span.start).toBeLessThanOrEqual(7);
    expect(span.end).toBeGreaterThanOrEqual(13);
    expect(span.end).toBeLessThanOrEqual(15);
  });

  it('is the whole clip when nothing moves', () => {
    expect(motionSpan(swipeClip(8, 8, 9))).toEqual({ start: 0, end: 8 });
  });

  it('keeps to the motion of a synthetic clip with its trembling holds', () => {
    const clip = syntheticClip('swipe-left', 5);
    const span = motionSpan(clip);
    expect(span.start).toBeGreaterThan(0);
    expect(span.end).toBeLessThan(clip.frames);
    expect(span.end - span.start).toBeGreaterThanOrEqual(5);
  });
});

describe('partialOffset', () => {
  const CLIP_SHARE = { ...DEFAULT_MOTION_AUGMENT, partialOf: 'clip' as const };

  it('shows only the first or last 20–75 % of a clip, the first in its unfinished share of draws', () => {
    const random = createRandom(8);
    const clip = swipeClip(20, 0, 19);
    const window = 30;
    let cutEnd = 0;
    for (let i = 0; i < 500; i += 1) {
      const offset = partialOffset(clip, window, CLIP_SHARE, random);
      // offset > 0: frames 0 … window − offset − 1 are at the window's end; offset < 0: the window starts at frame −offset.
      const shown = offset > 0 ? window - offset : clip.frames + offset;
      expect(shown).toBeGreaterThanOrEqual(4);
      expect(shown).toBeLessThanOrEqual(15);
      if (offset > 0) cutEnd += 1;
    }
    // Within four standard deviations of the binomial count (about 11 at 60 %).
    expect(Math.abs(cutEnd - 500 * DEFAULT_MOTION_AUGMENT.partialUnfinished)).toBeLessThan(4 * Math.sqrt(500 * 0.25));
  });

  it('takes the share of the motion, not of the stillness held around it, by default', () => {
    const random = createRandom(10);
    // Still for frames 0–9 and 20–29, moving over 10–19.
    const clip = swipeClip(30, 10, 20);
    for (let i = 0; i < 300; i += 1) {
      const offset = partialOffset(clip, 30, DEFAULT_MOTION_AUGMENT, random);
      if (offset > 0) {
        // Unfinished: the clip up to 2–8 frames into its motion.
        const lastShown = 30 - offset - 1;
        expect(lastShown).toBeGreaterThanOrEqual(11);
        expect(lastShown).toBeLessThanOrEqual(17);
      } else {
        // Mostly gone: the window starts 2–8 frames before the motion's end (frame 21).
        expect(-offset).toBeGreaterThanOrEqual(13);
        expect(-offset).toBeLessThanOrEqual(19);
      }
    }
  });

  it('takes the share shown and the unfinished share from its settings', () => {
    const random = createRandom(9);
    const clip = swipeClip(20, 0, 19);
    const offsets = (settings: { partialShown: [number, number]; partialUnfinished: number }) =>
      new Set(Array.from({ length: 200 }, () => partialOffset(clip, 30, { ...settings, partialOf: 'clip' }, random)));
    expect([...offsets({ partialShown: [0.5, 0.5], partialUnfinished: 1 })]).toEqual([20]); // frames 0–9 at the window's end
    expect([...offsets({ partialShown: [0.5, 0.5], partialUnfinished: 0 })]).toEqual([-10]); // the window starts at frame 10
  });
});

describe('justEndedOffset', () => {
  it('ends the window between the row the motion is done and the clip\'s last row, with nothing held after', () => {
    const random = createRandom(11);
    // Still for frames 0–9 and 21–29, moving over 10–20 (motionSpan ends at 21).
    const clip = swipeClip(30, 10, 20);
    const newest = new Set<number>();
    for (let i = 0; i < 300; i += 1) {
      const offset = justEndedOffset(clip, 24, random);
      const lastShown = 24 - offset - 1;
      expect(lastShown).toBeGreaterThanOrEqual(20);
      expect(lastShown).toBeLessThanOrEqual(29);
      newest.add(lastShown);
      // The window's newest row is that row of the clip, and the one before it the row before.
      const window = fitToWindow(clip, 24, offset);
      expect(window.subarray(23 * MOTION_ROW_SIZE)).toEqual(clipRow(clip, lastShown));
      expect(window.subarray(22 * MOTION_ROW_SIZE, 23 * MOTION_ROW_SIZE)).toEqual(clipRow(clip, lastShown - 1));
    }
    // Every end, from the motion's last row to the clip's, is drawn.
    expect([...newest].sort((a, b) => a - b)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
  });
});

describe('joltClip', () => {
  it('moves a resting hand in at most two short steps, and leaves its pose alone', () => {
    const still = syntheticClip('idle', 4);
    const pose = MOTION_ROW_LAYOUT.pose;
    for (let seed = 0; seed < 200; seed += 1) {
      const out = joltClip(still, createRandom(seed));
      let movingRows = 0;
      for (let i = 0; i < still.frames; i += 1) {
        const before = clipRow(still, i);
        const after = clipRow(out, i);
        expect(after.subarray(pose.offset, pose.offset + pose.length)).toEqual(before.subarray(pose.offset, pose.offset + pose.length));
        // Each row's offset from the source is the steps' sum so far: at most two full steps.
        expect(Math.hypot(after[WRIST_X] - before[WRIST_X], after[WRIST_Y] - before[WRIST_Y])).toBeLessThanOrEqual(2 * JOLT.maxShift + 1e-6);
        expect(Math.abs(after[LOG_SIZE] - before[LOG_SIZE])).toBeLessThanOrEqual(2 * JOLT.maxLogSize + 1e-6);
        if (i === 0) continue;
        const change = (c: MotionClip, k: number) => [WRIST_X, WRIST_Y, LOG_SIZE].map((v) => clipRow(c, k)[v] - clipRow(c, k - 1)[v]);
        const added = change(out, i).map((d, v) => d - change(still, i)[v]);
        if (added.some((d) => Math.abs(d) > 1e-6)) movingRows += 1;
      }
      // The jolt happens within a few rows; the rest of the clip rests as it did.
      expect(movingRows).toBeLessThanOrEqual(2 * JOLT.maxRows);
    }
  });

  it('jolts the hand by about as much as it may, seed after seed', () => {
    const still = syntheticClip('idle', 5);
    const last = still.frames - 1;
    const sizeSteps = Array.from({ length: 300 }, (_, seed) => Math.abs(clipRow(joltClip(still, createRandom(seed)), last)[LOG_SIZE] - clipRow(still, last)[LOG_SIZE]));
    expect(Math.max(...sizeSteps)).toBeGreaterThan(0.6 * JOLT.maxLogSize);
  });
});

describe('clipFromRows round trip', () => {
  it('keeps the rows of an augmented clip', () => {
    const out = augmentClip(clipWithGap(), DEFAULT_MOTION_AUGMENT, createRandom(1));
    const rows = Array.from({ length: out.frames }, (_, i) => clipRow(out, i));
    expect(clipFromRows(rows, out.rate).rows).toEqual(out.rows);
  });
});
