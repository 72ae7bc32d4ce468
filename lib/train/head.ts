import * as tf from '@tensorflow/tfjs';

/** The small classifier trained in the page on top of the frozen backbone's embeddings. */
export interface Head {
  readonly classNames: readonly string[];
  readonly embeddingSize: number;
  /** `embeddings`: [batch, embeddingSize] → probabilities [batch, classes]; the caller disposes. */
  predict(embeddings: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

export interface HeadShape {
  readonly embeddingSize: number;
  readonly classCount: number;
  /** Units of the hidden ReLU layer; 0 means a plain softmax regression on the embedding. */
  readonly hiddenUnits: number;
  readonly seed: number;
}

/** Builds the (untrained) head network: [batch, embeddingSize] → dense ReLU → dense softmax. */
export function createHeadModel({ embeddingSize, classCount, hiddenUnits, seed }: HeadShape): tf.Sequential {
  const model = tf.sequential();
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  if (hiddenUnits > 0) {
    model.add(tf.layers.dense({ inputShape: [embeddingSize], units: hiddenUnits, activation: 'relu', kernelInitializer: init(0) }));
  }
  model.add(
    tf.layers.dense({
      ...(hiddenUnits > 0 ? {} : { inputShape: [embeddingSize] }),
      units: classCount,
      activation: 'softmax',
      kernelInitializer: init(1),
    }),
  );
  return model;
}

/** Wraps a trained model; the head owns it from here on. */
export function createHead(model: tf.LayersModel, classNames: readonly string[], embeddingSize: number): Head {
  return {
    classNames: [...classNames],
    embeddingSize,
    predict: (embeddings) => model.predict(embeddings) as tf.Tensor2D,
    dispose: () => model.dispose(),
  };
}
