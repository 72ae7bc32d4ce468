import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitClassifier } from './fit-classifier';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A one-layer softmax whose held-out labels are the training labels swapped: its validation loss only grows. */
async function fitAgainstSwappedLabels(minEpochs?: number) {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, activation: 'softmax', kernelInitializer: 'zeros' })] });
  const xs = tf.tensor2d([[1, 0], [0, 1], [1, 0], [0, 1]]);
  const ys = tf.tensor2d([[1, 0], [0, 1], [1, 0], [0, 1]]);
  const swapped = tf.tensor2d([[0, 1], [1, 0], [0, 1], [1, 0]]);
  try {
    return await fitClassifier(
      model,
      { inputs: xs, targets: ys, validation: [xs, swapped] },
      { epochs: 8, batchSize: 4, learningRate: 0.1, learningRateDecay: false, earlyStopping: true, patience: 2, shuffle: false, ...(minEpochs ? { minEpochs } : {}) },
    );
  } finally {
    tf.dispose([xs, ys, swapped]);
    model.dispose();
  }
}

describe('fitClassifier early stopping', () => {
  it('keeps the best validation epoch, looking only from `minEpochs` on when given', async () => {
    const fromStart = await fitAgainstSwappedLabels();
    expect(fromStart.bestEpoch).toBe(1);
    expect(fromStart.stoppedEarly).toBe(true);
    const fromFifth = await fitAgainstSwappedLabels(5);
    expect(fromFifth.bestEpoch).toBe(5);
    expect(fromFifth.history.length).toBe(7);
  });
});
