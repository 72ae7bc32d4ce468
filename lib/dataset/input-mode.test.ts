import { describe, expect, it } from 'vitest';
import { featureRow, framingOf, headFeatures, INPUT_MODES } from './input-mode';
import { toTrainingSet, type Dataset } from './dataset';

const embedding = Float32Array.from([1, 2, 3]);
const landmarks = Float32Array.from([7, 8]);

describe('input modes', () => {
  it('frame is the only mode that does not need the hand', () => {
    expect(INPUT_MODES.map((m) => [m.id, framingOf(m.id)])).toEqual([
      ['fused', 'hand'],
      ['crop', 'hand'],
      ['landmarks', 'hand'],
      ['frame', 'frame'],
    ]);
  });

  it('builds rows as [embedding, landmarks] for the features each mode reads', () => {
    expect(headFeatures('crop')).toEqual({ embedding: true, landmarks: false });
    expect(Array.from(featureRow('frame', embedding, landmarks) as Float32Array)).toEqual([1, 2, 3]);
    expect(Array.from(featureRow('crop', embedding, undefined) as Float32Array)).toEqual([1, 2, 3]);
    expect(Array.from(featureRow('landmarks', embedding, landmarks) as Float32Array)).toEqual([7, 8]);
    expect(Array.from(featureRow('fused', embedding, landmarks) as Float32Array)).toEqual([1, 2, 3, 7, 8]);
  });

  it('gives no row when a landmark mode meets a sample without a hand', () => {
    expect(featureRow('fused', embedding, undefined)).toBeNull();
    expect(featureRow('landmarks', null, null)).toBeNull();
  });

  it('refuses an image mode without an embedding', () => {
    expect(() => featureRow('fused', null, landmarks)).toThrow('needs the backbone embedding');
  });
});

describe('toTrainingSet by mode', () => {
  const dataset: Dataset = {
    backboneId: 'mobilenet_v1_025',
    framing: 'hand',
    classes: [
      {
        id: 'a',
        name: 'A',
        samples: [
          { id: 's1', embedding, image: null, source: 'camera', landmarks, views: { key: 'k', embeddings: [Float32Array.from([4, 5, 6])] } },
          { id: 's2', embedding, image: null, source: 'upload' },
        ],
      },
    ],
  };

  it('fused rows append the landmarks to the sample and to each augmented view, and leave out samples without a hand', () => {
    const set = toTrainingSet(dataset, 'k', 'fused');
    expect(set.sampleIds).toEqual(['s1']);
    expect(Array.from(set.embeddings[0])).toEqual([1, 2, 3, 7, 8]);
    expect(set.augmented?.[0].map((v) => Array.from(v))).toEqual([[4, 5, 6, 7, 8]]);
  });

  it('landmarks-only rows have no augmented views; image modes keep every sample', () => {
    expect(toTrainingSet(dataset, 'k', 'landmarks').augmented).toEqual([[]]);
    expect(toTrainingSet(dataset, 'k', 'crop').sampleIds).toEqual(['s1', 's2']);
  });
});
