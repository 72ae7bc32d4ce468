import { LANDMARK_FEATURE_LAYOUT } from '../hand';
import { TrainingError } from '../train';
import { LOG_SIZE, MOTION_ROW_SIZE, PRESENT, WRIST_X, WRIST_Y, type MotionClip } from './clip';

/*
 * Augmentation made for motions: each function takes a clip and gives a new one (never changing its
 * input), and frames without a hand stay exactly as they were (all zeros), so the no-hand mask is
 * carried through everything.
 */

export interface MotionAugmentSettings {
  /** Augmented copies of each training clip (0: train on the clips alone). */
  readonly copies: number;
  /** Speed changes: a copy plays between 1/(1 + speed) and (1 + speed) times as fast (its length changes). */
  readonly speed: number;
  /** Time warp: how unevenly the speed may vary within a copy, 0 (even) to below 1. */
  readonly warp: number;
  /** The path (and the hand with it) turns by up to this many degrees either way. */
  readonly rotationDegrees: number;
  /** The path grows or shrinks by up to this share (0.2: ×0.8 to ×1.2). */
  readonly scale: number;
  /** Standard deviation of the trembling added to the wrist, in frame heights (the pose gets the same in palm units). */
  readonly jitter: number;
  /** Place each copy at a random offset in the window rather than in its middle. */
  readonly shift: boolean;
  /**
   * Windows per clip that show only part of it — the motion not finished yet, or mostly gone —
   * taught as "no motion" (when the set has that class), so a motion fires only once it is whole.
   */
  readonly partials: number;
  /** The share of a clip (`partialOf`) that a partial window shows, from–to (both from 0 to below 1). */
  readonly partialShown: readonly [number, number];
  /**
   * What `partialShown` is a share of: the clip's `motion` (its moving frames, `motionSpan`), or the
   * whole `clip`, the stillness before and after it included (as before stop 25: a clip held long
   * before and after its motion then taught most of the motion as "no motion", and the network waited
   * for the stillness after it).
   */
  readonly partialOf: 'motion' | 'clip';
  /** The share of partial windows that show a clip's start (the motion not finished yet) rather than its end (mostly gone). */
  readonly partialUnfinished: number;
  /**
   * The share of a motion class's windows (each clip and its copies) that end as its motion does
   * (`justEndedOffset`) rather than holding the whole clip somewhere in the window. Live, the window's
   * newest row is the frame just seen, so a motion that has just ended sits at the window's end with
   * none of the stillness after it; a network shown only whole clips, whose rest after the motion is
   * always in the window, waited for that rest before it fired.
   */
  readonly justEnded: number;
  /**
   * Windows per "no motion" clip in which the resting hand jolts (`joltClip`): a pose change or a
   * hand turning moves the tracked wrist and palm size at once, and that is not a motion.
   */
  readonly jolts: number;
}

/** Mild enough that a swipe stays a swipe and a circle a circle: a person repeats a motion about this unevenly. */
export const DEFAULT_MOTION_AUGMENT: MotionAugmentSettings = {
  copies: 8,
  speed: 0.3,
  warp: 0.4,
  rotationDegrees: 12,
  scale: 0.25,
  jitter: 0.004,
  shift: true,
  // Cut late and mostly unfinished: two thirds of a swipe look like a stroke of a wave, and networks
  // taught two windows a clip cut at 20–60 %, half of them unfinished, fired Wave mid-swipe (README,
  // stop 24). Cut by the motion, not the clip, so holding still longer does not make the network wait.
  // Three unfinished and two mostly gone a clip: with `justEnded` a motion's last stretch at the
  // window's end is a motion, and a motion's last stretch at the window's start, then stillness, is
  // the same path played backwards (a swipe down's tail is a swipe up's end); with one such window a
  // clip, as before, networks fired another motion as the one just made slid out of the window.
  partials: 5,
  partialShown: [0.2, 0.75],
  partialOf: 'motion',
  partialUnfinished: 0.6,
  // Not every window: stillness after a motion must still read as that motion while it slides through
  // the window (all of them recognised fewer test motions in bench:motion-replay).
  justEnded: 0.75,
  jolts: 12,
};

/**
 * How a class takes mirroring (left ↔ right in the frame): 'off', never mirrored; 'self', its mirror
 * is still the class (a wave, a push, no motion); `{ partner }`, its mirror is the named class (a left
 * swipe's mirror is a right swipe, a clockwise circle's a counter-clockwise one). Pairs are mutual.
 */
export type MirrorRule = 'off' | 'self' | { readonly partner: string };

/**
 * The class a mirrored clip of class `label` belongs to under `rules` (class name → rule; a class
 * without a rule is 'off'), or null when it is not to be mirrored. Throws a `TrainingError`
 * ('bad-params') when a partner is unknown or does not name the class back.
 */
