/**
 * Motion videos for Chromium's fake webcam: a hand cut out of a sign-digit photo moved along
 * lib/motion's synthetic paths (`placeAt`: swipes, circles, waves, pushes) over generated scenes, with
 * rests between the motions (the hand held still, drifting a little) and stretches with no hand.
 *
 * Frame layout (320x240, 30 fps): x 0..39 the left MARKER strip (see fake-camera.ts) encodes what
 * the segment shows — MOTION_LABEL: 0..7 a motion (MOTION_KINDS' order), 8 a resting hand, 9 no
 * hand — so a spec reading the strip knows the truth of every frame; x 40..319 the scene.
 *
 * Each video comes with its timeline (`MotionSegment`s in video time) for scoring events against it
 * (motion-score.ts), and its sections (training clips, test motions, idle, poses) by time.
 *
 * Hands: a person's photos in the data set have consecutive numbers, one digit after another
 * (IMG_1118 is a 0, IMG_1119 a 1, …), so photos are grouped into people, and training and test
 * videos take their hands from two disjoint sets of people (`handPeople`).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { MOTION_KINDS, placeAt, type HandPlace, type MotionKind, type MotionStyle } from '../../lib/motion/test-motions';
import { busyBackground, cutOutHand, handBox, type HandCutout, SCENE_WIDTH, SCENE_X } from './busy-scene';
import { encodeI420, paintMarker, VIDEO_FPS, VIDEO_HEIGHT, VIDEO_WIDTH, writeY4m } from './fake-camera';
import { listClassImages, mulberry32, seededShuffle, SIGN_DIGIT_CLASSES } from './sign-digits';

export type SegmentKind = MotionKind | 'no-hand';

/** The marker label of each kind of segment. */
export const MOTION_LABEL: Readonly<Record<SegmentKind, number>> = {
  ...(Object.fromEntries(MOTION_KINDS.map((kind, i) => [kind, i])) as Record<(typeof MOTION_KINDS)[number], number>),
  idle: 8,
  'no-hand': 9,
};

export function kindOfLabel(label: number): SegmentKind | null {
  return (Object.keys(MOTION_LABEL) as SegmentKind[]).find((kind) => MOTION_LABEL[kind] === label) ?? null;
}

/** One stretch of a video, in video time (ms from its first frame). */
export interface MotionSegment {
  readonly label: number;
  readonly kind: SegmentKind;
  readonly startMs: number;
  readonly endMs: number;
  /** The photo the hand was cut out of (null without a hand). */
  readonly photo: string | null;
}

/** `pause`: hands at rest while the model trains, before the sections that are scored. */
export type SectionName = 'training' | 'pause' | 'test' | 'idle' | 'poses';

export interface MotionSection {
  readonly name: SectionName;
  readonly startMs: number;
  readonly endMs: number;
}

export interface MotionVideo {
  readonly path: string;
  readonly frames: number;
  readonly durationMs: number;
  readonly timeline: readonly MotionSegment[];
  readonly sections: readonly MotionSection[];
}

export const FRAME_MS = 1000 / VIDEO_FPS;

// ---------------------------------------------------------------------------------------------
// People

export interface Person {
  /** The number of the person's first photo (IMG_<id>). */
  readonly id: number;
  /** Their photos by digit ("0".."9"), the digits they have. */
  readonly photos: ReadonlyMap<string, string>;
}

const photoNumber = (file: string) => Number(path.basename(file).match(/(\d+)\.png$/i)?.[1] ?? Number.NaN);

/**
 * The photos grouped into people: sorted by number, a new person starts where the digit does not
 * go up from the previous photo's, or the number jumps by more than 12.
 */
