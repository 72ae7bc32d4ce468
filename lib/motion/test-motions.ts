import type { Hand } from '../hand';
import { createRandom } from '../train';
import type { MirrorRule, MotionAugmentSettings } from './augment';
import { motionRow } from './clip';
import { recordClip, type TimedFrame } from './resample';
import { DEFAULT_MOTION_NET, type MotionNetSpec } from './temporal-net';

/*
 * Test-only synthetic motions: an open hand drawn as landmarks moving along swipes, circles, waves
 * and pushes (and idle hands that only tremble), seen through a live loop whose frame times are
 * irregular. Paths are in frame heights from the frame's centre, as motion rows keep them.
 */

export const MOTION_KINDS = ['swipe-left', 'swipe-right', 'swipe-up', 'swipe-down', 'circle-cw', 'circle-ccw', 'wave', 'push'] as const;
export type MotionKind = (typeof MOTION_KINDS)[number] | 'idle';

/**
 * The motion training windows before stop 29, as changes to `DEFAULT_MOTION_AUGMENT`: every window of
 * a motion holds its whole clip, the stillness after the motion included, and a clip gives 4 partial
 * windows, 75 % of them unfinished. The baseline bench:motion and bench:motion-replay measure the
 * defaults against.
 */
export const BEFORE_JUST_ENDED: Partial<MotionAugmentSettings> = { justEnded: 0, partials: 4, partialUnfinished: 0.75 };

/** How each kind mirrors, as a person would set it: swipes and circles pair up, the rest are their own mirror. */
export const MOTION_KIND_MIRROR: Readonly<Record<MotionKind, MirrorRule>> = {
  'swipe-left': { partner: 'swipe-right' },
  'swipe-right': { partner: 'swipe-left' },
  'swipe-up': 'off',
  'swipe-down': 'off',
  'circle-cw': { partner: 'circle-ccw' },
  'circle-ccw': { partner: 'circle-cw' },
  wave: 'self',
  push: 'self',
  idle: 'self',
};

/** An open right hand, fingers up, in palm-sized units: wrist at the origin, y down, MediaPipe order. */
const OPEN_HAND: readonly (readonly [number, number])[] = [
  [0, 0],
  [-0.35, -0.2], [-0.6, -0.45], [-0.8, -0.65], [-0.95, -0.85],
  [-0.3, -1], [-0.33, -1.4], [-0.35, -1.7], [-0.37, -1.95],
  [-0.05, -1.05], [-0.05, -1.5], [-0.05, -1.85], [-0.05, -2.1],
  [0.2, -1], [0.22, -1.4], [0.24, -1.7], [0.26, -1.9],
  [0.42, -0.9], [0.47, -1.2], [0.5, -1.45], [0.53, -1.65],
];

export interface HandPlace {
  /** The wrist in frame heights from the frame's centre. */
  readonly x: number;
  readonly y: number;
  /** The hand's scale in frame heights. */
  readonly size: number;
}

/** The open hand with its wrist at `place`, in MediaPipe's normalised coordinates of a frame of `aspect` (width / height). */
export function handAt(place: HandPlace, aspect: number, tremble: () => number = () => 0): Hand {
  return {
    handedness: 'Right',
    landmarks: OPEN_HAND.map(([dx, dy]) => ({
      x: 0.5 + (place.x + dx * place.size + tremble()) / aspect,
      y: 0.5 + place.y + dy * place.size + tremble(),
      z: 0,
    })),
  };
}

export interface MotionStyle {
  /** How far the hand travels, in frame heights. */
  readonly amplitude: number;
  /** Where the path is centred, in frame heights from the frame's centre. */
  readonly centre: { readonly x: number; readonly y: number };
  readonly size: number;
}

