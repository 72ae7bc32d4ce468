import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelRestoreError, TrainingError } from '../train';
import { DEFAULT_MOTION_AUGMENT } from './augment';
import { clipFromRows, MOTION_ROW_SIZE } from './clip';
import { loadMotionModel, MOTION_MODEL_VERSION, type SavedMotionModel } from './motion-model';
import { smallMotionNet, syntheticClip, type MotionKind } from './test-motions';
import { checkMotionTrainable, evaluateMotionClips, MIN_CLIPS_PER_CLASS, resolveMotionTrainParams, trainMotionModel, type MotionTrainingSet } from './train-motion';
import { centredOffset, fitToWindow, LEGACY_SIZE_SCALE } from './window';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** These tests are about training, not capacity. */
const SMALL_NET = smallMotionNet([8, 8]);
// 16 filters a layer for the mirroring test: with 8, one seed in three (with or without the windows
// that end with their motion) took a quarter of the mirrored swipes for the other side.
const MIRROR_NET = smallMotionNet([16, 16]);
const QUICK = { net: SMALL_NET, epochs: 25, batchSize: 8, learningRate: 0.01, augment: { ...DEFAULT_MOTION_AUGMENT, copies: 3 } };

function motionSet(kinds: readonly MotionKind[], perClass: number, seed: number, extra: Partial<MotionTrainingSet> = {}): MotionTrainingSet {
  return {
    classNames: [...kinds],
    clips: kinds.flatMap((kind, c) => Array.from({ length: perClass }, (_, i) => syntheticClip(kind, seed + 100 * c + i))),
    labels: Int32Array.from(kinds.flatMap((_, c) => Array<number>(perClass).fill(c))),
    idleClass: kinds.includes('idle') ? 'idle' : null,
    mirror: {},
    ...extra,
  };
}

describe('checkMotionTrainable', () => {
  const set = motionSet(['swipe-left', 'idle'], MIN_CLIPS_PER_CLASS, 1);
  const kind = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      return error instanceof TrainingError ? error.kind : 'other';
    }
    return 'none';
  };

  it('accepts two classes with enough clips', () => {
    expect(kind(() => checkMotionTrainable(set, 15))).toBe('none');
  });

  it('asks for a second class, more clips, an idle class among the classes and mutual mirror pairs', () => {
    expect(kind(() => checkMotionTrainable({ ...set, classNames: ['swipe-left'], labels: new Int32Array(3) }, 15))).toBe('too-few-classes');
    expect(kind(() => checkMotionTrainable({ ...set, clips: set.clips.slice(0, 5), labels: Array.from(set.labels).slice(0, 5) }, 15))).toBe('too-few-samples');
    expect(kind(() => checkMotionTrainable({ ...set, idleClass: 'rest' }, 15))).toBe('bad-params');
    expect(kind(() => checkMotionTrainable({ ...set, mirror: { 'swipe-left': { partner: 'idle' } } }, 15))).toBe('bad-params');
  });

  it('counts a class made only of its partner’s mirrored clips', () => {
    const pairs = { 'swipe-left': { partner: 'swipe-right' }, 'swipe-right': { partner: 'swipe-left' } } as const;
    const three = { ...set, classNames: ['swipe-left', 'idle', 'swipe-right'], mirror: pairs };
    expect(kind(() => checkMotionTrainable(three, 15))).toBe('none');
    expect(kind(() => checkMotionTrainable({ ...three, mirror: {} }, 15))).toBe('too-few-samples');
  });

  it('throws a RangeError for a clip at another rate or with no frames (a caller’s bug)', () => {
    expect(() => checkMotionTrainable(set, 20)).toThrow(RangeError);
    const empty = { ...set, clips: [clipFromRows([], 15), ...set.clips.slice(1)] };
    expect(() => checkMotionTrainable(empty, 15)).toThrow(RangeError);
  });
});