export function groupPeople(photos: readonly { file: string; digit: string }[]): Person[] {
  const sorted = photos.map((p) => ({ ...p, n: photoNumber(p.file) })).filter((p) => Number.isFinite(p.n)).sort((a, b) => a.n - b.n);
  const people: { id: number; photos: Map<string, string> }[] = [];
  let previous: { n: number; digit: number } | null = null;
  for (const p of sorted) {
    const digit = Number(p.digit);
    if (!previous || digit <= previous.digit || p.n - previous.n > 12) people.push({ id: p.n, photos: new Map() });
    (people.at(-1) as { photos: Map<string, string> }).photos.set(p.digit, p.file);
    previous = { n: p.n, digit };
  }
  return people;
}

/** Share of the people whose hands the training videos use; the rest are the test videos' hands. */
const TRAINING_SHARE = 0.5;
const PEOPLE_SEED = 14;

/** The sign-digit photos' people, split (seeded) into training and test hands: no person in both. */
export function handPeople(): { training: Person[]; test: Person[] } {
  const photos = SIGN_DIGIT_CLASSES.flatMap((digit) => listClassImages(digit).map((file) => ({ file, digit })));
  const people = seededShuffle(groupPeople(photos), PEOPLE_SEED);
  const cut = Math.round(people.length * TRAINING_SHARE);
  return { training: people.slice(0, cut), test: people.slice(cut) };
}

/** The poses motions are made with: an open palm or four fingers, as people swipe and wave. */
export const MOTION_POSES: readonly string[] = ['5', '4'];

// ---------------------------------------------------------------------------------------------
// Shots: what the renderer draws

/** A planned stretch of frames with one marker label: the background, and the hand frame by frame. */
export interface Shot {
  readonly kind: SegmentKind;
  readonly frames: number;
  /** Seed of the generated scene behind the hand. */
  readonly background: number;
  readonly photo: string | null;
  /** The hand's place at u (0 on the shot's first frame, 1 on its last). */
  readonly place: ((u: number) => HandPlace) | null;
}

const framesOf = (ms: number) => Math.max(1, Math.round(ms / FRAME_MS));
const between = (random: () => number, [low, high]: readonly [number, number]) => low + (high - low) * random();

/** A hand resting at `at`, drifting a little (lib/motion's idle path). */
function restShot(ms: number, background: number, photo: string, at: HandPlace): Shot {
  const style: MotionStyle = { amplitude: 0, centre: { x: at.x, y: at.y }, size: at.size };
  return { kind: 'idle', frames: framesOf(ms), background, photo, place: (u) => placeAt('idle', u, style) };
}

function emptyShot(ms: number, background: number): Shot {
  return { kind: 'no-hand', frames: framesOf(ms), background, photo: null, place: null };
}

/** Hand height (wrist to fingertips, px) for a hand of `size` frame heights: lib/motion's open hand spans 2.1 sizes. */
const handHeightPx = (size: number) => 2.1 * size * VIDEO_HEIGHT;

/** The scene in frame heights from the frame's centre (the marker strip is not scene). */
const SCENE = { left: (SCENE_X - VIDEO_WIDTH / 2) / VIDEO_HEIGHT, right: 0.5 * (VIDEO_WIDTH / VIDEO_HEIGHT), top: -0.5, bottom: 0.5 };

/** Whether the whole hand stays inside the scene (with a margin) all along the path; the wrist may touch the bottom. */
function pathFits(kind: MotionKind, style: MotionStyle): boolean {
  for (let u = 0; u <= 1.0001; u += 0.05) {
    const { x, y, size } = placeAt(kind, u, style);
    const halfWidth = 0.6 * handHeightPx(size) / VIDEO_HEIGHT;
    const height = handHeightPx(size) / VIDEO_HEIGHT;
    if (x - halfWidth < SCENE.left + 0.03 || x + halfWidth > SCENE.right - 0.03 || y - height < SCENE.top + 0.03 || y > SCENE.bottom) return false;
  }
  return true;
}

