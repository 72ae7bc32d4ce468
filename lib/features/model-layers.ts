import type * as tf from '@tensorflow/tfjs';

/** What a loaded model says about one of its layers: the ground truth a computed table is checked against. */
export interface MeasuredLayer {
  readonly name: string;
  /** Keras class name, e.g. 'Conv2D', 'DepthwiseConv2D'. */
  readonly type: string;
  /** Output shape without the batch dimension. */
  readonly outputShape: readonly number[];
  /** Weights the layer holds (trainable or not). */
  readonly params: number;
}

/** Plain data about every layer of a layers model; no tensors are made. */
export function measureLayers(model: tf.LayersModel): MeasuredLayer[] {
  return model.layers.map((layer) => {
    const shape = layer.outputShape;
    const single = (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
    return { name: layer.name, type: layer.getClassName(), outputShape: single.slice(1).map((d) => d ?? 0), params: layer.countParams() };
  });
}
