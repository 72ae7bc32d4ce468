import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { MOTION_KINDS, placeAt } from '../../lib/motion/test-motions';
import { SCENE_X } from './busy-scene';
import { FRAME_BYTES, MARKER_PROBE, markerGrey, VIDEO_HEIGHT, VIDEO_WIDTH, Y4M_HEADER } from './fake-camera';
import {
  buildMotionVideo,
  fittingStyle,
  FRAME_MS,
  groupPeople,
  handPeople,
  idleShots,
  layoutMotionVideo,
  motionClip,
  motionFrames,
  MOTION_LABEL,
  type Person,
  poseShots,
  testShots,
  timelineOf,
  trainingHolds,
  trainingShots,
} from './motion-video';
import { hasSignDigits, mulberry32 } from './sign-digits';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motion-video-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A 100x100 "photo": a pale wall, a skin palm with three fingers up and a forearm running off the bottom. */
function handPhoto(name: string): string {
  const png = new PNG({ width: 100, height: 100 });
  for (let y = 0; y < 100; y++) {
    for (let x = 0; x < 100; x++) {
      const palm = x >= 35 && x < 65 && y >= 45;
      const finger = y >= 15 && y < 45 && [37, 47, 57].some((f) => x >= f && x < f + 6);
      png.data.set(palm || finger ? [205, 150, 120, 255] : [225, 228, 232, 255], (y * 100 + x) * 4);
    }
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, PNG.sync.write(png));
  return file;
}

const PHOTO = handPhoto('IMG_1000.png');
const PERSON: Person = { id: 1000, photos: new Map([['5', PHOTO], ['4', PHOTO], ['1', PHOTO]]) };

const pixel = (rgb: Float32Array, x: number, y: number) => [0, 1, 2].map((c) => rgb[(y * VIDEO_WIDTH + x) * 3 + c] as number);

/** The centre of the pixels of `rgb` that differ from `background` (the hand), in video px. */
function handCentre(rgb: Float32Array, background: Float32Array): { x: number; y: number; count: number } {
  let sx = 0;
  let sy = 0;
  let count = 0;
  for (let y = 0; y < VIDEO_HEIGHT; y++) {
    for (let x = SCENE_X; x < VIDEO_WIDTH; x++) {
      const o = (y * VIDEO_WIDTH + x) * 3;
      if (Math.abs((rgb[o] as number) - (background[o] as number)) + Math.abs((rgb[o + 2] as number) - (background[o + 2] as number)) > 30) {
        sx += x;
        sy += y;
        count += 1;
      }
    }
  }
  return { x: sx / count, y: sy / count, count };
}

describe('groupPeople', () => {
  it('starts a new person where the digit does not go up or the number jumps by more than 12', () => {
    const photos = [
      ['IMG_100.png', '0'],
      ['IMG_101.png', '1'],
      ['IMG_103.png', '3'],
      ['IMG_110.png', '0'], // digit went down: next person
      ['IMG_112.png', '2'],
      ['IMG_130.png', '5'], // 18 numbers on: next person
      ['IMG_131.png', '6'],
    ].map(([file, digit]) => ({ file: `/x/${digit}/${file}`, digit: digit as string }));
    const people = groupPeople(photos);
    expect(people.map((p) => [p.id, [...p.photos.keys()].join('')])).toEqual([
      [100, '013'],
      [110, '02'],
      [130, '56'],
    ]);
  });
});

describe.skipIf(!hasSignDigits())('handPeople', () => {
  it('splits the photos into training and test people with no photo in both', () => {
    const { training, test } = handPeople();
    const files = (people: Person[]) => new Set(people.flatMap((p) => [...p.photos.values()]));
    expect(training.length).toBeGreaterThan(50);
    expect(test.length).toBeGreaterThan(50);
    const trainingFiles = files(training);
    expect([...files(test)].filter((f) => trainingFiles.has(f))).toEqual([]);
  });
});