/** A random style for `kind` whose path fits in the scene: travel 0.3–0.55 frame heights, hands 0.11–0.2 (a push starts at 0.1–0.13 and doubles). */
export function fittingStyle(kind: MotionKind, random: () => number): MotionStyle {
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const style: MotionStyle = {
      amplitude: 0.3 + 0.25 * random(),
      centre: { x: 0.1 + (random() - 0.5) * 0.4, y: 0.12 + (random() - 0.5) * 0.3 },
      size: kind === 'push' ? 0.1 + 0.03 * random() : 0.11 + 0.09 * random(),
    };
    if (pathFits(kind, style)) return style;
  }
  throw new Error(`fittingStyle: no path of ${kind} fits the scene`);
}

export interface ClipTiming {
  /** No hand before the hand appears, ms. */
  readonly gapMs: readonly [number, number];
  /** The hand resting before the motion, and after it, ms. */
  readonly beforeMs: readonly [number, number];
  readonly afterMs: readonly [number, number];
  /** The motion itself, ms. */
  readonly motionMs: readonly [number, number];
}

export const TEST_TIMING: ClipTiming = { gapMs: [300, 1000], beforeMs: [800, 1600], afterMs: [600, 1200], motionMs: [500, 1200] };
/** Training clips rest longer around the motion: the record button is held from 300 ms before it to 300 ms after. */
export const TRAINING_TIMING: ClipTiming = { gapMs: [400, 700], beforeMs: [1000, 1300], afterMs: [700, 900], motionMs: [500, 1200] };

/** A pick of the person's photo of one of `digits` (one they have). */
function photoOf(person: Person, digits: readonly string[], random: () => number): string {
  const have = digits.filter((d) => person.photos.has(d));
  const pool = have.length > 0 ? have : [...person.photos.keys()];
  return person.photos.get(pool[Math.floor(random() * pool.length)] as string) as string;
}

/** People who have a photo of one of `digits`. */
const withPose = (people: readonly Person[], digits: readonly string[]) => people.filter((p) => digits.some((d) => p.photos.has(d)));

/** One motion on a new scene: no hand, the hand resting, the motion, the hand resting where it ended. */
export function motionClip(kind: MotionKind, person: Person, random: () => number, timing: ClipTiming = TEST_TIMING): Shot[] {
  const background = Math.floor(random() * 2 ** 31);
  const photo = photoOf(person, MOTION_POSES, random);
  const style = fittingStyle(kind, random);
  return [
    emptyShot(between(random, timing.gapMs), background),
    restShot(between(random, timing.beforeMs), background, photo, placeAt(kind, 0, style)),
    { kind, frames: framesOf(between(random, timing.motionMs)), background, photo, place: (u) => placeAt(kind, u, style) },
    restShot(between(random, timing.afterMs), background, photo, placeAt(kind, 1, style)),
  ];
}

/** A resting hand somewhere in the scene. */
function restingPlace(random: () => number): HandPlace {
  return { x: 0.1 + (random() - 0.5) * 0.5, y: 0.25 + random() * 0.2, size: 0.11 + 0.09 * random() };
}

/** A hand at rest (any pose) for `ms` on a new scene, after a moment with no hand. */
export function idleClip(person: Person, ms: number, random: () => number): Shot[] {
  const background = Math.floor(random() * 2 ** 31);
  // Half the time in a pose motions are made with: a pose alone must not tell a motion from none.
  const photo = photoOf(person, random() < 0.5 ? MOTION_POSES : SIGN_DIGIT_CLASSES, random);
  return [emptyShot(between(random, [400, 900]), background), restShot(ms, background, photo, restingPlace(random))];
}

/** One person's hand showing 2–4 of their poses in turn in one place (1.5–4 s each), no travel. */
export function poseClip(person: Person, random: () => number): Shot[] {
  const background = Math.floor(random() * 2 ** 31);
  const at = restingPlace(random);
  const digits = seededShuffle([...person.photos.keys()], Math.floor(random() * 2 ** 31)).slice(0, 2 + Math.floor(random() * 3));
  return [emptyShot(between(random, [300, 800]), background), ...digits.map((d) => restShot(between(random, [1500, 4000]), background, person.photos.get(d) as string, at))];
}