export function mirrorLabel(label: number, classNames: readonly string[], rules: Readonly<Record<string, MirrorRule>>): number | null {
  const rule = rules[classNames[label]] ?? 'off';
  if (rule === 'off') return null;
  if (rule === 'self') return label;
  const partner = classNames.indexOf(rule.partner);
  const back = partner >= 0 ? rules[rule.partner] : undefined;
  if (partner < 0 || partner === label || typeof back !== 'object' || back.partner !== classNames[label]) {
    throw new TrainingError('bad-params', `"${classNames[label]}" is paired with "${rule.partner}" for mirroring, but they are not a pair of two classes naming each other.`);
  }
  return partner;
}

/** The clip seen in a mirror: the wrist's x flips about the frame's centre line. */
export function mirrorClip(clip: MotionClip): MotionClip {
  // The pose features stay: mirroring a frame turns a right hand into a left one, and lib/hand's
  // features already flip a left hand's x, so the mirrored hand has the same features.
  return mapPresentRows(clip, (row) => {
    row[WRIST_X] = -row[WRIST_X];
  });
}

/**
 * Turns the clip by `radians` in the image plane: the wrist's path about its mean, and each
 * landmark's x, y in the pose features (the joint angles and distances, measured in 3-D, do not
 * change under such a turn). Distances along the path are kept.
 */
export function rotateClip(clip: MotionClip, radians: number): MotionClip {
  const centre = pathCentre(clip);
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const { offset, length } = LANDMARK_FEATURE_LAYOUT.coordinates;
  return mapPresentRows(clip, (row) => {
    const x = row[WRIST_X] - centre.x;
    const y = row[WRIST_Y] - centre.y;
    row[WRIST_X] = centre.x + x * cos - y * sin;
    row[WRIST_Y] = centre.y + x * sin + y * cos;
    for (let i = offset; i < offset + length; i += 3) {
      const px = row[i];
      const py = row[i + 1];
      row[i] = px * cos - py * sin;
      row[i + 1] = px * sin + py * cos;
    }
  });
}

/** Grows the wrist's path about its mean by `factor` (a wider or narrower swipe). */
export function scaleClip(clip: MotionClip, factor: number): MotionClip {
  const centre = pathCentre(clip);
  return mapPresentRows(clip, (row) => {
    row[WRIST_X] = centre.x + (row[WRIST_X] - centre.x) * factor;
    row[WRIST_Y] = centre.y + (row[WRIST_Y] - centre.y) * factor;
  });
}

/**
 * A palm is 0.1–0.2 frame heights across, so a tremble of `sd` frame heights at the wrist is
 * about `sd / TYPICAL_PALM` palm units in the pose.
 */
const TYPICAL_PALM = 0.15;

/** Adds Gaussian trembling of `sd` frame heights to the wrist and the log size, and `sd / 0.15` palm units to the pose. */
export function jitterClip(clip: MotionClip, sd: number, random: () => number): MotionClip {
  const gauss = gaussian(random);
  const poseEnd = LANDMARK_FEATURE_LAYOUT.thumbToTips.offset + LANDMARK_FEATURE_LAYOUT.thumbToTips.length;
  return mapPresentRows(clip, (row) => {
    row[WRIST_X] += sd * gauss();
    row[WRIST_Y] += sd * gauss();
    row[LOG_SIZE] += (sd / TYPICAL_PALM) * gauss();
    for (let i = 0; i < poseEnd; i += 1) row[i] += (sd / TYPICAL_PALM) * gauss();
  });
}

/**
 * Positions (in frames of the source, increasing, 0 first and frames − 1 last) of a time warp that
 * keeps the length: the clip is cut into four stretches, each played at its own speed, between
 * 1 − strength and 1 + strength times the mean.
 */
export function warpPositions(frames: number, strength: number, random: () => number): number[] {
  if (!(strength >= 0 && strength < 1)) throw new RangeError(`A time warp's strength must be in [0, 1), not ${strength}.`);
  if (frames < 2) return Array.from({ length: frames }, () => 0);
  const pieces = 4;
  const steps = Array.from({ length: pieces }, () => 1 + strength * (2 * random() - 1));
  const total = steps.reduce((a, b) => a + b, 0);
  // knots[j]: where in the source (0..1) the output's j/pieces falls; increasing because every step is positive.
  const knots = [0];
  for (const step of steps) knots.push(knots[knots.length - 1] + step / total);
  return Array.from({ length: frames }, (_, k) => {
    const u = (k / (frames - 1)) * pieces;
    const j = Math.min(pieces - 1, Math.floor(u));
    return (frames - 1) * (knots[j] + (knots[j + 1] - knots[j]) * (u - j));
  });
}

