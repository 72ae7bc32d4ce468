import { describe, expect, it } from 'vitest';
import { MOTION_ROW_SIZE, PRESENT, WRIST_X } from './clip';
import type { MotionModel } from './motion-model';
import { createMotionRecognizer, createMotionWindow } from './recognizer';
import { DEFAULT_MOTION_NET } from './temporal-net';

function row(x: number): Float32Array {
  const r = new Float32Array(MOTION_ROW_SIZE);
  r[WRIST_X] = x;
  r[PRESENT] = 1;
  return r;
}

/**
 * A stand-in model over 10-frame windows at 10 frames/s: class 1 ("raised") is the share of the
 * window's frames with the wrist above x = 0.5, class 0 ("still") the rest. Counts its calls.
 */
function fakeModel() {
  const calls: Float32Array[] = [];
  const model: MotionModel = {
    classNames: ['still', 'raised'],
    idleClass: 'still',
    spec: { ...DEFAULT_MOTION_NET, rate: 10, windowFrames: 10 },
    predict: () => {
      throw new Error('not used');
    },
    async classify(rows) {
      calls.push(rows);
      let raised = 0;
      for (let i = 0; i < 10; i += 1) if (rows[i * MOTION_ROW_SIZE + WRIST_X] > 0.5) raised += 1;
      return Float32Array.from([1 - raised / 10, raised / 10]);
    },
    save: () => Promise.reject(new Error('not used')),
    dispose: () => undefined,
  };
  return { model, calls };
}

describe('createMotionWindow', () => {
  it('keeps the last rows in time order', () => {
    const window = createMotionWindow(3);
    [1, 2].forEach((x) => window.push(row(x)));
    expect(window.full).toBe(false);
    [3, 4, 5].forEach((x) => window.push(row(x)));
    expect(window.full).toBe(true);
    expect(window.rowsSinceHand).toBe(0);
    window.push(new Float32Array(MOTION_ROW_SIZE));
    expect(window.rowsSinceHand).toBe(1);
    window.push(row(5));
    const rows = window.rows();
    expect([0, 1, 2].map((i) => rows[i * MOTION_ROW_SIZE + WRIST_X])).toEqual([5, 0, 5]);
    window.clear();
    expect(window.full).toBe(false);
    expect(window.anyHand).toBe(false);
    expect(() => window.push(new Float32Array(2))).toThrow(RangeError);
  });
});

describe('createMotionRecognizer', () => {
  it('classifies nothing until the window is full, then every row; fires once at the peak', async () => {
    const { model, calls } = fakeModel();
    const recognizer = createMotionRecognizer(model, { refractoryMs: 0 });
    // 100 ms rows: 2 s low, the hand raised for exactly one window (1 s), then low for 2 s.
    const xs = [...Array(20).fill(0), ...Array(10).fill(1), ...Array(20).fill(0)];
    const steps = [];
    for (let i = 0; i < xs.length; i += 1) steps.push(await recognizer.push(i * 100, row(xs[i])));
    expect(steps.slice(0, 9).every((s) => s.probabilities === null)).toBe(true);
    expect(calls).toHaveLength(xs.length - 9);
    const events = steps.flatMap((s) => s.event ?? []);
    // The raised stretch fills the window at row 29, where the probability saturates at 1.
    expect(events).toEqual([{ classIndex: 1, className: 'raised', probability: 1, timeMs: 2900 }]);
  });

  it('runs the network every k rows when asked', async () => {
    const { model, calls } = fakeModel();
    const recognizer = createMotionRecognizer(model, { every: 3 });
    for (let i = 0; i < 30; i += 1) await recognizer.push(i * 100, row(0));
    expect(calls).toHaveLength(7); // rows 9, 12, …, 27 (the window is full from row 9)
  });

  it('resamples irregular frames to the model rate before the window', async () => {
    const { model, calls } = fakeModel();
    const recognizer = createMotionRecognizer(model);
    let t = 0;
    let last = 0;
    for (let i = 0; i < 60; i += 1) {
      await recognizer.push(t, row(0));
      last = t;
      t += i % 2 === 0 ? 20 : 45; // about 30 frames/s, unevenly
    }
    // Rows at 0, 100, …: one per 100 ms of stream; classified from the 10th on.
    expect(calls).toHaveLength(Math.floor(last / 100) + 1 - 9);
  });

  it('gives no probabilities while the window holds no hand, and forgets on reset', async () => {
    const { model, calls } = fakeModel();
    const recognizer = createMotionRecognizer(model);
    for (let i = 0; i < 15; i += 1) expect((await recognizer.push(i * 100, null)).probabilities).toBeNull();
    expect(calls).toHaveLength(0);
    recognizer.reset();
    for (let i = 0; i < 10; i += 1) await recognizer.push(i * 100, row(0));
    expect(calls).toHaveLength(1);
  });

  it('stops classifying once the hand has been gone goneMs, and starts again when a hand is back', async () => {
    const { model, calls } = fakeModel();
    const recognizer = createMotionRecognizer(model, { maxGapMs: 250, goneMs: 300 });
    for (let i = 0; i < 20; i += 1) await recognizer.push(i * 100, row(0));
    expect(calls).toHaveLength(11); // rows 9 … 19
    // Lost at 2000 ms: at 2200 ms the gap is past bridging and its three rows are absent (300 ms gone): classified once more.
    expect((await recognizer.push(2000, null)).probabilities).not.toBeNull();
    expect((await recognizer.push(2100, null)).probabilities).not.toBeNull();
    expect((await recognizer.push(2200, null)).probabilities).not.toBeNull();
    expect(calls).toHaveLength(12);
    for (let t = 2300; t < 3000; t += 100) expect((await recognizer.push(t, null)).probabilities).toBeNull();
    expect(calls).toHaveLength(12);
    // Back at 3000 ms: absent while it settles (200 ms), then classified.
    expect((await recognizer.push(3000, row(0))).probabilities).toBeNull();
    expect((await recognizer.push(3100, row(0))).probabilities).toBeNull();
    expect((await recognizer.push(3200, row(0))).probabilities).not.toBeNull();
    expect(calls).toHaveLength(13);
  });

  it('drops a classification that a reset overtook', async () => {
    const { model, calls } = fakeModel();
    const recognizer = createMotionRecognizer(model);
    for (let i = 0; i < 9; i += 1) await recognizer.push(i * 100, row(1));
    const overtaken = recognizer.push(900, row(1));
    recognizer.reset();
    await expect(overtaken).resolves.toEqual({ probabilities: null, event: null });
    expect(calls).toHaveLength(1);
    // The reset emptied the window: ten new rows before the next classification.
    for (let i = 0; i < 9; i += 1) expect((await recognizer.push(2000 + i * 100, row(1))).probabilities).toBeNull();
    expect((await recognizer.push(2900, row(1))).probabilities).not.toBeNull();
  });

  it('takes one frame at a time', async () => {
    const { model } = fakeModel();
    const recognizer = createMotionRecognizer(model);
    for (let i = 0; i < 9; i += 1) await recognizer.push(i * 100, row(0));
    const first = recognizer.push(900, row(0));
    await expect(recognizer.push(1000, row(0))).rejects.toThrow(/one at a time/);
    await first;
    await expect(recognizer.push(1000, row(0))).resolves.toMatchObject({ event: null });
  });
});
