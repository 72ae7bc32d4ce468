import { clipFromRows, MOTION_FRAME_RATE, MOTION_ROW_SIZE, PRESENT, type MotionClip } from './clip';

export interface ResampleOptions {
  /** Rows per second out. */
  readonly rate: number;
  /**
   * The longest time between two frames with a hand across which the hand is interpolated (the
   * tracker missed it a moment, or the loop stalled); a longer gap gives rows marked absent.
   */
  readonly maxGapMs: number;
  /**
   * How long a newly found hand is taken as absent: one found after frames without a hand (for more
   * than `maxGapMs`), not one there from the stream's first frame. The tracker's first landmarks of
   * a hand place it smaller and a few hundredths of the frame away, and settle over the next frames,
   * which looks like a push or a short swipe.
   */
  readonly settleMs: number;
}

/**
 * 350 ms to bridge: two frames in a row the tracker missed at 10 frames a second (a loaded machine's
 * live loop) are bridged, a hand that left is not. The tracker loses a fast hand at the quickest part
 * of its path, often twice running in a quick circle; with 250 ms that broke the window there, and the
 * new hand's settling took more of it, so the network saw half a circle. In bench:motion-replay (six
 * training seeds) 350 ms recognised 257 of 288 test motions against 246. A fifth of a second to
 * settle: bench:motion-videos' hands, tracked live, took two to four frames at 10 a second to reach
 * their size (the first frame up to half its size).
 */
export const DEFAULT_RESAMPLE_OPTIONS: ResampleOptions = { rate: MOTION_FRAME_RATE, maxGapMs: 350, settleMs: 200 };

/** The gap without a hand that studios before stop 28 bridged: what their exported bundles say. */
export const LEGACY_MAX_GAP_MS = 250;

/**
 * Turns frames at irregular times (the live loop's rate varies with the machine's load) into rows at
 * a steady rate, in order. Row k stands for time `start + k / rate`, `start` being the first frame's
 * time. A row between two frames with a hand at most `maxGapMs` apart is interpolated linearly
 * between them (frames without a hand in between are ignored); a row in a longer gap, or before the
 * first hand or after the last, is absent (all zeros, `present` 0). A hand found after such a gap
 * counts from `settleMs` after it was found.
 */
export interface Resampler {
  /**
   * Feeds one frame (`row` a motion row, or null when no hand was found) and returns the rows decided
   * by it, oldest first: every row up to `timeMs` once a hand is found, and the rows of a gap once it
   * is longer than `maxGapMs`, so an absent stretch is known at most `maxGapMs` late. Rows are new
   * arrays; `row` is not kept. Throws a RangeError when times do not increase.
   */
  push(timeMs: number, row: Float32Array | null): Float32Array[];
  /** Ends the stream: the rows still waiting for a hand that will not come, all absent. */
  flush(): Float32Array[];
  /** The time row `index` stands for (the first frame's time plus index / rate); NaN before the first frame. */
  rowTime(index: number): number;
}

