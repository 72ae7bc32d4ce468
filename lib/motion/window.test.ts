import { describe, expect, it } from 'vitest';
import { LANDMARK_FEATURE_SIZE } from '../hand';
import { clipFromRows, LOG_SIZE, MOTION_ROW_SIZE, PRESENT, WRIST_X, WRIST_Y } from './clip';
import { centredOffset, fitToWindow, motionInputSize, windowInput } from './window';

function row(x: number, y: number, logSize = 0, pose = 0): Float32Array {
  const r = new Float32Array(MOTION_ROW_SIZE).fill(pose, 0, LANDMARK_FEATURE_SIZE);
  r[WRIST_X] = x;
  r[WRIST_Y] = y;
  r[LOG_SIZE] = logSize;
  r[PRESENT] = 1;
  return r;
}

const xs = (rows: Float32Array) => Array.from({ length: rows.length / MOTION_ROW_SIZE }, (_, i) => rows[i * MOTION_ROW_SIZE + WRIST_X]);

describe('fitToWindow', () => {
  const clip = clipFromRows([row(1, 0), row(2, 0), row(3, 0)], 15);

  it('holds the first and last frame around a clip shorter than the window', () => {
    expect(xs(fitToWindow(clip, 7, 2))).toEqual([1, 1, 1, 2, 3, 3, 3]);
    expect(xs(fitToWindow(clip, 5, 0))).toEqual([1, 2, 3, 3, 3]);
    expect(centredOffset(3, 7)).toBe(2);
  });

  it('cuts a clip longer than the window', () => {
    expect(xs(fitToWindow(clip, 2, -1))).toEqual([2, 3]);
    expect(xs(fitToWindow(clip, 2, 0))).toEqual([1, 2]);
  });

  it('throws for an empty clip', () => {
    expect(() => fitToWindow(clipFromRows([], 15), 4, 0)).toThrow(RangeError);
  });
});

describe('windowInput', () => {
  it('sees how the hand moves, not where it is or how near', () => {
    const here = [row(0, 0, -2), row(0.1, 0.05, -1.9), row(0.2, 0.1, -1.8)];
    const there = here.map((r) => {
      const moved = Float32Array.from(r);
      moved[WRIST_X] += 0.3;
      moved[WRIST_Y] -= 0.2;
      moved[LOG_SIZE] += 0.5;
      return moved;
    });
    const a = windowInput(clipFromRows(here, 15).rows, 'path', 2);
    const b = windowInput(clipFromRows(there, 15).rows, 'path', 2);
    for (let i = 0; i < a.length; i += 1) expect(b[i]).toBeCloseTo(a[i], 5);
    // Centred on the mean: the middle frame is at 0, the others opposite.
    expect(a[4]).toBeCloseTo(0, 6);
    expect(a[0]).toBeCloseTo(-a[8], 6);
    expect(a[2]).toBeCloseTo(-a[10], 6);
    expect(Array.from({ length: 3 }, (_, i) => a[i * 4 + 3])).toEqual([1, 1, 1]);
  });

  it('keeps only the hand’s latest stay: rows before it hold its first row, rows after it its last', () => {
    const none = new Float32Array(MOTION_ROW_SIZE);
    // The hand at 0.9, gone, back at 0.1 then 0.3, gone again.
    const rows = clipFromRows([row(0.9, 0), none, row(0.1, 0), row(0.3, 0), none], 15).rows;
    const input = windowInput(rows, 'path', 2);
    const xs = [0, 1, 2, 3, 4].map((i) => input[i * 4]);
    expect(xs[0]).toBeCloseTo(xs[2], 6);
    expect(xs[1]).toBeCloseTo(xs[2], 6);
    expect(xs[4]).toBeCloseTo(xs[3], 6);
    expect(xs[3]).toBeGreaterThan(xs[2]);
    // Every row now stands for the hand, and the mean is over all of them.
    expect([0, 1, 2, 3, 4].map((i) => input[i * 4 + 3])).toEqual([1, 1, 1, 1, 1]);
    expect(xs.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 5);
  });

  it('gives zeros for a window without a hand', () => {
    expect(Array.from(windowInput(new Float32Array(3 * MOTION_ROW_SIZE), 'path', 2)).every((v) => v === 0)).toBe(true);
  });

  it('puts the pose features first when asked for them', () => {
    const input = windowInput(clipFromRows([row(0, 0, 0, 0.7), row(0.1, 0, 0, 0.7)], 15).rows, 'path-and-pose', 2);
    const size = motionInputSize('path-and-pose');
    expect(input).toHaveLength(2 * size);
    expect(input[0]).toBeCloseTo(0.7, 6);
    expect(input[LANDMARK_FEATURE_SIZE - 1]).toBeCloseTo(0.7, 6);
    expect(input[size - 1]).toBe(1);
  });

  it('refuses a buffer that is not whole rows', () => {
    expect(() => windowInput(new Float32Array(MOTION_ROW_SIZE + 1), 'path', 2)).toThrow(RangeError);
  });
});