describe('resolveMotionTrainParams', () => {
  it('fills defaults without touching the caller and refuses values out of range', () => {
    const given = { epochs: 12.4 };
    expect(resolveMotionTrainParams(given)).toMatchObject({ epochs: 12, batchSize: 16, earlyStopping: true });
    expect(given).toEqual({ epochs: 12.4 });
    expect(() => resolveMotionTrainParams({ learningRate: 0 })).toThrow(/Learning rate must be between/);
    expect(() => resolveMotionTrainParams({ augment: { ...DEFAULT_MOTION_AUGMENT, warp: 1 } })).toThrow(TrainingError);
    expect(() => resolveMotionTrainParams({ augment: { ...DEFAULT_MOTION_AUGMENT, copies: 2.5 } })).toThrow(TrainingError);
    for (const partialShown of [[0, 0.5], [0.6, 0.4], [0.2, 1]] as const) {
      expect(() => resolveMotionTrainParams({ augment: { ...DEFAULT_MOTION_AUGMENT, partialShown } })).toThrow(TrainingError);
    }
    expect(() => resolveMotionTrainParams({ augment: { ...DEFAULT_MOTION_AUGMENT, partialUnfinished: 1.5 } })).toThrow(TrainingError);
    for (const justEnded of [-0.1, 1.5, Number.NaN]) expect(() => resolveMotionTrainParams({ augment: { ...DEFAULT_MOTION_AUGMENT, justEnded } })).toThrow(TrainingError);
    expect(() => resolveMotionTrainParams({ augment: { ...DEFAULT_MOTION_AUGMENT, partialOf: 'hand' as 'clip' } })).toThrow(TrainingError);
  });
});

