import { describe, expect, it } from 'vitest';
import { clipRow, MOTION_ROW_SIZE, PRESENT, WRIST_X, WRIST_Y } from './clip';
import { createClipRecorder, createResampler, recordClip, type TimedFrame } from './resample';

/** A present row whose wrist x is `x` and y is `y` (the rest 0): enough to follow interpolation. */
function row(x: number, y = 0): Float32Array {
  const r = new Float32Array(MOTION_ROW_SIZE);
  r[WRIST_X] = x;
  r[WRIST_Y] = y;
  r[PRESENT] = 1;
  return r;
}

/** Frames at `times` (ms) of a wrist moving at 1 frame-height per second along x; `missing` times have no hand. */
function linearFrames(times: readonly number[], missing: (t: number) => boolean = () => false): TimedFrame[] {
  return times.map((t) => ({ timeMs: t, row: missing(t) ? null : row(t / 1000) }));
}

describe('createResampler', () => {
  it('passes frames already at the rate through unchanged', () => {
    const clip = recordClip(linearFrames([0, 100, 200, 300, 400]), { rate: 10 });
    expect(clip.frames).toBe(5);
    expect(Array.from({ length: 5 }, (_, i) => clipRow(clip, i)[WRIST_X])).toEqual([0, 0.1, 0.2, 0.3, 0.4].map(Math.fround));
  });

  it('puts irregular frames on the steady grid by linear interpolation', () => {
    // 0 … 1000 ms at uneven steps; a linear motion is interpolated exactly.
    const times = [0, 37, 120, 131, 260, 333, 410, 555, 600, 720, 801, 950, 1000];
    const clip = recordClip(linearFrames(times), { rate: 15 });
    expect(clip.frames).toBe(16); // rows at k/15 s for k = 0 … 15
    for (let k = 0; k < clip.frames; k += 1) {
      expect(clipRow(clip, k)[PRESENT]).toBe(1);
      expect(clipRow(clip, k)[WRIST_X]).toBeCloseTo(k / 15, 5);
    }
  });

  it('bridges a short run of frames without a hand, and marks a long one absent', () => {
    const times = Array.from({ length: 31 }, (_, i) => i * 50); // 20 frames/s for 1.5 s
    const short = recordClip(linearFrames(times, (t) => t > 300 && t < 500), { rate: 20, maxGapMs: 250 });
    expect(Array.from({ length: short.frames }, (_, k) => clipRow(short, k)[PRESENT]).every((p) => p === 1)).toBe(true);
    expect(clipRow(short, 8)[WRIST_X]).toBeCloseTo(0.4, 5);

    const long = recordClip(linearFrames(times, (t) => t > 300 && t < 700), { rate: 20, maxGapMs: 250, settleMs: 0 });
    const present = Array.from({ length: long.frames }, (_, k) => clipRow(long, k)[PRESENT]);
    expect(present).toEqual(times.map((t) => (t > 300 && t < 700 ? 0 : 1)));
    // An absent row is all zeros, not a stale copy of the last hand.
    expect(clipRow(long, 10).every((v) => v === 0)).toBe(true);
  });

  it('marks rows before the first hand and after the last absent', () => {
    const times = Array.from({ length: 11 }, (_, i) => i * 100);
    const clip = recordClip(linearFrames(times, (t) => t < 200 || t > 800), { rate: 10, settleMs: 0 });
    expect(Array.from({ length: clip.frames }, (_, k) => clipRow(clip, k)[PRESENT])).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
  });

  it('gives each row as soon as it is decided: at once with a hand, within maxGapMs of losing it', () => {
    const resampler = createResampler({ rate: 10, maxGapMs: 250, settleMs: 0 });
    expect(resampler.push(0, row(0))).toHaveLength(1);
    expect(resampler.push(130, row(0.13))).toHaveLength(1); // the 100 ms row
    expect(resampler.push(210, null)).toEqual([]); // 200 ms could still be bridged
    expect(resampler.push(370, null)).toEqual([]); // 240 ms since the hand
    const decided = resampler.push(390, null); // 260 ms since the hand: no later hand can bridge it
    expect(decided.map((r) => r[PRESENT])).toEqual([0, 0]); // the 200 and 300 ms rows
    expect(resampler.push(420, null).map((r) => r[PRESENT])).toEqual([0]);
    expect(resampler.push(500, row(0.5)).map((r) => r[PRESENT])).toEqual([1]);
    expect(resampler.flush()).toEqual([]);
    expect([0, 1, 5].map(resampler.rowTime)).toEqual([0, 100, 500]);
  });

  it('takes a hand found after an absence as absent while it settles, unless it was there from the start', () => {
    const times = Array.from({ length: 16 }, (_, i) => i * 100);
    const present = (clip: ReturnType<typeof recordClip>) => Array.from({ length: clip.frames }, (_, k) => clipRow(clip, k)[PRESENT]);
    const options = { rate: 10, maxGapMs: 250, settleMs: 200 };
    // Found at 500 ms: its rows at 500 and 600 ms are absent; a miss at 1000 ms is bridged, not settled again.
    const found = recordClip(linearFrames(times, (t) => t < 500 || t === 1000), options);
    expect(present(found)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(clipRow(found, 7)[WRIST_X]).toBeCloseTo(0.7, 5); // the rows taken are the hand's own
    // Lost again while settling: it settles from where it is found next.
    expect(present(recordClip(linearFrames(times, (t) => t < 300 || t === 400), options))).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    // In view from the stream's first frame (a clip recorded while the hand is tracked): taken at once.
    expect(present(recordClip(linearFrames(times), options)).every((p) => p === 1)).toBe(true);
    expect(() => createResampler({ settleMs: -1 })).toThrow(RangeError);
  });

  it('copies rows in and out, so a caller may reuse its buffer', () => {
    const resampler = createResampler({ rate: 10 });
    const buffer = row(1);
    const [first] = resampler.push(0, buffer);
    buffer[WRIST_X] = 5;
    expect(first[WRIST_X]).toBe(1);
    first[WRIST_X] = 7;
    expect(resampler.push(100, row(2))[0][WRIST_X]).toBe(2);
  });

  it('throws for times that do not increase and for rows of the wrong size', () => {
    const resampler = createResampler();
    expect(resampler.rowTime(0)).toBeNaN();
    resampler.push(10, null);
    expect(() => resampler.push(10, null)).toThrow(RangeError);
    expect(() => resampler.push(5, null)).toThrow(/increase/);
    expect(() => resampler.push(20, new Float32Array(3))).toThrow(RangeError);
    expect(() => createResampler({ rate: 0 })).toThrow(RangeError);
    expect(() => createResampler({ maxGapMs: -1 })).toThrow(RangeError);
  });
});

describe('createClipRecorder', () => {
  it('counts the rows so far and is spent once finished', () => {
    const recorder = createClipRecorder({ rate: 10 });
    expect(recorder.frames).toBe(0);
    recorder.add(1000, row(0));
    recorder.add(1150, row(0.15));
    expect(recorder.frames).toBe(2);
    recorder.add(1220, null);
    const clip = recorder.finish();
    expect(clip).toMatchObject({ rate: 10, frames: 3 });
    expect(clipRow(clip, 2)[PRESENT]).toBe(0); // 1200 ms: after the last hand
    expect(() => recorder.finish()).toThrow(/already/);
    expect(() => recorder.add(1300, null)).toThrow(/finished/);
  });

  it('gives an empty clip when nothing was added', () => {
    expect(createClipRecorder().finish().frames).toBe(0);
  });
});
