import { MOTION_ROW_SIZE, type MotionClip } from './clip';
import { motionClassesKey, type MotionClass, type MotionProject, type StoredClip, type TrainedMotion } from './motion-classes';
import { createMotionModel, type SavedMotionModel } from './motion-model';
import { createMotionNetwork, type MotionNetSpec } from './temporal-net';

/*
 * Test-only helpers (Node): a small motion project with clips and a trained (untrained weights, but
 * real and loadable) motion model, for storage, project file and export tests. index.ts does not
 * export them.
 */

/** A small network: 12 frames of the path, one convolution; saving it takes a few hundred bytes. */
export const TINY_MOTION_NET: MotionNetSpec = {
  rate: 15,
  windowFrames: 12,
  input: 'path',
  sizeScale: 1,
  layers: [{ filters: 4, kernel: 3, stride: 1, padding: 'same' }],
  pooling: 'avg',
  dropout: 0,
};

/** A clip of `frames` rows whose values all derive from `seed`, so two clips never look alike. */
export function testClip(frames: number, seed: number, rate = 15): MotionClip {
  const rows = Float32Array.from({ length: frames * MOTION_ROW_SIZE }, (_, i) => seed + i / 1024);
  return { rate, frames, rows };
}

export function storedClip(id: string, frames: number, seed: number, source: StoredClip['source'] = 'camera'): StoredClip {
  return { id, clip: testClip(frames, seed), source, createdAt: 1_700_000_000_000 + seed };
}

/** Swipe left ↔ Swipe right (mirror partners), Wave (self) and the idle class, with clips of varied lengths. */
export function testMotionClasses(): readonly MotionClass[] {
  return [
    { id: 'mleft', name: 'Swipe left', role: 'motion', mirror: { partner: 'mright' }, clips: [storedClip('k1', 10, 1), storedClip('k2', 14, 2, 'video')] },
    { id: 'mright', name: 'Swipe right', role: 'motion', mirror: { partner: 'mleft' }, clips: [storedClip('k3', 9, 3)] },
    { id: 'mwave', name: 'Wave', role: 'motion', mirror: 'self', clips: [] },
    { id: 'midle', name: 'No motion', role: 'idle', mirror: 'self', clips: [storedClip('k4', 30, 4)] },
  ];
}

/** A saved motion model for `classNames` (seeded weights), as `MotionModel.save` makes it. */
export async function testSavedMotionModel(classNames: readonly string[], idleClass: string | null, seed = 7): Promise<SavedMotionModel> {
  const model = createMotionModel(createMotionNetwork(TINY_MOTION_NET, classNames.length, seed), TINY_MOTION_NET, classNames, idleClass);
  try {
    return await model.save();
  } finally {
    model.dispose();
  }
}

/** `testMotionClasses` and a model trained on them, with its training record. */
export async function testMotionProject(): Promise<MotionProject> {
  const classes = testMotionClasses();
  const saved = await testSavedMotionModel(
    classes.map((c) => c.name),
    'No motion',
  );
  const trained: TrainedMotion = {
    saved,
    history: [
      { epoch: 1, epochs: 2, loss: 1.2, accuracy: 0.5, validationLoss: 1.1, validationAccuracy: 0.6, learningRate: 0.001 },
      { epoch: 2, epochs: 2, loss: 0.8, accuracy: 0.75, validationLoss: null, validationAccuracy: null, learningRate: 0.0005 },
    ],
    bestEpoch: 2,
    stoppedEarly: false,
    validationAccuracy: 0.6,
    trainedOn: motionClassesKey(classes),
    trainedAt: 1_700_000_100_000,
  };
  return { classes, trained };
}
