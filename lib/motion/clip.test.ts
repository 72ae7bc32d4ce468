import { describe, expect, it } from 'vitest';
import { LANDMARK_FEATURE_SIZE, LANDMARK_OPTIONS, landmarkFeatures } from '../hand';
import { busiestStretch, clipFromRows, clipRow, LOG_SIZE, motionRow, MOTION_ROW_SIZE, PRESENT, wristPath, WRIST_X, WRIST_Y, type MotionClip } from './clip';
import { handAt } from './test-motions';

describe('motionRow', () => {
  const aspect = 16 / 9;
  const at = (x: number, y: number, size: number) => motionRow(handAt({ x, y, size }, aspect), 1280, 720);

  it('keeps the pose features of lib/hand, the wrist in frame heights from the centre, and the palm size', () => {
    const hand = handAt({ x: 0.3, y: -0.1, size: 0.2 }, aspect);
    const row = motionRow(hand, 1280, 720);
    expect(row).toHaveLength(MOTION_ROW_SIZE);
    expect(Array.from(row.subarray(0, LANDMARK_FEATURE_SIZE))).toEqual(Array.from(landmarkFeatures(hand, LANDMARK_OPTIONS, aspect)));
    expect(row[WRIST_X]).toBeCloseTo(0.3, 6);
    expect(row[WRIST_Y]).toBeCloseTo(-0.1, 6);
    expect(row[PRESENT]).toBe(1);
  });

  it('measures both axes in one unit: the same move right or down gives the same distance', () => {
    const centre = at(0, 0, 0.2);
    expect(at(0.25, 0, 0.2)[WRIST_X] - centre[WRIST_X]).toBeCloseTo(at(0, 0.25, 0.2)[WRIST_Y] - centre[WRIST_Y], 6);
  });

  it('changes only the path when the hand moves, and only the size (by its log) when it nears the camera', () => {
    const here = at(0, 0, 0.2);
    const there = at(-0.4, 0.2, 0.2);
    const nearer = at(0, 0, 0.3);
    for (let i = 0; i < LANDMARK_FEATURE_SIZE; i += 1) {
      expect(there[i]).toBeCloseTo(here[i], 4);
      expect(nearer[i]).toBeCloseTo(here[i], 4);
    }
    expect(there[LOG_SIZE]).toBeCloseTo(here[LOG_SIZE], 5);
    expect(nearer[LOG_SIZE] - here[LOG_SIZE]).toBeCloseTo(Math.log(1.5), 5);
  });
});

describe('clips', () => {
  it('keeps rows in order and draws the wrist path with gaps where no hand was', () => {
    const absent = new Float32Array(MOTION_ROW_SIZE);
    const clip = clipFromRows([motionRow(handAt({ x: 0.1, y: 0, size: 0.2 }, 1), 100, 100), absent, motionRow(handAt({ x: 0.2, y: 0.05, size: 0.2 }, 1), 100, 100)], 15);
    expect(clip.frames).toBe(3);
    expect(clipRow(clip, 1)[PRESENT]).toBe(0);
    const path = wristPath(clip);
    expect(path[1]).toBeNull();
    expect(path[0]?.x).toBeCloseTo(0.1, 6);
    expect(path[2]?.y).toBeCloseTo(0.05, 6);
  });

  it('refuses rows of another size and a rate that is not positive', () => {
    expect(() => clipFromRows([new Float32Array(4)], 15)).toThrow(RangeError);
    expect(() => clipFromRows([], 0)).toThrow(RangeError);
  });
});

describe('busiestStretch', () => {
  /** A clip whose wrist x is `xs[i]` at frame i (NaN: no hand). */
  const clipOf = (xs: readonly number[]) =>
    clipFromRows(
      xs.map((x) => {
        const row = new Float32Array(MOTION_ROW_SIZE);
        if (!Number.isNaN(x)) {
          row[WRIST_X] = x;
          row[PRESENT] = 1;
        }
        return row;
      }),
      15,
    );
  const xsOf = (clip: MotionClip) => Array.from({ length: clip.frames }, (_, i) => clipRow(clip, i)[WRIST_X]);

  it('keeps the stretch where the wrist travels furthest, and a clip no longer than asked as it is', () => {
    const clip = clipOf([0, 0, 0, 0, 0.1, 0.3, 0.6, 0.6, 0.6, 0.6]);
    expect(xsOf(busiestStretch(clip, 4)).map((x) => x.toFixed(1))).toEqual(['0.0', '0.1', '0.3', '0.6']);
    expect(busiestStretch(clip, 10)).toBe(clip);
    expect(busiestStretch(clip, 4).rate).toBe(15);
  });

  it('counts no travel across a frame without a hand, and keeps the first stretch of a still clip', () => {
    expect(xsOf(busiestStretch(clipOf([0, 0, NaN, 0.9, 0.9, 0.9]), 3)).map((x) => x.toFixed(1))).toEqual(['0.0', '0.0', '0.0']);
  });
});