/** The hand's place at `u` (0 at the motion's start, 1 at its end). */
export function placeAt(kind: MotionKind, u: number, { amplitude: a, centre: c, size }: MotionStyle): HandPlace {
  const ease = u * u * (3 - 2 * u); // hands speed up and slow down
  switch (kind) {
    case 'swipe-left':
      return { x: c.x + a * (0.5 - ease), y: c.y, size };
    case 'swipe-right':
      return { x: c.x + a * (ease - 0.5), y: c.y, size };
    case 'swipe-up':
      return { x: c.x, y: c.y + a * (0.5 - ease), size };
    case 'swipe-down':
      return { x: c.x, y: c.y + a * (ease - 0.5), size };
    case 'circle-cw':
    case 'circle-ccw': {
      // y points down, so an increasing angle turns clockwise on screen.
      const turn = (kind === 'circle-cw' ? 1 : -1) * 2 * Math.PI * ease;
      return { x: c.x + (a / 2) * Math.sin(turn), y: c.y - (a / 2) * Math.cos(turn) + a / 2, size };
    }
    case 'wave':
      return { x: c.x + (a / 2) * Math.sin(4 * Math.PI * u), y: c.y, size };
    case 'push':
      return { x: c.x, y: c.y, size: size * (1 + ease) };
    case 'idle':
      // A resting hand drifts a little.
      return { x: c.x + 0.02 * Math.sin(2 * Math.PI * u), y: c.y + 0.01 * Math.sin(3 * Math.PI * u), size };
  }
}

export interface StreamPart {
  readonly kind: MotionKind;
  readonly durationMs: number;
  readonly style: MotionStyle;
}

export interface SyntheticStream {
  readonly frames: TimedFrame[];
  /** When each part other than idle ends, with its kind. */
  readonly motions: { readonly kind: MotionKind; readonly startMs: number; readonly endMs: number }[];
}

/**
 * Frames of the parts played one after another, the hand held where the last part left it, seen by
 * a loop whose frames come `meanFrameMs` apart on average but unevenly (±40 %), the landmarks
 * trembling by `tremble` frame heights. Reproducible from `seed`.
 */
export function syntheticStream(parts: readonly StreamPart[], seed: number, { meanFrameMs = 40, tremble = 0.002, aspect = 4 / 3 } = {}): SyntheticStream {
  const random = createRandom(seed);
  const noise = () => (random() - 0.5) * 2 * tremble;
  const frames: TimedFrame[] = [];
  const motions: SyntheticStream['motions'] = [];
  let t = 0;
  let partStart = 0;
  for (const part of parts) {
    const end = partStart + part.durationMs;
    for (; t < end; t += meanFrameMs * (0.6 + 0.8 * random())) {
      const place = placeAt(part.kind, (t - partStart) / part.durationMs, part.style);
      frames.push({ timeMs: t, row: motionRow(handAt(place, aspect, noise), aspect * 480, 480) });
    }
    if (part.kind !== 'idle') motions.push({ kind: part.kind, startMs: partStart, endMs: end });
    partStart = end;
  }
  return { frames, motions };
}

/** A random style: amplitude 0.3–0.6 frame heights, centre within ±0.15, hand size 0.1–0.2. */
export function randomStyle(random: () => number): MotionStyle {
  return {
    amplitude: 0.3 + 0.3 * random(),
    centre: { x: (random() - 0.5) * 0.3, y: (random() - 0.5) * 0.3 },
    size: 0.1 + 0.1 * random(),
  };
}

/**
 * A clip as a person records one: a moment of stillness, the motion (0.5–1.1 s) and a moment of
 * stillness, at a random style; an idle clip trembles in place for as long.
 */
export function syntheticClip(kind: MotionKind, seed: number) {
  const random = createRandom(seed);
  const style = randomStyle(random);
  const still = (ms: number): StreamPart => ({ kind: 'idle', durationMs: ms, style: { ...style, centre: placeAt(kind, 0, style) } });
  const parts = [still(100 + 200 * random()), { kind, durationMs: 500 + 600 * random(), style }];
  const last = placeAt(kind, 1, style);
  const stream = syntheticStream([...parts, { kind: 'idle', durationMs: 100 + 100 * random(), style: { ...style, centre: last, size: last.size } }], seed + 1);
  return recordClip(stream.frames);
}

/**
 * A live session: `kinds` performed one after another at random styles and durations (0.5–1.1 s),
 * each preceded by the hand resting where the last motion left it for `idleMs` (a range), and a
 * last rest. Reproducible from `seed`.
 */
