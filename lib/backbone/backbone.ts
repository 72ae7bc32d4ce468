import * as tf from '@tensorflow/tfjs';
import * as mobilenet from '@tensorflow-models/mobilenet';
import { BACKBONES, type BackboneId, type BackboneInfo } from './backbone-info';

/**
 * A frozen ImageNet feature extractor. Everything model-specific (input scaling, which layer is the
 * embedding) lives behind this interface, so the rest of the app only sees pixels in and vectors out.
 */
export interface Backbone extends BackboneInfo {
  /**
   * `pixels`: [batch, 224, 224, 3], values 0..255 (int32 or float32).
   * Returns [batch, embeddingSize]; the caller owns and disposes it. Synchronous, so it composes
   * inside the caller's `tf.tidy`.
   */
  embed(pixels: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

export type ModelLoadErrorKind = 'model-missing' | 'model-corrupt';

export class ModelLoadError extends Error {
  constructor(readonly kind: ModelLoadErrorKind, message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'ModelLoadError';
  }
}

/** What `embed` needs from @tensorflow-models/mobilenet; the seam unit tests stub. */
export interface EmbeddingModel {
  infer(input: tf.Tensor3D | tf.Tensor4D, embedding: true): tf.Tensor;
  /** The package's GraphModel: public on its implementation, though not in its typings. */
  model?: { dispose(): void };
}

export interface BackboneLoaders {
  /** Loads the ImageNet graph model through @tensorflow-models/mobilenet. */
  graph(modelUrl: string, alpha: number): Promise<EmbeddingModel>;
  layers(modelUrl: string): Promise<tf.LayersModel>;
}

/** A model.json URL, or files already in memory (`tf.io.fromMemory`). */
type ModelSource = string | tf.io.IOHandler;

const defaultLoaders = {
  // The TF-Hub graph wants pixels in [0, 1]; given a modelUrl without inputRange the package would
  // feed [-1, 1], which the graph's own * 2 - 1 turns into [-3, 1].
  graph: (model: ModelSource, alpha: number): Promise<EmbeddingModel> => mobilenet.load({ version: 1, alpha: alpha as mobilenet.MobileNetAlpha, modelUrl: model, inputRange: [0, 1] }),
  layers: (model: ModelSource) => tf.loadLayersModel(model),
};

export interface LoadBackboneOptions {
  /** Where `public/models` is served; the app's own origin by default. */
  modelBaseUrl?: string;
  loaders?: BackboneLoaders;
}

/** The last depthwise-separable block's activation: [batch, 7, 7, channels] in the layers models. */
export const EMBEDDING_LAYER = 'conv_pw_13_relu';

/**
 * Loads a backbone from the app's own origin. Alpha 0.25 runs the TF-Hub graph model through
 * @tensorflow-models/mobilenet (its `infer(img, true)` is exactly the 256-d global-pool embedding);
 * alpha 0.75 exists only as a Keras layers model here, cut at the last block and average-pooled.
 * Missing or damaged files become a `ModelLoadError` whose message says what to do.
 */
export async function loadBackbone(id: BackboneId, options: LoadBackboneOptions = {}): Promise<Backbone> {
  const info = BACKBONES[id];
  const base = options.modelBaseUrl ?? '/models';
  const loaders: BackboneLoaders = options.loaders ?? defaultLoaders;
  try {
    if (id === 'mobilenet_v1_025') {
      const net = await loaders.graph(`${base}/mobilenet_v1_025_224/imagenet/model.json`, info.alpha);
      return createGraphBackbone(info, net);
    }
    const full = await loaders.layers(`${base}/mobilenet_v1_075_224/model.json`);
    return createLayersBackbone(info, full);
  } catch (error) {
    throw toModelLoadError(info, error);
  }
}

/**
 * A backbone's TF.js files held in memory, as a model bundle carries them (lib/player), instead of
 * served from public/models. Structured-cloneable, so it crosses to the engine's worker as is.
 */
export interface BackboneFiles {
  readonly id: BackboneId;
  /** The app's frozen 0.25 is a graph model; 0.75, and the Keras MobileNet under a fine-tuned network, are layers models. */
  readonly format: 'graph-model' | 'layers-model';
  readonly artifacts: tf.io.ModelArtifacts;
}

/**
 * `loadBackbone` for files in memory, through the same loaders: the same embedding as the app makes
 * from the same files (the graph through @tensorflow-models/mobilenet, the layers model cut at
 * `EMBEDDING_LAYER`). Rejects with the loader's own error when the files are not a model.
 */
export async function loadBackboneFiles(files: BackboneFiles): Promise<Backbone> {
  const info = BACKBONES[files.id];
  const model = tf.io.fromMemory(files.artifacts);
  if (files.format === 'graph-model') return createGraphBackbone(info, await defaultLoaders.graph(model, info.alpha));
  return createLayersBackbone(info, await defaultLoaders.layers(model));
}

function createGraphBackbone(info: BackboneInfo, net: EmbeddingModel): Backbone {
  return {
    ...info,
    embed: (pixels) =>
      tf.tidy(() => {
        // A single image goes in as 3-D so the package skips its (identity) resize.
        const input = pixels.shape[0] === 1 ? tf.squeeze<tf.Tensor3D>(pixels, [0]) : pixels;
        return tf.reshape(net.infer(input, true), [pixels.shape[0], info.embeddingSize]) as tf.Tensor2D; // [batch, 256]
      }),
    // The package has no dispose of its own; its GraphModel owns the weights.
    dispose: () => net.model?.dispose(),
  };
}

export function createLayersBackbone(info: BackboneInfo, full: tf.LayersModel): Backbone {
  const cut = full.getLayer(EMBEDDING_LAYER);
  const features = tf.model({ inputs: full.inputs, outputs: cut.output as tf.SymbolicTensor });
  return {
    ...info,
    embed: (pixels) =>
      tf.tidy(() => {
        const scaled = tf.sub(tf.div(tf.cast(pixels, 'float32'), 127.5), 1); // Keras MobileNet wants [-1, 1]
        const activation = features.predict(scaled) as tf.Tensor4D; // [batch, 7, 7, channels]
        return tf.mean(activation, [1, 2]) as tf.Tensor2D; // [batch, channels]
      }),
    // `features` reuses `full`'s layers without taking a reference (tf.model over existing symbolic
    // tensors does not bump layer ref counts), so disposing `full` frees every weight; disposing
    // `features` too would dispose the shared layers twice and throw.
    dispose: () => {
      full.dispose();
    },
  };
}

/** Maps a failed model load to the sentence the UI shows; shared by every loader of these files. */
export function toModelLoadError(info: BackboneInfo, error: unknown): ModelLoadError {
  const detail = error instanceof Error ? error.message : String(error);
  const missing = /404|not found|failed to fetch|networkerror|status code/i.test(detail);
  return missing
    ? new ModelLoadError(
        'model-missing',
        `The ${info.label} model files are missing from public/models. Run "npm install" in the project folder to prepare them, then reload this page.`,
        error,
      )
    : new ModelLoadError(
        'model-corrupt',
        `The ${info.label} model files in public/models are damaged. Delete public/models and run "npm install" again, then reload this page.`,
        error,
      );
}