describe('fittingStyle', () => {
  it('gives every kind paths that keep the whole hand in the scene, at varied sizes and start points', () => {
    for (const kind of MOTION_KINDS) {
      const random = mulberry32(3);
      const styles = Array.from({ length: 50 }, () => fittingStyle(kind, random));
      const starts = styles.map((s) => placeAt(kind, 0, s));
      expect(Math.max(...starts.map((p) => p.x)) - Math.min(...starts.map((p) => p.x))).toBeGreaterThan(0.1);
      expect(Math.max(...styles.map((s) => s.size)) / Math.min(...styles.map((s) => s.size))).toBeGreaterThan(1.2);
    }
  });
});

describe('motionClip', () => {
  it('is no hand, a rest, the motion (0.5–1.2 s) and a rest where the motion ended, each with its marker label', () => {
    const random = mulberry32(5);
    for (const kind of MOTION_KINDS) {
      const shots = motionClip(kind, PERSON, random);
      expect(shots.map((s) => s.kind)).toEqual(['no-hand', 'idle', kind, 'idle']);
      const motion = shots[2];
      expect(motion?.frames * FRAME_MS).toBeGreaterThanOrEqual(500 - FRAME_MS);
      expect(motion?.frames * FRAME_MS).toBeLessThanOrEqual(1200 + FRAME_MS);
      const end = motion?.place?.(1);
      const rest = shots[3]?.place?.(0);
      expect(rest?.x).toBeCloseTo(end?.x as number, 10);
      expect(rest?.y).toBeCloseTo(end?.y as number, 10);
      expect(new Set(shots.map((s) => s.background)).size).toBe(1);
    }
  });
});

describe('motionFrames', () => {
  it('paints each segment label in the marker strip and moves the hand along the path: right on a swipe right, growing on a push', () => {
    const random = mulberry32(9);
    for (const kind of ['swipe-right', 'swipe-up', 'push'] as const) {
      const shots = motionClip(kind, PERSON, random);
      const frames = [...motionFrames(shots)];
      const { timeline } = timelineOf(shots);
      timeline.forEach((segment) => {
        const first = frames[Math.round(segment.startMs / FRAME_MS)] as Float32Array;
        expect(pixel(first, MARKER_PROBE.x, MARKER_PROBE.y)).toEqual([0, 1, 2].map(() => markerGrey(segment.label)));
      });
      const background = frames[0] as Float32Array;
      const motionStart = Math.round((timeline[2]?.startMs as number) / FRAME_MS);
      const motionEnd = Math.round((timeline[2]?.endMs as number) / FRAME_MS) - 1;
      const [before, after] = [frames[motionStart] as Float32Array, frames[motionEnd] as Float32Array].map((f) => handCentre(f, background));
      expect(before?.count).toBeGreaterThan(300);
      if (kind === 'swipe-right') expect((after?.x as number) - (before?.x as number)).toBeGreaterThan(0.25 * VIDEO_HEIGHT);
      if (kind === 'swipe-up') expect((before?.y as number) - (after?.y as number)).toBeGreaterThan(0.25 * VIDEO_HEIGHT);
      if (kind === 'push') expect((after?.count as number) / (before?.count as number)).toBeGreaterThan(3);
    }
  });
});

describe('sections', () => {
  const people: Person[] = [PERSON, { id: 2000, photos: new Map([['0', PHOTO], ['7', PHOTO]]) }];

  it('training: clips of each class in rounds, the "no motion" clip a rest; test: each kind as often, shuffled', () => {
    const training = timelineOf(trainingShots(['swipe-left', 'wave'], 3, people, 1)).timeline;
    const trainingKinds = training.map((s) => s.kind).filter((k) => k !== 'no-hand');
    expect(trainingKinds.filter((k) => k === 'swipe-left')).toHaveLength(3);
    expect(trainingKinds.filter((k) => k === 'wave')).toHaveLength(3);
    const test = timelineOf(testShots(MOTION_KINDS, 2, people, 1)).timeline;
    for (const kind of MOTION_KINDS) expect(test.filter((s) => s.kind === kind)).toHaveLength(2);
    expect(test.filter((s) => s.kind !== 'idle' && s.kind !== 'no-hand').map((s) => s.kind)).not.toEqual(MOTION_KINDS.flatMap((k) => [k, k]));
  });

  it('idle and pose videos last at least as asked and hold no motion', () => {
    for (const shots of [idleShots(20_000, people, 2), poseShots(20_000, people, 2)]) {
      const { timeline } = timelineOf(shots);
      expect(timeline.at(-1)?.endMs).toBeGreaterThanOrEqual(20_000);
      expect(new Set(timeline.map((s) => s.kind))).toEqual(new Set(['idle', 'no-hand']));
    }
  });
});

