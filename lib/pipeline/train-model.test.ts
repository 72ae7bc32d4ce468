import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENT } from '../augment';
import { BACKBONES, type Backbone } from '../backbone';
import { addSamples, createDataset, createId } from '../dataset';
import { DEFAULT_TRAIN_PARAMS } from '../train';
import { keptValidationAccuracy, trainModel } from './train-model';

/** Trains on embeddings only, so the backbone is never run: its identity is all that is read. */
const backbone: Backbone = { ...BACKBONES.mobilenet_v1_025, embed: () => tf.zeros([1, 8]) as tf.Tensor2D, dispose: () => {} };

function twoClusters() {
  let ds = createDataset(backbone.id, ['Left', 'Right']);
  ds.classes.forEach((c, k) => {
    ds = addSamples(
      ds,
      c.id,
      Array.from({ length: 12 }, (_, i) => ({ id: createId('s'), embedding: Float32Array.from({ length: 8 }, (_, j) => (j === k ? 3 : 0) + Math.sin(i * 7 + j)), image: null, source: 'upload' as const })),
    );
  });
  return ds;
}

describe('trainModel contributions', () => {
  it('a plain frozen head is its own contribution row: no second training, and no tensor left behind', async () => {
    const before = tf.memory().numTensors;
    const trained = await trainModel(
      { dataset: twoClusters(), backbone, strategy: { kind: 'head-only', trainableBlocks: 0, reason: '', trainableLayers: ['head'] }, augment: { ...DEFAULT_AUGMENT, views: 0 }, params: { ...DEFAULT_TRAIN_PARAMS, epochs: 5 } },
      { measureContributions: true },
    );
    expect(trained?.contributions).toEqual([{ label: 'Frozen backbone + new head (your model)', validationAccuracy: keptValidationAccuracy(trained?.history ?? [], trained?.bestEpoch ?? 0) }]);
    trained?.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
