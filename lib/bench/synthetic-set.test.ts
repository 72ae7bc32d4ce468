import { describe, expect, it } from 'vitest';
import { createSyntheticTrainingSet } from './synthetic-set';

describe('createSyntheticTrainingSet', () => {
  it('makes classCount × perClass rows of the asked size, grouped by class', () => {
    const set = createSyntheticTrainingSet({ embeddingSize: 16, classCount: 3, perClass: 4 });
    expect(set.classNames).toEqual(['Class 1', 'Class 2', 'Class 3']);
    expect(set.embeddings).toHaveLength(12);
    expect(set.embeddings.every((e) => e.length === 16 && e.every((v) => v >= 0 && Number.isFinite(v)))).toBe(true);
    expect(Array.from(set.labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
  });

  it('is reproducible from its seed and differs across seeds', () => {
    const a = createSyntheticTrainingSet({ embeddingSize: 8, seed: 3 });
    const b = createSyntheticTrainingSet({ embeddingSize: 8, seed: 3 });
    const c = createSyntheticTrainingSet({ embeddingSize: 8, seed: 4 });
    expect(a.embeddings).toEqual(b.embeddings);
    expect(a.embeddings[0]).not.toEqual(c.embeddings[0]);
  });

  it('puts each sample nearer its own class mean than any other (the classes are learnable)', () => {
    const size = 64;
    const set = createSyntheticTrainingSet({ embeddingSize: size, classCount: 10, perClass: 20 });
    const means = set.classNames.map((_, c) => {
      const rows = set.embeddings.filter((_, i) => set.labels[i] === c);
      return Float32Array.from({ length: size }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
    });
    const distance = (a: Float32Array, b: Float32Array) => a.reduce((s, v, j) => s + (v - b[j]) ** 2, 0);
    const nearest = set.embeddings.map((e) => means.reduce((best, m, c) => (distance(e, m) < distance(e, means[best]) ? c : best), 0));
    expect(nearest).toEqual(Array.from(set.labels));
  });

  it('rejects an empty shape', () => {
    expect(() => createSyntheticTrainingSet({ embeddingSize: 0 })).toThrow(RangeError);
  });
});