/** Plays the clip `factor` times as fast: round((frames − 1)/factor) + 1 frames, the first and last kept. */
export function changeSpeed(clip: MotionClip, factor: number): MotionClip {
  if (!(factor > 0 && Number.isFinite(factor))) throw new RangeError(`A speed factor must be a positive number, not ${factor}.`);
  if (clip.frames < 2) return { ...clip, rows: Float32Array.from(clip.rows) };
  const frames = Math.max(2, Math.round((clip.frames - 1) / factor) + 1);
  return resampleClip(clip, Array.from({ length: frames }, (_, k) => (k * (clip.frames - 1)) / (frames - 1)));
}

/** The clip with a time warp of `strength` (same length; see `warpPositions`). */
export function timeWarp(clip: MotionClip, strength: number, random: () => number): MotionClip {
  return resampleClip(clip, warpPositions(clip.frames, strength, random));
}

/**
 * Rows at fractional frame positions of the source: between two frames with a hand, the line between
 * them; next to a frame without one, the nearer frame as it is (so a gap stays a gap).
 */
export function resampleClip(clip: MotionClip, positions: readonly number[]): MotionClip {
  const rows = new Float32Array(positions.length * MOTION_ROW_SIZE);
  positions.forEach((position, k) => {
    const i = Math.min(clip.frames - 1, Math.max(0, Math.floor(position)));
    const j = Math.min(clip.frames - 1, i + 1);
    const w = Math.min(1, Math.max(0, position - i));
    const a = i * MOTION_ROW_SIZE;
    const b = j * MOTION_ROW_SIZE;
    const to = k * MOTION_ROW_SIZE;
    if (clip.rows[a + PRESENT] > 0 && clip.rows[b + PRESENT] > 0) {
      for (let v = 0; v < MOTION_ROW_SIZE; v += 1) rows[to + v] = clip.rows[a + v] + (clip.rows[b + v] - clip.rows[a + v]) * w;
    } else {
      const nearest = w < 0.5 ? a : b;
      rows.set(clip.rows.subarray(nearest, nearest + MOTION_ROW_SIZE), to);
    }
  });
  return { rate: clip.rate, frames: positions.length, rows };
}

/**
 * How far a jolt moves the hand: the wrist up to 0.05 frame heights (a wrist flexes as the fingers
 * close), the log palm size up to ±0.3 (a palm turned part way side-on looks a quarter smaller),
 * within 1–3 rows (under 200 ms at 15 rows/s). A swipe travels 0.3 frame heights or more and a push
 * doubles the palm (0.69), both over 7 rows or more. Larger jolts were measured to cost recognition:
 * with 0.08 and ±0.45 bench:motion-videos missed 4 of 6 pushes.
 */
export const JOLT = { maxShift: 0.05, maxLogSize: 0.3, maxRows: 3 } as const;

/**
 * The clip with one or two sudden steps in the wrist's place and the palm's size, each spread over
 * 1–`JOLT.maxRows` rows and kept to the clip's end: a resting hand that changes pose or turns. Rows
 * without a hand stay as they were.
 */
export function joltClip(clip: MotionClip, random: () => number): MotionClip {
  const steps = Array.from({ length: 1 + Math.floor(random() * 2) }, () => {
    const angle = 2 * Math.PI * random();
    const shift = JOLT.maxShift * random();
    return {
      start: Math.floor(random() * clip.frames),
      rows: 1 + Math.floor(random() * JOLT.maxRows),
      dx: shift * Math.cos(angle),
      dy: shift * Math.sin(angle),
      dLogSize: JOLT.maxLogSize * (2 * random() - 1),
    };
  });
  return mapPresentRows(clip, (row, frame) => {
    for (const step of steps) {
      const done = Math.min(1, Math.max(0, (frame - step.start + 1) / step.rows));
      row[WRIST_X] += done * step.dx;
      row[WRIST_Y] += done * step.dy;
      row[LOG_SIZE] += done * step.dLogSize;
    }
  });
}

/**
 * One augmented copy of `clip` under `settings`: a speed change, a time warp, a turn, a scale and
 * trembling, each drawn from `random`. Mirroring and the place in the window are the caller's, as
 * they depend on the class and the window.
 */
export function augmentClip(clip: MotionClip, settings: MotionAugmentSettings, random: () => number): MotionClip {
  const between = (low: number, high: number) => low + (high - low) * random();
  let out = changeSpeed(clip, Math.exp(between(-1, 1) * Math.log(1 + settings.speed)));
  out = timeWarp(out, settings.warp, random);
  out = rotateClip(out, (between(-1, 1) * settings.rotationDegrees * Math.PI) / 180);
  out = scaleClip(out, between(1 - settings.scale, 1 + settings.scale));
  return jitterClip(out, settings.jitter, random);
}

