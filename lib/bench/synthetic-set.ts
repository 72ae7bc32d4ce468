import type { TrainingSet } from '../dataset';
import { createRandom } from '../train';

export interface SyntheticSetShape {
  readonly embeddingSize: number;
  readonly classCount?: number;
  readonly perClass?: number;
  /** Spread of each sample around its class mean; larger values make classes overlap more. */
  readonly noise?: number;
  readonly seed?: number;
}

/**
 * Made-up embeddings for timing head training: each class has its own random mean (non-negative,
 * like MobileNet's pooled ReLU6 activations) and its samples scatter around it with Gaussian noise.
 * Reproducible from `seed`. Rows are grouped by class, as `toTrainingSet` makes them.
 */
export function createSyntheticTrainingSet({ embeddingSize, classCount = 10, perClass = 100, noise = 0.5, seed = 1 }: SyntheticSetShape): TrainingSet {
  if (!(embeddingSize > 0 && classCount > 0 && perClass > 0)) throw new RangeError('A synthetic set needs a positive size, class count and samples per class.');
  const random = createRandom(seed);
  // Box–Muller: two uniforms in (0, 1] give one standard normal sample.
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const embeddings: Float32Array[] = [];
  const labels = new Int32Array(classCount * perClass);
  for (let c = 0; c < classCount; c += 1) {
    const mean = Float32Array.from({ length: embeddingSize }, () => random() * 2);
    for (let i = 0; i < perClass; i += 1) {
      embeddings.push(mean.map((m) => Math.max(0, m + noise * gaussian())));
      labels[c * perClass + i] = c;
    }
  }
  return { classNames: Array.from({ length: classCount }, (_, c) => `Class ${c + 1}`), embeddings, labels };
}