describe('trainingHolds', () => {
  it('holds each training motion from 300 ms before it to 300 ms after, inside its rests, and each "no motion" clip for 1.6 s, every other one from before the hand shows; none in the lead-in', () => {
    const people: Person[] = [PERSON];
    const layout = layoutMotionVideo([
      { name: 'training', shots: trainingShots(['swipe-left', 'push'], 2, people, 3) },
      { name: 'test', shots: testShots(['swipe-left'], 1, people, 3) },
    ]);
    const holds = trainingHolds(layout);
    expect(holds.map((h) => h.kind)).toEqual(['swipe-left', 'push', 'idle', 'swipe-left', 'push', 'idle']);
    const training = layout.sections[0] as { endMs: number };
    for (const hold of holds) {
      const during = layout.timeline.filter((s) => s.startMs < hold.releaseMs && s.endMs > hold.pressMs);
      expect(during.every((s) => s.kind === hold.kind || s.kind === 'idle' || (hold.kind === 'idle' && s.kind === 'no-hand'))).toBe(true);
      expect(hold.releaseMs).toBeLessThanOrEqual(training.endMs);
      if (hold.kind !== 'idle') {
        const motion = during.find((s) => s.kind === hold.kind);
        expect([(motion?.startMs as number) - hold.pressMs, hold.releaseMs - (motion?.endMs as number)]).toEqual([300, 300]);
      } else expect(hold.releaseMs - hold.pressMs).toBe(1600);
    }
    // The first "no motion" clip starts before the hand shows (no hand, then the rest), the second within the rest.
    const idleHolds = holds.filter((h) => h.kind === 'idle');
    const segmentAt = (ms: number) => layout.timeline.find((s) => ms >= s.startMs && ms < s.endMs)?.kind;
    expect(idleHolds.map((h) => segmentAt(h.pressMs))).toEqual(['no-hand', 'idle']);
    expect(layout.timeline.slice(0, 5).map((s) => s.kind)).toEqual(['no-hand', 'idle', 'no-hand', 'idle', 'no-hand']);
    expect(holds[0]?.pressMs).toBeGreaterThan(layout.timeline[4]?.endMs as number);
  });
});

describe('buildMotionVideo', () => {
  it('writes the sections in order as one y4m, with a continuous timeline and each section placed', () => {
    const random = mulberry32(4);
    const video = buildMotionVideo(path.join(dir, 'clip.y4m'), [
      { name: 'training', shots: motionClip('wave', PERSON, random) },
      { name: 'test', shots: motionClip('circle-cw', PERSON, random) },
    ]);
    const bytes = fs.statSync(video.path).size;
    expect(bytes).toBe(Y4M_HEADER.length + video.frames * (FRAME_BYTES + 'FRAME\n'.length));
    expect(video.durationMs).toBeCloseTo(video.frames * FRAME_MS, 6);
    expect(video.timeline.map((s) => s.label)).toEqual([9, 8, MOTION_LABEL.wave, 8, 9, 8, MOTION_LABEL['circle-cw'], 8]);
    video.timeline.slice(1).forEach((s, i) => expect(s.startMs).toBe(video.timeline[i]?.endMs));
    expect(video.sections.map((s) => [s.name, s.startMs, s.endMs])).toEqual([
      ['training', 0, video.timeline[4]?.startMs],
      ['test', video.timeline[4]?.startMs, video.durationMs],
    ]);
    expect(video.timeline.filter((s) => s.kind === 'no-hand').every((s) => s.photo === null)).toBe(true);
  });
});