/**
 * Where a clip of `frames` starts in a window of `windowFrames` (`fitToWindow`'s offset), drawn
 * evenly over every place where the whole clip fits, or where the window stays inside a longer clip.
 */
export function randomOffset(frames: number, windowFrames: number, random: () => number): number {
  const low = Math.min(0, windowFrames - frames);
  const high = Math.max(0, windowFrames - frames);
  return low + Math.floor(random() * (high - low + 1));
}

/** How much a change of the log palm size counts against the wrist's travel: a push that doubles the hand counts as a third of a frame height. */
const SIZE_TRAVEL = 0.5;

/**
 * The frames in which `clip`'s hand moves, [start, end): the wrist's travel and the palm's change of
 * size are added up from frame to frame (frames without a hand skipped), and the span runs from the
 * last frame before 5 % of that total to the first by which 95 % of it is done, so the trembling of a
 * hand held still before and after the motion is left out. The whole clip when nothing moves.
 */
export function motionSpan(clip: MotionClip): { start: number; end: number } {
  const travelled = new Float64Array(clip.frames);
  let previous = -1;
  for (let i = 0; i < clip.frames; i += 1) {
    travelled[i] = i > 0 ? travelled[i - 1] : 0;
    const at = i * MOTION_ROW_SIZE;
    if (clip.rows[at + PRESENT] === 0) continue;
    if (previous >= 0) {
      const from = previous * MOTION_ROW_SIZE;
      const step = Math.hypot(clip.rows[at + WRIST_X] - clip.rows[from + WRIST_X], clip.rows[at + WRIST_Y] - clip.rows[from + WRIST_Y]);
      travelled[i] += step + SIZE_TRAVEL * Math.abs(clip.rows[at + LOG_SIZE] - clip.rows[from + LOG_SIZE]);
    }
    previous = i;
  }
  const total = clip.frames > 0 ? travelled[clip.frames - 1] : 0;
  if (!(total > 1e-9)) return { start: 0, end: clip.frames };
  let start = 0;
  while (start + 1 < clip.frames && travelled[start + 1] <= 0.05 * total) start += 1;
  let end = start + 1;
  while (end < clip.frames && travelled[end - 1] < 0.95 * total) end += 1;
  return { start, end };
}

/**
 * A `fitToWindow` offset that shows only part of `clip`'s motion (a share of its `partialOf` drawn
 * from `partialShown`): with odds `partialUnfinished` the clip from its start to that share of its
 * motion, at the window's end (the motion is not finished yet), otherwise from the last such share of
 * its motion to its end, at the window's start and held after (it is mostly gone).
 */
export function partialOffset(clip: MotionClip, windowFrames: number, settings: Pick<MotionAugmentSettings, 'partialShown' | 'partialOf' | 'partialUnfinished'>, random: () => number): number {
  const [from, to] = settings.partialShown;
  const span = settings.partialOf === 'motion' ? motionSpan(clip) : { start: 0, end: clip.frames };
  const part = Math.max(1, Math.round((span.end - span.start) * (from + (to - from) * random())));
  if (random() < settings.partialUnfinished) return windowFrames - (span.start + part);
  // The window starts `part` frames before the motion's end.
  return part - span.end;
}

/**
 * A `fitToWindow` offset that puts `clip`'s newest shown row at the window's end, anywhere from the
 * row by which its motion is done (the end of `motionSpan`) to its last row, drawn evenly: the
 * motion just ended, followed by none, some or all of the stillness the clip holds after it.
 */
export function justEndedOffset(clip: MotionClip, windowFrames: number, random: () => number): number {
  const { end } = motionSpan(clip);
  const shown = end + Math.floor(random() * (clip.frames - end + 1));
  return windowFrames - shown;
}

/** Standard normal draws (Box–Muller) from a uniform source. */
export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function pathCentre(clip: MotionClip): { x: number; y: number } {
  let x = 0;
  let y = 0;
  let count = 0;
  for (let i = 0; i < clip.frames; i += 1) {
    const at = i * MOTION_ROW_SIZE;
    if (clip.rows[at + PRESENT] === 0) continue;
    x += clip.rows[at + WRIST_X];
    y += clip.rows[at + WRIST_Y];
    count += 1;
  }
  return count > 0 ? { x: x / count, y: y / count } : { x: 0, y: 0 };
}

/** A copy of the clip with `change` applied to each row with a hand (in place, on the copy's row `frame`). */
function mapPresentRows(clip: MotionClip, change: (row: Float32Array, frame: number) => void): MotionClip {
  const rows = Float32Array.from(clip.rows);
  for (let i = 0; i < clip.frames; i += 1) {
    const row = rows.subarray(i * MOTION_ROW_SIZE, (i + 1) * MOTION_ROW_SIZE);
    if (row[PRESENT] > 0) change(row, i);
  }
  return { rate: clip.rate, frames: clip.frames, rows };
}