export function motionSession(kinds: readonly MotionKind[], seed: number, idleMs: readonly [number, number] = [1200, 2200], options: Parameters<typeof syntheticStream>[2] = {}): SyntheticStream {
  const random = createRandom(seed);
  const parts: StreamPart[] = [];
  let rest: HandPlace = { x: 0, y: 0, size: 0.15 };
  const idle = (place: HandPlace): StreamPart => ({ kind: 'idle', durationMs: idleMs[0] + (idleMs[1] - idleMs[0]) * random(), style: { amplitude: 0, centre: place, size: place.size } });
  for (const kind of kinds) {
    const style = randomStyle(random);
    // The motion starts where the hand rests: shift its path there.
    const start = placeAt(kind, 0, style);
    const moved = { ...style, centre: { x: style.centre.x + rest.x - start.x, y: style.centre.y + rest.y - start.y }, size: rest.size };
    parts.push(idle(rest), { kind, durationMs: 500 + 600 * random(), style: moved });
    // The hand rests where the motion left it (the network only sees paths relative to its window).
    rest = placeAt(kind, 1, moved);
  }
  parts.push(idle(rest));
  return syntheticStream(parts, seed + 1, options);
}

/**
 * A resting hand that changes pose every 1.5–3.5 s for `ms`: with each change the tracked wrist moves
 * by up to `shift` frame heights and the palm's apparent size by up to ×e^±`logSize`, from one live
 * frame to the next (a fist's wrist and palm are not an open hand's). No motion happens in it.
 */
export function poseChangeSession(seed: number, ms: number, { shift = 0.05, logSize = 0.3 } = {}): SyntheticStream {
  const random = createRandom(seed);
  const parts: StreamPart[] = [];
  let place: HandPlace = { x: 0.05, y: 0.1, size: 0.15 };
  for (let t = 0; t < ms; t += parts[parts.length - 1].durationMs) {
    parts.push({ kind: 'idle', durationMs: 1500 + 2000 * random(), style: { amplitude: 0, centre: place, size: place.size } });
    const angle = 2 * Math.PI * random();
    const step = shift * random();
    place = { x: place.x + step * Math.cos(angle), y: place.y + step * Math.sin(angle), size: place.size * Math.exp(logSize * (2 * random() - 1)) };
  }
  return syntheticStream(parts, seed + 1);
}

export interface EventScore {
  /** Motions with an event of their class within `lateMs` of their end (the first such event counts). */
  readonly recognised: number;
  /** Motions with no event of their class. */
  readonly missed: number;
  /** Events during or just after a motion naming another class. */
  readonly wrong: number;
  /** Events outside every motion (and its `lateMs`), and second events of one motion. */
  readonly extra: number;
  /** For each recognised motion, its event's time minus the motion's end (negative: it fired before the hand stopped). */
  readonly delaysMs: number[];
  /** Each wrong or extra event in words: "circle-cw at 31.2 s during swipe-left", "wave at 40.0 s, no motion". */
  readonly mistakes: string[];
}

/** Matches `events` (class name and time) to the motions of a stream: an event belongs to a motion from its start to `lateMs` after its end. */
export function scoreEvents(motions: SyntheticStream['motions'], events: readonly { readonly className: string; readonly timeMs: number }[], lateMs = 700): EventScore {
  const matched = new Set<number>();
  let wrong = 0;
  let extra = 0;
  const delaysMs: number[] = [];
  const mistakes: string[] = [];
  for (const event of events) {
    const m = motions.findIndex((motion) => event.timeMs >= motion.startMs && event.timeMs <= motion.endMs + lateMs);
    const at = `${event.className} at ${(event.timeMs / 1000).toFixed(1)} s`;
    if (m < 0 || matched.has(m)) {
      extra += 1;
      mistakes.push(m < 0 ? `${at}, no motion` : `${at}, again for ${motions[m].kind}`);
    } else if (event.className !== motions[m].kind) {
      wrong += 1;
      mistakes.push(`${at} during ${motions[m].kind}`);
    } else {
      matched.add(m);
      delaysMs.push(event.timeMs - motions[m].endMs);
    }
  }
  return { recognised: matched.size, missed: motions.length - matched.size, wrong, extra, delaysMs, mistakes };
}

/**
 * A path-only network small enough to train in seconds on the CPU backend: a convolution per entry
 * of `filters`, kernel 5 then 5 at stride 2 then 3, all 'same'.
 */
export function smallMotionNet(filters: readonly number[]): MotionNetSpec {
  const shapes = [
    { kernel: 5, stride: 1 },
    { kernel: 5, stride: 2 },
  ];
  return { ...DEFAULT_MOTION_NET, input: 'path', layers: filters.map((n, i) => ({ filters: n, ...(shapes[i] ?? { kernel: 3, stride: 1 }), padding: 'same' })) };
}
