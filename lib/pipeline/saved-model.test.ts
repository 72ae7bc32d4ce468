import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { headModel } from '../classify';
import { createHead, createHeadModel, ModelRestoreError } from '../train';
import { restoreModel, savedModelOf } from './saved-model';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('savedModelOf → restoreModel', () => {
  it('gives back a head model that predicts exactly the same, in plain memory and without leaking a tensor', async () => {
    const live = headModel(createHead(createHeadModel({ embeddingSize: 6, classCount: 3, hiddenUnits: 4, seed: 3 }), ['a', 'b', 'c'], 6), 'crop');
    const before = tf.memory().numTensors;
    const saved = await savedModelOf(live);
    expect(tf.memory().numTensors).toBe(before);
    expect(saved).toMatchObject({ classNames: ['a', 'b', 'c'], inputMode: 'crop', embeddingSize: 6 });
    expect('trainableBlocks' in saved).toBe(false);

    const restored = await restoreModel({ ...saved, backboneId: 'mobilenet_v1_025' }, 'mobilenet_v1_025');
    const embedding = tf.tensor2d([[0.1, 0.5, 0.9, 0.2, 0.0, 0.7]]);
    const [p, q] = [live.classify(tf.zeros([1, 1, 1, 3]), embedding, null), restored.classify(tf.zeros([1, 1, 1, 3]), embedding, null)];
    expect(Array.from(await q.data())).toEqual(Array.from(await p.data()));
    expect(restored.inputMode).toBe('crop');
    tf.dispose([embedding, p, q]);
    restored.dispose();
    live.dispose();
  });

  it('refuses a model made with another backbone in one sentence ending "train again", before loading anything', async () => {
    const live = headModel(createHead(createHeadModel({ embeddingSize: 6, classCount: 2, hiddenUnits: 0, seed: 3 }), ['a', 'b'], 6));
    const saved = await savedModelOf(live);
    live.dispose();
    const before = tf.memory().numTensors;
    for (const trainableBlocks of [undefined, 1] as const) {
      const error = await restoreModel({ ...saved, ...(trainableBlocks ? { trainableBlocks } : {}), backboneId: 'mobilenet_v1_075' }, 'mobilenet_v1_025').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelRestoreError);
      expect((error as Error).message).toMatch(/^The saved model was trained with .*0\.75.*0\.25.*: train again\.$/);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