describe('trainMotionModel', () => {
  it('learns left swipes, right swipes from their mirror alone, and idle; frees everything but the model; saves and loads', async () => {
    const pairs = { 'swipe-left': { partner: 'swipe-right' }, 'swipe-right': { partner: 'swipe-left' }, idle: 'self' } as const;
    const set = { ...motionSet(['swipe-left', 'idle'], 6, 10), classNames: ['swipe-left', 'idle', 'swipe-right'], mirror: pairs };
    const before = tf.memory().numTensors;
    const epochs: number[] = [];
    const result = await trainMotionModel(set, { ...QUICK, net: MIRROR_NET, seed: 3 }, { onEpoch: (r) => epochs.push(r.epoch) });
    if (result.status !== 'trained') throw new Error('expected a trained model');
    const { model } = result;
    expect(result.history.map((r) => r.epoch)).toEqual(epochs);
    expect(result.bestEpoch).toBeGreaterThan(0);
    expect(model.classNames).toEqual(['swipe-left', 'idle', 'swipe-right']);
    expect(model.idleClass).toBe('idle');
    // Weights only: one kernel and bias per layer (2 convolutions and the softmax).
    expect(tf.memory().numTensors - before).toBe(6);

    const kinds: MotionKind[] = ['swipe-left', 'idle', 'swipe-right'];
    const test = motionSet(kinds, 8, 9000);
    const evaluation = await evaluateMotionClips(model, test.clips, test.labels);
    console.log(`mirror-trained swipes: ${evaluation.correct}/${evaluation.total} held-out clips right; confusion ${JSON.stringify(evaluation.confusion)}`);
    expect(evaluation.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(evaluation.perClassAccuracy[2]).toBeGreaterThanOrEqual(0.85);

    const saved = await model.save();
    const copy = structuredClone(saved);
    const loaded = await loadMotionModel(copy);
    const window = fitToWindow(test.clips[3], MIRROR_NET.windowFrames, centredOffset(test.clips[3].frames, MIRROR_NET.windowFrames));
    const [a, b] = [await model.classify(window), await loaded.classify(window)];
    a.forEach((p, i) => expect(b[i]).toBeCloseTo(p, 5));
    expect(loaded.spec).toEqual(MIRROR_NET);
    expect(loaded.idleClass).toBe('idle');
    loaded.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops when cancelled, gives no model and leaves no tensor', async () => {
    const set = motionSet(['swipe-up', 'idle'], 4, 20);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const result = await trainMotionModel(set, { ...QUICK, epochs: 50 }, { signal: controller.signal, onEpoch: () => controller.abort() });
    expect(result.status).toBe('cancelled');
    expect(result.history).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('trainMotionModel reproducibility', () => {
  it('gives the same run from the same seed', async () => {
    const set = motionSet(['wave', 'idle'], 3, 30);
    const run = async () => {
      const result = await trainMotionModel(set, { ...QUICK, epochs: 2, seed: 5 });
      if (result.status !== 'trained') throw new Error('expected a trained model');
      const saved = await result.model.save();
      result.model.dispose();
      return { losses: result.history.map((r) => r.loss), weights: new Float32Array(saved.artifacts.weightData) };
    };
    expect(await run()).toEqual(await run());
  });
});

describe('loadMotionModel', () => {
  it('refuses what it cannot open with a sentence that ends "train again" or asks for an update', async () => {
    const result = await trainMotionModel(motionSet(['push', 'idle'], 3, 40), { ...QUICK, epochs: 1 });
    if (result.status !== 'trained') throw new Error('expected a trained model');
    const saved = await result.model.save();
    result.model.dispose();
    const before = tf.memory().numTensors;
    const refuse = (bad: unknown) => expect(loadMotionModel(bad as SavedMotionModel)).rejects.toThrow(ModelRestoreError);
    await refuse({ ...saved, kind: 'pose' });
    await refuse({ ...saved, version: MOTION_MODEL_VERSION + 1 });
    await expect(loadMotionModel({ ...saved, version: MOTION_MODEL_VERSION + 1 })).rejects.toThrow(/newer/);
    await refuse({ ...saved, spec: { ...saved.spec, sizeScale: 0 } });
    await refuse({ ...saved, classNames: ['push', 'idle', 'wave'] });
    await refuse({ ...saved, idleClass: 'rest' });
    await refuse({ ...saved, spec: { ...saved.spec, windowFrames: 20 } });
    await refuse({ ...saved, spec: { ...saved.spec, input: 'path-and-pose' } });
    await refuse({ ...saved, spec: { ...saved.spec, layers: [{ filters: 4, kernel: 40, stride: 1, padding: 'valid' }] } });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('opens a version 1 model (no sizeScale in its spec) with the scale it was trained with', async () => {
    const result = await trainMotionModel(motionSet(['push', 'idle'], 3, 60), { ...QUICK, epochs: 1 });
    if (result.status !== 'trained') throw new Error('expected a trained model');
    const saved = await result.model.save();
    result.model.dispose();
    const { sizeScale: _, ...specBefore } = saved.spec;
    const old = await loadMotionModel({ ...saved, version: 1, spec: specBefore as SavedMotionModel['spec'] });
    const same = await loadMotionModel({ ...saved, spec: { ...saved.spec, sizeScale: LEGACY_SIZE_SCALE } });
    expect(old.spec.sizeScale).toBe(LEGACY_SIZE_SCALE);
    const now = await loadMotionModel(saved);
    const push = syntheticClip('push', 61);
    const window = fitToWindow(push, saved.spec.windowFrames, centredOffset(push.frames, saved.spec.windowFrames));
    expect(Array.from(await old.classify(window))).toEqual(Array.from(await same.classify(window)));
    expect(Array.from(await old.classify(window))).not.toEqual(Array.from(await now.classify(window)));
    for (const model of [old, same, now]) model.dispose();
  });

  it('refuses a window of the wrong size when classifying', async () => {
    const result = await trainMotionModel(motionSet(['push', 'idle'], 3, 50), { ...QUICK, epochs: 1 });
    if (result.status !== 'trained') throw new Error('expected a trained model');
    await expect(result.model.classify(new Float32Array(MOTION_ROW_SIZE * 3))).rejects.toThrow(RangeError);
    result.model.dispose();
  });
});
