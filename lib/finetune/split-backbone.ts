import * as tf from '@tensorflow/tfjs';
import { BACKBONES, EMBEDDING_LAYER, ModelLoadError, toModelLoadError, type BackboneInfo } from '../backbone';
import { createTrainableForward } from './trainable-forward';

/** How many of MobileNet v1's last depthwise-separable blocks (12 and 13) train with the head. */
export type TrainableBlocks = 1 | 2;

/** The alphas served as Keras layers models (the only kind that can be split and fine-tuned). */
export type LayersAlpha = 0.25 | 0.75;

type Layer = tf.LayersModel['layers'][number];

/** A MobileNet layers model split at a block boundary: a frozen bottom and a trainable copy of the top. */
export interface SplitBackbone {
  readonly alpha: LayersAlpha;
  readonly trainableBlocks: TrainableBlocks;
  /** Shape of one row of cut activations, read from the model: [7, 7, 256] for 1 block of alpha 0.25. */
  readonly cutShape: readonly [number, number, number];
  /**
   * The layers of the top that have trainable weights, in order: the depthwise and pointwise convs
   * and their batch norms (gamma and beta train; the moving statistics never change, see `top`).
   */
  readonly trainableLayerNames: readonly string[];
  /**
   * `pixels`: [batch, 224, 224, 3], 0..255 (int32 or float32) → cut activations [batch, ...cutShape].
   * The caller disposes the result. Synchronous, so it composes inside the caller's `tf.tidy`.
   */
  bottom(pixels: tf.Tensor4D): tf.Tensor4D;
  /**
   * Cut activations [batch, ...cutShape] → pooled embedding [batch, channels]. Its weights are a
   * private copy, so training it never changes the frozen bottom. Batch norms must be called in
   * inference mode (`training: false`, also what `predict` does): a few hundred webcam frames would
   * wreck the ImageNet batch statistics. `fineTune` trains a copy of this, never this model itself,
   * so one split serves any number of fine-tunes. Owned by the split: do not dispose it directly.
   */
  readonly top: tf.LayersModel;
  /** Frees the top and, when the split owns it (the default), the full model under the bottom. */
  dispose(): void;
}

export interface LoadSplitBackboneOptions {
  /** Where `public/models` is served; the app's own origin by default. */
  modelBaseUrl?: string;
  /** The loader seam tests stub; `tf.loadLayersModel` by default. */
  loadModel?: (url: string) => Promise<tf.LayersModel>;
}

export interface SplitOptions {
  /**
   * Whether the split disposes `full` with itself (default true). Pass false when `full` is shared
   * (for instance with a layers `Backbone`): its owner must then keep it alive until the split is disposed.
   */
  ownsFull?: boolean;
}

/** The layer whose output the bottom stops at: the last frozen block's activation. */
export function cutLayerName(trainableBlocks: TrainableBlocks): string {
  return `conv_pw_${13 - trainableBlocks}_relu`;
}

/**
 * Loads a MobileNet v1 layers model and splits it so its last `trainableBlocks` blocks can be
 * fine-tuned. One download: the trainable top is a copy made in memory from the same weights.
 * Missing or damaged files become a `ModelLoadError` whose message says what to do.
 */
export async function loadSplitBackbone(alpha: LayersAlpha, trainableBlocks: TrainableBlocks, options: LoadSplitBackboneOptions = {}): Promise<SplitBackbone> {
  const info = backboneInfo(alpha);
  const base = options.modelBaseUrl ?? '/models';
  const load = options.loadModel ?? ((url: string) => tf.loadLayersModel(url));
  let full: tf.LayersModel;
  try {
    full = await load(`${base}/${info.id}_224/model.json`);
  } catch (error) {
    throw toModelLoadError(info, error);
  }
  try {
    return splitLayersModel(full, alpha, trainableBlocks);
  } catch (error) {
    full.dispose();
    throw error;
  }
}

/**
 * Splits an already-loaded MobileNet v1 layers model (also a stub with the same layer names). The
 * bottom runs `full`'s own layers up to the cut; the top is built from fresh layers with the same
 * configs and cloned weights, applied to a new input of `cutShape`, then average-pooled. Shapes come
 * from the model, so any input size works. Throws a `ModelLoadError` ('model-corrupt') when the layers
 * are missing, the top is not a plain chain, or it holds a layer `fineTune` cannot train through;
 * `full` stays the caller's in that case.
 */
