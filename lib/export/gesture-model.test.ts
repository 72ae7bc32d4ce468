import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBoxSmoother, handBox, handFocus, LANDMARK_FEATURE_SIZE, LANDMARK_OPTIONS, landmarkFeatures, type Hand } from '../hand';
import { centerSquare, type CropBox } from '../image';
import { createRandom } from '../train';
import { LANDMARK_FEATURES_VERSION, MODEL_BUNDLE_FORMAT, MODEL_BUNDLE_FORMAT_VERSION, TASKS_VISION_VERSION } from '.';
import { gestureModel } from './test-gesture-model';

/*
 * The bundle's gesture-model.js (imported in Node, as a consumer would) against the app's own
 * functions: the same crop boxes, the same smoothed boxes over a video, the same landmark features.
 * Its model calls are compared with the app's on real photos in bundle.test.ts.
 */

const FRAMES: readonly (readonly [number, number])[] = [
  [320, 240],
  [640, 480],
  [1280, 720],
  [480, 640],
  [224, 224],
];

/** A hand of 21 landmarks scattered around a random centre, some of them off the frame, as MediaPipe reports near an edge. */
function randomHand(random: () => number): Hand {
  const cx = random() * 1.2 - 0.1;
  const cy = random() * 1.2 - 0.1;
  const spread = 0.02 + random() * 0.4;
  return {
    handedness: random() < 0.5 ? 'Left' : 'Right',
    landmarks: Array.from({ length: 21 }, () => ({ x: cx + (random() - 0.5) * spread, y: cy + (random() - 0.5) * spread, z: (random() - 0.5) * 0.1 })),
  };
}

const outcome = <T>(f: () => T): { value: T } | { error: string } => {
  try {
    return { value: f() };
  } catch (error) {
    return { error: String(error) };
  }
};

