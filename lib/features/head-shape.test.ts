import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHead, createHeadModel, withHandOnlyVote, type HeadShape } from '../train';
import { headShapeOf } from './head-shape';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

async function savedTopology(shape: HeadShape, vote = false): Promise<unknown> {
  const trained = createHeadModel(shape);
  const model = vote ? withHandOnlyVote(trained, shape.branches?.split ?? 200) : trained;
  if (model !== trained) trained.dispose();
  const head = createHead(model, ['a', 'b', 'c'], shape.embeddingSize);
  try {
    return (await head.save()).modelTopology;
  } finally {
    head.dispose();
  }
}

describe('headShapeOf', () => {
  it.each<HeadShape>([
    { embeddingSize: 256, classCount: 3, hiddenUnits: 100, seed: 0 },
    { embeddingSize: 256, classCount: 3, hiddenUnits: 0, seed: 0 },
    { embeddingSize: 343, classCount: 3, hiddenUnits: 64, seed: 0, branches: { split: 256, units: 32 } },
  ])('reads back the shape a head was made with: %o', async (shape) => {
    expect(headShapeOf(await savedTopology({ ...shape, seed: 7 }), shape.embeddingSize, shape.classCount)).toEqual(shape);
    expect(headShapeOf(await savedTopology({ ...shape, seed: 7 }, true), shape.embeddingSize, shape.classCount)).toEqual({ ...shape, handOnlyVote: true });
  });

  it('gives null for anything else', () => {
    expect(headShapeOf(null, 10, 2)).toBeNull();
    expect(headShapeOf('{"class_name":"Sequential"}', 10, 2)).toBeNull();
    expect(headShapeOf({ class_name: 'Sequential', config: { layers: [] } }, 10, 2)).toBeNull();
    expect(headShapeOf({ class_name: 'Model', config: { layers: [], input_layers: [['a', 0, 0]] } }, 10, 2)).toBeNull();
  });
});