export function splitLayersModel(full: tf.LayersModel, alpha: LayersAlpha, trainableBlocks: TrainableBlocks, options: SplitOptions = {}): SplitBackbone {
  if (trainableBlocks !== 1 && trainableBlocks !== 2) throw new RangeError(`Only 1 or 2 blocks can be fine-tuned (got ${String(trainableBlocks)}).`);
  const info = backboneInfo(alpha);
  const cut = findLayer(full, cutLayerName(trainableBlocks), info);
  const cutOutput = cut.output as tf.SymbolicTensor;
  const [, ...rest] = cutOutput.shape;
  if (rest.length !== 3 || rest.some((d) => d === null || d <= 0)) throw corrupt(info, `Layer ${cut.name} has output shape ${JSON.stringify(cutOutput.shape)}, not [batch, height, width, channels].`);
  const cutShape = rest as [number, number, number];
  const chain = chainBetween(full, cut, findLayer(full, EMBEDDING_LAYER, info), info);

  const top = buildModel(cutShape, [...chain, tf.layers.globalAveragePooling2d({})]); // [batch, channels]
  try {
    createTrainableForward(top); // fails now, not at training time, on a layer fine-tuning cannot train through
  } catch (error) {
    top.dispose();
    throw corrupt(info, error instanceof Error ? error.message : String(error));
  }
  const features = tf.model({ inputs: full.inputs, outputs: cutOutput });
  const ownsFull = options.ownsFull ?? true;
  return {
    alpha,
    trainableBlocks,
    cutShape,
    trainableLayerNames: top.layers.filter((layer) => layer.trainableWeights.length > 0).map((layer) => layer.name),
    bottom: (pixels) =>
      tf.tidy(() => {
        const scaled = tf.sub(tf.div(tf.cast(pixels, 'float32'), 127.5), 1); // Keras MobileNet wants [-1, 1]
        return features.predict(scaled) as tf.Tensor4D; // [batch, ...cutShape]
      }),
    top,
    // `features` reuses `full`'s layers without taking a reference (see createLayersBackbone), so
    // disposing `full` frees them; disposing `features` as well would throw.
    dispose: () => {
      top.dispose();
      if (ownsFull) full.dispose();
    },
  };
}

/**
 * An independent copy of a top (same layers, same weights, new variables), e.g. for one fine-tune
 * run. The caller owns and disposes it.
 */
export function copyTop(top: tf.LayersModel): tf.LayersModel {
  const [input] = top.inputs;
  const [, ...shape] = input.shape;
  return buildModel(shape as number[], layersOf(top));
}

/** A model's layers in order, without its input layer(s). */
export function layersOf(model: tf.LayersModel): Layer[] {
  return model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
}

/**
 * Applies a fresh copy of each of `layers` (same class and config, so same names and trainable flags)
 * in turn to a new input of `inputShape`, then copies each source layer's weights over. The caller
 * owns (and disposes) the new model; the sources are left as they were.
 */
export function buildModel(inputShape: readonly number[], layers: readonly Layer[]): tf.LayersModel {
  const input = tf.input({ shape: [...inputShape] });
  let x = input;
  const copies = layers.map((layer) => {
    const copy = cloneLayer(layer);
    x = copy.apply(x) as tf.SymbolicTensor;
    return copy;
  });
  const model = tf.model({ inputs: input, outputs: x });
  // The new variables share the sources' data buffers until the first update writes a new value.
  copies.forEach((copy, i) => copy.setWeights(layers[i].getWeights()));
  return model;
}

function cloneLayer(layer: Layer): Layer {
  const cls = layer.constructor as tf.serialization.SerializableConstructor<Layer>;
  return cls.fromConfig(cls, layer.getConfig());
}

/** The layers strictly after `from` up to and including `to`, when they form a single-input chain. */
function chainBetween(full: tf.LayersModel, from: Layer, to: Layer, info: BackboneInfo): Layer[] {
  const chain: Layer[] = [];
  for (let layer = to; layer !== from; ) {
    chain.unshift(layer);
    const inbound = layer.inboundNodes.flatMap((node) => node.inboundLayers);
    if (inbound.length !== 1 || chain.length > full.layers.length) {
      throw corrupt(info, `Layer ${layer.name} does not follow ${from.name} in a single chain.`);
    }
    layer = inbound[0];
  }
  return chain;
}

function findLayer(full: tf.LayersModel, name: string, info: BackboneInfo): Layer {
  const layer = full.layers.find((l) => l.name === name);
  if (!layer) throw corrupt(info, `The model has no layer named ${name}.`);
  return layer;
}

function backboneInfo(alpha: LayersAlpha): BackboneInfo {
  const info = Object.values(BACKBONES).find((b) => b.alpha === alpha);
  if (!info) throw new RangeError(`No MobileNet v1 backbone with alpha ${alpha}.`);
  return info;
}

function corrupt(info: BackboneInfo, detail: string): ModelLoadError {
  return new ModelLoadError(
    'model-corrupt',
    `The ${info.label} model files in public/models are damaged. Delete public/models and run "npm install" again, then reload this page.`,
    new Error(detail),
  );
}

/**
 * Cut activations for a batch of pixels ([n, 224, 224, 3], still the caller's), as n CPU copies of
 * `cutShape` flattened: what to cache per sample when only the top blocks train. Frees what it makes.
 */
export async function cutActivations(split: SplitBackbone, pixels: tf.Tensor4D): Promise<Float32Array[]> {
  const activations = split.bottom(pixels); // [n, ...cutShape]
  try {
    const flat = (await activations.data()) as Float32Array;
    const size = split.cutShape[0] * split.cutShape[1] * split.cutShape[2];
    return Array.from({ length: activations.shape[0] }, (_, i) => flat.slice(i * size, (i + 1) * size));
  } finally {
    activations.dispose();
  }
}