export function createResampler(options: Partial<ResampleOptions> = {}): Resampler {
  const { rate, maxGapMs, settleMs } = { ...DEFAULT_RESAMPLE_OPTIONS, ...options };
  if (!(rate > 0 && Number.isFinite(rate))) throw new RangeError(`The frame rate must be a positive number, not ${rate}.`);
  if (!(maxGapMs >= 0)) throw new RangeError(`The longest gap to interpolate must be 0 ms or more, not ${maxGapMs}.`);
  if (!(settleMs >= 0)) throw new RangeError(`The time a new hand settles must be 0 ms or more, not ${settleMs}.`);
  let start: number | null = null;
  let lastTime = Number.NEGATIVE_INFINITY;
  let next = 0; // index of the next row to emit
  let hand: { timeMs: number; row: Float32Array } | null = null; // the latest frame with a hand
  let foundAt: number | null = null; // when a newly found hand, not yet taken, was first seen
  // k·1000/rate rather than k·(1000/rate): a whole second then lands exactly on a frame's time.
  const timeOf = (k: number) => (start as number) + (k * 1000) / rate;

  /** Emits rows up to `until` (inclusive), each decided by `decide`. */
  const emit = (until: number, decide: (t: number) => Float32Array) => {
    const out: Float32Array[] = [];
    while (timeOf(next) <= until) out.push(decide(timeOf(next++)));
    return out;
  };
  return {
    push(timeMs, row) {
      if (!Number.isFinite(timeMs) || timeMs <= lastTime) throw new RangeError(`Frame times must increase: ${timeMs} ms came after ${lastTime} ms.`);
      if (row !== null && row.length !== MOTION_ROW_SIZE) throw new RangeError(`A motion row has ${MOTION_ROW_SIZE} values, not ${row.length}.`);
      const first = start === null;
      start ??= timeMs;
      lastTime = timeMs;
      const bridged = hand !== null && timeMs - hand.timeMs <= maxGapMs;
      if (row === null || bridged || first) foundAt = null;
      else {
        foundAt ??= timeMs;
        if (timeMs - foundAt < settleMs) row = null;
      }
      if (row === null) {
        // Rows after the last hand wait for the next one, unless no next hand can be near enough.
        const previous = hand;
        if (previous !== null && timeMs - previous.timeMs <= maxGapMs) return [];
        return emit(timeMs, absentRow);
      }
      const previous = hand;
      const current = { timeMs, row: Float32Array.from(row) };
      hand = current;
      // Every row before this frame lies after `previous` (earlier rows were decided when it came).
      return emit(timeMs, (t) => {
        if (t === current.timeMs) return Float32Array.from(current.row);
        if (previous === null || current.timeMs - previous.timeMs > maxGapMs) return absentRow();
        return interpolate(previous.row, current.row, (t - previous.timeMs) / (current.timeMs - previous.timeMs));
      });
    },
    flush() {
      return start === null ? [] : emit(lastTime, absentRow);
    },
    rowTime: (index) => (start === null ? Number.NaN : timeOf(index)),
  };
}

function absentRow(): Float32Array {
  return new Float32Array(MOTION_ROW_SIZE);
}

function interpolate(a: Float32Array, b: Float32Array, w: number): Float32Array {
  const out = new Float32Array(MOTION_ROW_SIZE);
  for (let i = 0; i < MOTION_ROW_SIZE; i += 1) out[i] = a[i] + (b[i] - a[i]) * w;
  out[PRESENT] = 1;
  return out;
}

/** A frame as the live loop gives it: its time and its motion row, null when no hand was found. */
export interface TimedFrame {
  readonly timeMs: number;
  readonly row: Float32Array | null;
}

/**
 * Collects a clip while the record button is held: frames go in at the live loop's rate, rows come
 * out at `rate`. `frames` says how long the clip is so far (to stop at the model's window).
 */
export interface ClipRecorder {
  add(timeMs: number, row: Float32Array | null): void;
  readonly frames: number;
  /** The clip recorded (rows up to the last frame added); the recorder is spent. Throws when called twice. */
  finish(): MotionClip;
}

export function createClipRecorder(options: Partial<ResampleOptions> = {}): ClipRecorder {
  const rate = options.rate ?? DEFAULT_RESAMPLE_OPTIONS.rate;
  const resampler = createResampler(options);
  const rows: Float32Array[] = [];
  let finished = false;
  return {
    add(timeMs, row) {
      if (finished) throw new Error('This clip is finished; start a new recorder.');
      rows.push(...resampler.push(timeMs, row));
    },
    get frames() {
      return rows.length;
    },
    finish() {
      if (finished) throw new Error('This clip is already finished.');
      finished = true;
      rows.push(...resampler.flush());
      return clipFromRows(rows, rate);
    },
  };
}

/** A clip from frames recorded beforehand (a video's frames, a test's stream). */
export function recordClip(frames: readonly TimedFrame[], options: Partial<ResampleOptions> = {}): MotionClip {
  const recorder = createClipRecorder(options);
  for (const frame of frames) recorder.add(frame.timeMs, frame.row);
  return recorder.finish();
}