describe('gesture-model.js, the bundle’s runnable module, against the app', () => {
  it('computes the same landmark features as the app on 2,000 random hands, in every frame shape, with and without rotation', () => {
    const random = createRandom(1);
    let compared = 0;
    for (let i = 0; i < 2000; i += 1) {
      const hand = randomHand(random);
      const [width, height] = FRAMES[i % FRAMES.length];
      const rotation = i % 3 === 0;
      const app = landmarkFeatures(hand, { rotation }, width / height);
      const bundle = gestureModel.landmarkFeatures(hand, { rotation }, width / height);
      expect(bundle.length).toBe(LANDMARK_FEATURE_SIZE);
      // Bit for bit: the module runs the app's own code, generated from it.
      expect(Array.from(bundle)).toEqual(Array.from(app));
      compared += 1;
    }
    expect(compared).toBe(2000);
  });

  it('crops the same square around each hand, and the same hand focus (box and features) as a still image gets', () => {
    const random = createRandom(2);
    for (let i = 0; i < 1000; i += 1) {
      const hand = randomHand(random);
      const [width, height] = FRAMES[i % FRAMES.length];
      const padding = i % 4 === 0 ? random() : undefined;
      const options = padding === undefined ? {} : { padding };
      expect(gestureModel.handBox(hand.landmarks, width, height, options)).toEqual(handBox(hand.landmarks, width, height, options));
      const app = handFocus(hand, width, height);
      const bundle = gestureModel.handFocus(hand, width, height);
      expect(bundle.box).toEqual(app.box);
      expect(Array.from(bundle.landmarks)).toEqual(Array.from(landmarkFeatures(hand, LANDMARK_OPTIONS, width / height)));
      expect(gestureModel.centerSquare(width, height)).toEqual(centerSquare(width, height));
    }
  });

  it('steadies the box over a video exactly as the studio does: glides, snaps after a jump, restarts after a lost hand', () => {
    const random = createRandom(3);
    for (const [width, height] of FRAMES) {
      const app = createBoxSmoother({ frameWidth: width, frameHeight: height });
      const bundle = gestureModel.createBoxSmoother({ frameWidth: width, frameHeight: height });
      let hand = randomHand(random);
      for (let frame = 0; frame < 300; frame += 1) {
        const roll = random();
        // Mostly small moves, sometimes a jump to a new place, sometimes no hand at all.
        if (roll < 0.05) hand = randomHand(random);
        else hand = { ...hand, landmarks: hand.landmarks.map((p) => ({ x: p.x + (random() - 0.5) * 0.02, y: p.y + (random() - 0.5) * 0.02, z: p.z })) };
        const box: CropBox | null = roll > 0.95 ? null : handBox(hand.landmarks, width, height);
        expect(bundle.next(box)).toEqual(app.next(box));
      }
    }
  });

  it('fails where the app fails, with the same message', () => {
    const hand = randomHand(createRandom(4));
    const cases: (() => [unknown, unknown])[] = [
      () => [outcome(() => landmarkFeatures({ ...hand, landmarks: hand.landmarks.slice(1) }, LANDMARK_OPTIONS)), outcome(() => gestureModel.landmarkFeatures({ ...hand, landmarks: hand.landmarks.slice(1) }, LANDMARK_OPTIONS))],
      () => {
        const flat = { ...hand, landmarks: hand.landmarks.map(() => ({ x: 0.5, y: 0.5, z: 0 })) };
        return [outcome(() => landmarkFeatures(flat, LANDMARK_OPTIONS)), outcome(() => gestureModel.landmarkFeatures(flat, LANDMARK_OPTIONS))];
      },
      () => [outcome(() => landmarkFeatures(hand, LANDMARK_OPTIONS, Number.NaN)), outcome(() => gestureModel.landmarkFeatures(hand, LANDMARK_OPTIONS, Number.NaN))],
      () => [outcome(() => handBox([], 640, 480)), outcome(() => gestureModel.handBox([], 640, 480))],
      () => [outcome(() => handBox(hand.landmarks, 0, 480)), outcome(() => gestureModel.handBox(hand.landmarks, 0, 480))],
    ];
    for (const make of cases) {
      const [app, bundle] = make();
      expect(app).toHaveProperty('error');
      expect(bundle).toEqual(app);
    }
  });

  it('reads what the app writes: the bundle format, its version and the landmark feature version agree', () => {
    expect(gestureModel.MODEL_FORMAT).toBe(MODEL_BUNDLE_FORMAT);
    expect(gestureModel.READS_FORMAT_VERSION).toBe(MODEL_BUNDLE_FORMAT_VERSION);
    expect(gestureModel.LANDMARK_FEATURES_VERSION).toBe(LANDMARK_FEATURES_VERSION);
    expect(gestureModel.LANDMARK_FEATURE_SIZE).toBe(LANDMARK_FEATURE_SIZE);
    // The README's import map names the tasks-vision version the app runs.
    const installed = JSON.parse(readFileSync(new URL('../../node_modules/@mediapipe/tasks-vision/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(TASKS_VISION_VERSION).toBe(installed.version);
  });

  it('refuses metadata it cannot run, saying why', () => {
    const meta = { format: MODEL_BUNDLE_FORMAT, formatVersion: 1, head: { inputs: [{ name: 'embedding' }, { name: 'landmarks' }] }, landmarks: { version: 1, size: 87 } };
    expect(gestureModel.checkMetadata(meta)).toBe(meta);
    expect(() => gestureModel.checkMetadata({ ...meta, format: 'gesture-studio-project' })).toThrow('metadata.json does not describe a Gesture Studio model.');
    expect(() => gestureModel.checkMetadata({ ...meta, formatVersion: 3 })).toThrow('This bundle has format version 3; this gesture-model.js reads up to 2.');
    expect(() => gestureModel.checkMetadata({ ...meta, landmarks: { version: 2, size: 87 } })).toThrow('The head reads landmark features version 2; this gesture-model.js computes version 1.');
    expect(() => gestureModel.checkMetadata(null)).toThrow('metadata.json does not describe a Gesture Studio model.');
  });
});
