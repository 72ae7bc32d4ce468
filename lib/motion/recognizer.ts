import { MOTION_ROW_SIZE, PRESENT } from './clip';
import type { MotionModel } from './motion-model';
import { createPeakDetector, type PeakDetectorOptions } from './peak-detector';
import { createResampler, DEFAULT_RESAMPLE_OPTIONS } from './resample';

/** The last `frames` motion rows, oldest first: the live sliding window. */
export interface MotionWindow {
  push(row: Float32Array): void;
  /** True once `frames` rows have come. */
  readonly full: boolean;
  /** True when some row in the window has a hand. */
  readonly anyHand: boolean;
  /** Rows since the newest row with a hand (0: the newest row has one); the rows held when none has. */
  readonly rowsSinceHand: number;
  /** The rows in time order, [frames × MOTION_ROW_SIZE] (a copy). */
  rows(): Float32Array;
  clear(): void;
}

export function createMotionWindow(frames: number): MotionWindow {
  if (!(Number.isInteger(frames) && frames > 0)) throw new RangeError(`A window holds a whole number of frames, at least 1, not ${frames}.`);
  const ring = new Float32Array(frames * MOTION_ROW_SIZE);
  let count = 0; // rows pushed, ever (the oldest row is at count % frames once full)
  return {
    push(row) {
      if (row.length !== MOTION_ROW_SIZE) throw new RangeError(`A motion row has ${MOTION_ROW_SIZE} values, not ${row.length}.`);
      ring.set(row, (count % frames) * MOTION_ROW_SIZE);
      count += 1;
    },
    get full() {
      return count >= frames;
    },
    get anyHand() {
      for (let i = 0; i < Math.min(count, frames); i += 1) if (ring[i * MOTION_ROW_SIZE + PRESENT] > 0) return true;
      return false;
    },
    get rowsSinceHand() {
      const held = Math.min(count, frames);
      let since = 0;
      while (since < held && ring[((count - 1 - since) % frames) * MOTION_ROW_SIZE + PRESENT] <= 0) since += 1;
      return since;
    },
    rows() {
      if (count < frames) return ring.slice(0, count * MOTION_ROW_SIZE);
      const split = (count % frames) * MOTION_ROW_SIZE;
      const out = new Float32Array(ring.length);
      out.set(ring.subarray(split), 0);
      out.set(ring.subarray(0, split), ring.length - split);
      return out;
    },
    clear() {
      count = 0;
    },
  };
}

/** A motion that completed, as the studio shows it beside the pose label and hands it to actions. */
export interface MotionEvent {
  readonly className: string;
  readonly classIndex: number;
  /** The class's probability at its peak. */
  readonly probability: number;
  /** The time of the frame that fired it (the frame's `timeMs`). */
  readonly timeMs: number;
}

export interface MotionStep {
  /** The motion classes' probabilities for the window ending at this frame; null until the window is full, or while it holds no hand. */
  readonly probabilities: Float32Array | null;
  /** At most one: the motion that completed with this frame. */
  readonly event: MotionEvent | null;
}

export interface RecognizerOptions extends PeakDetectorOptions {
  /** Frames across which a lost hand is interpolated, and how long a newly found hand settles (see lib/motion `ResampleOptions`). */
  readonly maxGapMs: number;
  readonly settleMs: number;
  /** Run the network once every this many rows (1: every row). */
  readonly every: number;
  /**
   * How long after the hand was last seen a window is still classified. A hand that has left adds
   * nothing: its motion slides out of the window, and the window's tail of a motion can look like
   * another (a swipe's last stroke like a wave's), so once the hand has been gone this long nothing
   * fires (a motion that ends as the hand leaves the frame has fired by then).
   */
  readonly goneMs: number;
}

/**
 * Live motion recognition for one stream: the live loop's frames (irregular) are resampled to the
 * model's rate into a sliding window of its length; the model classifies the window and the peak
 * detector turns the probabilities into events, once per motion, never for the idle class. The
 * recognizer does not own the model.
 */
export interface MotionRecognizer {
  /**
   * Feeds one frame (`row` from `motionRow`, or null when no hand was found), `timeMs` increasing.
   * Resolves once the window is classified. One call at a time: a call before the previous resolved
   * throws, as frames are processed one at a time.
   */
  push(timeMs: number, row: Float32Array | null): Promise<MotionStep>;
  /** Starts over (the camera changed, the stream paused): an empty window, no state; a frame being classified meanwhile gives nothing. */
  reset(): void;
}

/** A motion that ends as the hand leaves peaks within a few rows; bench:motion-videos' false events after a hand left came 400–900 ms after it. */
export const DEFAULT_GONE_MS = 300;

export function createMotionRecognizer(model: MotionModel, options: Partial<RecognizerOptions> = {}): MotionRecognizer {
  const { maxGapMs = DEFAULT_RESAMPLE_OPTIONS.maxGapMs, settleMs = DEFAULT_RESAMPLE_OPTIONS.settleMs, every = 1, goneMs = DEFAULT_GONE_MS, ...peak } = options;
  if (!(Number.isInteger(every) && every >= 1)) throw new RangeError(`The network runs every whole number of rows, 1 or more, not ${every}.`);
  const idle = model.idleClass === null ? null : model.classNames.indexOf(model.idleClass);
  const detector = createPeakDetector(model.classNames.length, idle, peak);
  const window = createMotionWindow(model.spec.windowFrames);
  let resampler = createResampler({ rate: model.spec.rate, maxGapMs, settleMs });
  let sinceClassified = 0;
  let last: Float32Array | null = null;
  let busy = false;
  let generation = 0; // bumped by reset, so a classification under way when it came is dropped
  return {
    async push(timeMs, row) {
      if (busy) throw new Error('A motion frame is still being classified; push frames one at a time.');
      busy = true;
      try {
        const rows = resampler.push(timeMs, row);
        for (const r of rows) window.push(r);
        sinceClassified += rows.length;
        if (!window.full || sinceClassified < every) return { probabilities: window.full ? last : null, event: null };
        sinceClassified = 0;
        if (!window.anyHand) {
          // No hand for a whole window: whatever was under way is over.
          detector.reset();
          last = null;
          return { probabilities: null, event: null };
        }
        if ((window.rowsSinceHand * 1000) / model.spec.rate > goneMs) {
          last = null;
          return { probabilities: null, event: null };
        }
        const started = generation;
        const probabilities = await model.classify(window.rows());
        if (started !== generation) return { probabilities: null, event: null };
        last = probabilities;
        const fired = detector.update(last, timeMs);
        const event = fired ? { ...fired, className: model.classNames[fired.classIndex] } : null;
        return { probabilities: last, event };
      } finally {
        busy = false;
      }
    },
    reset() {
      generation += 1;
      resampler = createResampler({ rate: model.spec.rate, maxGapMs, settleMs });
      window.clear();
      detector.reset();
      sinceClassified = 0;
      last = null;
    },
  };
}