// ---------------------------------------------------------------------------------------------
// Sections

/** How long a training video's "no motion" clip rests (a motion clip's rests are at most 1.3 s). */
export const IDLE_CLIP_MS = 2600;

/**
 * Training clips: `clipsPerClass` rounds, each by one training person making every motion once and a
 * "no motion" clip (a resting hand). One hand per round, as one person records a round of clips: were
 * each clip a different person's, their hand's shape alone would tell the classes apart in training.
 */
export function trainingShots(kinds: readonly MotionKind[], clipsPerClass: number, people: readonly Person[], seed: number): Shot[] {
  const random = mulberry32(seed);
  const movers = withPose(people, MOTION_POSES);
  const pick = (i: number) => movers[(seed + i * 7) % movers.length] as Person;
  const shots: Shot[] = leadIn(pick(clipsPerClass), random);
  for (let round = 0; round < clipsPerClass; round += 1) {
    const person = pick(round);
    for (const kind of kinds) shots.push(...motionClip(kind, person, random, TRAINING_TIMING));
    shots.push(...idleClip(person, IDLE_CLIP_MS, random));
  }
  return shots;
}

/**
 * A hand showing up twice before the first clip: marker changes a watcher that starts with the
 * camera sees (and times) before any clip, to tell where in the video it is (marker-clock.ts).
 */
function leadIn(person: Person, random: () => number): Shot[] {
  const background = Math.floor(random() * 2 ** 31);
  const photo = photoOf(person, SIGN_DIGIT_CLASSES, random);
  const at = restingPlace(random);
  return [emptyShot(1500, background), restShot(1500, background, photo, at), emptyShot(1000, background), restShot(1800, background, photo, at), emptyShot(800, background)];
}

/** Test motions: each kind `perKind` times in a shuffled order, by test people. */
export function testShots(kinds: readonly MotionKind[], perKind: number, people: readonly Person[], seed: number): Shot[] {
  const random = mulberry32(seed);
  const movers = withPose(people, MOTION_POSES);
  const order = seededShuffle(kinds.flatMap((kind) => Array.from({ length: perKind }, () => kind)), seed);
  return order.flatMap((kind, i) => motionClip(kind, movers[(seed + i * 5) % movers.length] as Person, random));
}

/** At least `ms` of hands at rest (3–8 s each, small drifts), by test people. */
export function idleShots(ms: number, people: readonly Person[], seed: number): Shot[] {
  const random = mulberry32(seed);
  return fillTo(ms, (i) => idleClip(people[(seed + i * 3) % people.length] as Person, between(random, [3000, 8000]), random));
}

/** At least `ms` of hands showing poses in place, held or changing, by test people. */
export function poseShots(ms: number, people: readonly Person[], seed: number): Shot[] {
  const random = mulberry32(seed);
  return fillTo(ms, (i) => poseClip(people[(seed + i * 3) % people.length] as Person, random));
}

