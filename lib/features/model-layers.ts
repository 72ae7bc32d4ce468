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

/** A computed layer row, as far as a check needs it. */
export interface ComputedLayer {
  readonly name: string;
  readonly outputShape: readonly number[];
  readonly params: number;
}

/** How one computed row compares with the model's layer of the same name. */
export type LayerCheck = { readonly status: 'match' } | { readonly status: 'mismatch'; readonly actual: MeasuredLayer } | { readonly status: 'absent' };

/** Compares each computed row with the model's layer of the same name: output shape and parameter count. */
export function checkAgainstModel(rows: readonly ComputedLayer[], measured: readonly MeasuredLayer[]): Map<string, LayerCheck> {
  const byName = new Map(measured.map((l) => [l.name, l]));
  return new Map(
    rows.map((row): [string, LayerCheck] => {
      const actual = byName.get(row.name);
      if (!actual) return [row.name, { status: 'absent' }];
      const same = actual.params === row.params && actual.outputShape.length === row.outputShape.length && actual.outputShape.every((d, i) => d === row.outputShape[i]);
      return [row.name, same ? { status: 'match' } : { status: 'mismatch', actual }];
    }),
  );
}