function fillTo(ms: number, clip: (i: number) => Shot[]): Shot[] {
  const shots: Shot[] = [];
  for (let i = 0; shots.reduce((sum, s) => sum + s.frames, 0) * FRAME_MS < ms; i += 1) shots.push(...clip(i));
  return shots;
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** The timeline of a list of shots (adjacent shots of one kind stay separate segments) and its length in frames. */
export function timelineOf(shots: readonly Shot[], firstFrame = 0): { timeline: MotionSegment[]; frames: number } {
  let frame = firstFrame;
  const timeline = shots.map((shot) => {
    const segment = { label: MOTION_LABEL[shot.kind], kind: shot.kind, startMs: frame * FRAME_MS, endMs: (frame + shot.frames) * FRAME_MS, photo: shot.photo };
    frame += shot.frames;
    return segment;
  });
  return { timeline, frames: frame - firstFrame };
}

/** A photo's hand cut out at two resolutions (sampling never shrinks a cut-out by more than half) and where its wrist is. */
interface HandSprite {
  readonly levels: readonly { cut: HandCutout; colour: Float32Array; height: number; wrist: { x: number; y: number } }[];
}

function sprite(photo: string): HandSprite {
  const levels = [
    { size: 100, erode: 1 },
    { size: 200, erode: 2 },
  ].map(({ size, erode }) => {
    const cut = cutOutHand(photo, size, { erode, feather: 1 });
    const box = handBox(cut);
    // The wrist: the bottom of the hand's box, in the middle (the photos show the hand upright, arm running off the bottom).
    const colour = cut.rgb.map((value, i) => value * (cut.alpha[Math.floor(i / 3)] as number));
    return { cut, colour, height: box.bottom - box.top + 1, wrist: { x: (box.left + box.right + 1) / 2, y: box.bottom + 1 } };
  });
  return { levels };
}

/** A scene for the background seed: the busy clutter (lib/scenes' kind), or for every other seed a calm wall with a few soft shapes. */
function sceneBackground(seed: number): Float32Array {
  const rgb = new Float32Array(VIDEO_WIDTH * VIDEO_HEIGHT * 3);
  if (seed % 2 === 0) {
    const busy = busyBackground(seed);
    const offset = (busy.width - SCENE_WIDTH) / 2;
    for (let y = 0; y < VIDEO_HEIGHT; y++) {
      const from = ((y + offset) * busy.width + offset) * 3;
      rgb.set(busy.rgb.subarray(from, from + SCENE_WIDTH * 3), (y * VIDEO_WIDTH + SCENE_X) * 3);
    }
    return rgb;
  }
  const random = mulberry32(seed);
  const base = [120 + 110 * random(), 120 + 110 * random(), 120 + 110 * random()];
  const tilt = [random() - 0.5, random() - 0.5];
  const shapes = Array.from({ length: 3 }, () => ({ x: SCENE_X + random() * SCENE_WIDTH, y: random() * VIDEO_HEIGHT, r: 20 + 50 * random(), shade: 0.6 + 0.3 * random() }));
  for (let y = 0; y < VIDEO_HEIGHT; y++) {
    for (let x = SCENE_X; x < VIDEO_WIDTH; x++) {
      const light = 1 + (tilt[0] as number) * ((x - VIDEO_WIDTH / 2) / VIDEO_WIDTH) + (tilt[1] as number) * ((y - VIDEO_HEIGHT / 2) / VIDEO_HEIGHT);
      const shade = shapes.reduce((s, shape) => (Math.hypot(x - shape.x, y - shape.y) < shape.r ? s * shape.shade : s), 1);
      for (let c = 0; c < 3; c++) rgb[(y * VIDEO_WIDTH + x) * 3 + c] = Math.min(255, (base[c] as number) * light * shade);
    }
  }
  return rgb;
}

/** Draws the hand with its wrist at (wx, wy) video px, `heightPx` tall, over the scene (never over the marker strip). */
function drawHand(rgb: Float32Array, hand: HandSprite, wx: number, wy: number, heightPx: number): void {
  // The smallest cut-out at least 3/4 as tall as drawn: bilinear sampling loses detail when it shrinks much more.
  const level = hand.levels.find((l) => l.height >= heightPx * 0.75) ?? (hand.levels.at(-1) as HandSprite['levels'][number]);
  const { cut, wrist, colour } = level;
  const size = cut.size;
  const scale = heightPx / level.height;
  const left = Math.max(SCENE_X, Math.floor(wx - wrist.x * scale));
  const right = Math.min(VIDEO_WIDTH, Math.ceil(wx + (size - wrist.x) * scale));
  const top = Math.max(0, Math.floor(wy - wrist.y * scale));
  const bottom = Math.min(VIDEO_HEIGHT, Math.ceil(wy + (size - wrist.y) * scale));
  // Pixel p of the cut-out, or -1 outside it (which counts as transparent).
  const index = (x: number, y: number) => (x < 0 || y < 0 || x >= size || y >= size ? -1 : y * size + x);
  for (let y = top; y < bottom; y++) {
    const v = wrist.y + (y + 0.5 - wy) / scale - 0.5;
    const y0 = Math.floor(v);
    const fy = v - y0;
    for (let x = left; x < right; x++) {
      const u = wrist.x + (x + 0.5 - wx) / scale - 0.5;
      const x0 = Math.floor(u);
      const fx = u - x0;
      const taps = [index(x0, y0), index(x0 + 1, y0), index(x0, y0 + 1), index(x0 + 1, y0 + 1)];
      const weights = [(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy];
      let a = 0;
      for (let t = 0; t < 4; t++) if ((taps[t] as number) >= 0) a += (weights[t] as number) * (cut.alpha[taps[t] as number] as number);
      if (a <= 0.01) continue;
      const o = (y * VIDEO_WIDTH + x) * 3;
      for (let c = 0; c < 3; c++) {
        // Premultiplied colours: sampling at the outline does not pull in the wall's colour.
        let premultipliedColour = 0;
        for (let t = 0; t < 4; t++) if ((taps[t] as number) >= 0) premultipliedColour += (weights[t] as number) * (colour[(taps[t] as number) * 3 + c] as number);
        rgb[o + c] = premultipliedColour + (rgb[o + c] as number) * (1 - a);
      }
    }
  }
}

/** Every frame of the shots as RGB (VIDEO_WIDTH x VIDEO_HEIGHT x 3, 0..255), the marker painted in the left strip. */
export function* motionFrames(shots: readonly Shot[]): Generator<Float32Array> {
  const sprites = new Map<string, HandSprite>();
  let background: { seed: number; rgb: Float32Array } = { seed: Number.NaN, rgb: new Float32Array(0) };
  let frameIndex = 0;
  for (const shot of shots) {
    if (background.seed !== shot.background) background = { seed: shot.background, rgb: sceneBackground(shot.background) };
    const hand = shot.photo ? (sprites.get(shot.photo) ?? sprites.set(shot.photo, sprite(shot.photo)).get(shot.photo)) : null;
    for (let k = 0; k < shot.frames; k++, frameIndex++) {
      const rgb = background.rgb.slice();
      paintMarker(rgb, MOTION_LABEL[shot.kind], 0, SCENE_X);
      if (hand && shot.place) {
        const place = shot.place(shot.frames > 1 ? k / (shot.frames - 1) : 1);
        // A living hand trembles by about a pixel.
        const tremble = { x: 0.6 * Math.sin(frameIndex / 3.1), y: 0.6 * Math.cos(frameIndex / 4.3) };
        drawHand(rgb, hand, VIDEO_WIDTH / 2 + place.x * VIDEO_HEIGHT + tremble.x, VIDEO_HEIGHT / 2 + place.y * VIDEO_HEIGHT + tremble.y, handHeightPx(place.size));
      }
      yield rgb;
    }
    // Keep only the sprites a following shot may reuse (one clip's photos).
    if (sprites.size > 8) sprites.clear();
  }
}

export interface VideoSection {
  readonly name: SectionName;
  readonly shots: readonly Shot[];
}

/** The timeline and sections of a video made of `sections` in order, without rendering it. */
export function layoutMotionVideo(sections: readonly VideoSection[]): Omit<MotionVideo, 'path'> {
  if (sections.length === 0 || sections.some((s) => s.shots.length === 0)) throw new Error('layoutMotionVideo: every section needs shots');
  const timeline: MotionSegment[] = [];
  const placed: MotionSection[] = [];
  let frames = 0;
  for (const section of sections) {
    const part = timelineOf(section.shots, frames);
    timeline.push(...part.timeline);
    placed.push({ name: section.name, startMs: frames * FRAME_MS, endMs: (frames + part.frames) * FRAME_MS });
    frames += part.frames;
  }
  return { frames, durationMs: frames * FRAME_MS, timeline, sections: placed };
}

/** Writes the sections' shots, in order, as one 320x240, 30 fps `.y4m`; returns its path, timeline and sections. */
export function buildMotionVideo(outPath: string, sections: readonly VideoSection[]): MotionVideo {
  const layout = layoutMotionVideo(sections);
  function* encoded(): Generator<Buffer> {
    for (const section of sections) for (const rgb of motionFrames(section.shots)) yield encodeI420(rgb);
  }
  const written = writeY4m(outPath, encoded());
  if (written.frames !== layout.frames) throw new Error(`buildMotionVideo: wrote ${written.frames} frames, planned ${layout.frames}`);
  return { ...layout, path: written.path };
}

/** A stretch of video time to hold a class's record button over. */
export interface Hold {
  readonly kind: MotionKind;
  readonly pressMs: number;
  readonly releaseMs: number;
}

/**
 * The holds that record a training section's clips, in video order: each motion from 300 ms before
 * it starts to 300 ms after it ends (within the rests around it), each "no motion" clip for 1.6 s:
 * every other one from 300 ms before the hand comes into view (a hand appearing is no motion either),
 * the others within its rest.
 */
export function trainingHolds(video: Pick<MotionVideo, 'timeline' | 'sections'>, section: SectionName = 'training'): Hold[] {
  const range = video.sections.find((s) => s.name === section);
  if (!range) throw new Error(`trainingHolds: the video has no ${section} section`);
  let idleClips = 0;
  return video.timeline
    .filter((s) => s.startMs >= range.startMs && s.endMs <= range.endMs)
    .flatMap((s): Hold[] => {
      if (s.kind === 'no-hand') return [];
      if (s.kind !== 'idle') return [{ kind: s.kind, pressMs: s.startMs - 300, releaseMs: s.endMs + 300 }];
      if (s.endMs - s.startMs < IDLE_CLIP_MS - FRAME_MS) return [];
      const from = idleClips++ % 2 === 0 ? s.startMs - 300 : s.startMs + 400;
      return [{ kind: 'idle', pressMs: from, releaseMs: from + 1600 }];
    });
}

// ---------------------------------------------------------------------------------------------
// The videos of e2e/motion.spec.ts and scripts/motion-videos.ts

/** The spec's motions, and its video: clips to train on, a rest while training runs, test motions by other people. */
export const SPEC_MOTIONS: readonly MotionKind[] = ['swipe-left', 'swipe-right', 'circle-cw'];
export const MOTION_SPEC_VIDEO = path.join(os.tmpdir(), 'gesture-studio-e2e', 'motions.y4m');

export function motionSpecSections(): VideoSection[] {
  const people = handPeople();
  return [
    { name: 'training', shots: trainingShots(SPEC_MOTIONS, 4, people.training, 21) },
    { name: 'pause', shots: idleShots(30_000, people.test, 22) },
    { name: 'test', shots: testShots(SPEC_MOTIONS, 4, people.test, 23) },
  ];
}

/**
 * The proof's video: every motion and "no motion" trained from 5 clips each, half a minute of rest
 * while the model trains, then a minute each of idle hands and of poses and 6 test motions of each
 * kind, by other people.
 */
export function motionProofSections(): VideoSection[] {
  const people = handPeople();
  return [
    { name: 'training', shots: trainingShots(MOTION_KINDS, 5, people.training, 31) },
    { name: 'pause', shots: idleShots(30_000, people.test, 35) },
    { name: 'idle', shots: idleShots(60_000, people.test, 32) },
    { name: 'poses', shots: poseShots(60_000, people.test, 33) },
    { name: 'test', shots: testShots(MOTION_KINDS, 6, people.test, 34) },
  ];
}
