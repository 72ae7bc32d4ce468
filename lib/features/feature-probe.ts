import * as tf from '@tensorflow/tfjs';
import { measureLayers, type MeasuredLayer } from './model-layers';

/**
 * The activations worth looking at in Keras MobileNet v1: the output of every convolution after its
 * batch norm and ReLU6 (the stem, then each block's depthwise and pointwise halves), in network order.
 */
export const MOBILENET_FEATURE_LAYERS: readonly string[] = [
  'conv1_relu',
  ...Array.from({ length: 13 }, (_, i) => [`conv_dw_${i + 1}_relu`, `conv_pw_${i + 1}_relu`]).flat(),
];

/** How many channels `maps` returns by default: a 4x4 grid. */
export const DEFAULT_TOP_CHANNELS = 16;

/** One layer the probe can show, with its activation's shape (batch left out). */
export interface ProbeLayer {
  readonly name: string;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** One channel of a layer's activation, scaled for display. */
export interface ChannelMap {
  readonly channel: number;
  /** Mean activation over the map, before scaling: how strongly this channel answered. */
  readonly mean: number;
  /** height * width values, row-major, the channel's own minimum at 0 and maximum at 255. */
  readonly values: Uint8Array;
}

/** A layer's strongest channels for one image, strongest first. Plain data: no tensors. */
export interface LayerMaps extends ProbeLayer {
  readonly maps: readonly ChannelMap[];
}

export interface FeatureProbe {
  readonly layers: readonly ProbeLayer[];
  /** Every layer of the probed model as it really is, to check a computed architecture table against. */
  readonly modelLayers: readonly MeasuredLayer[];
  /**
   * `pixels`: one image [height, width, 3], values 0..255, at the model's input size. Returns the
   * `topK` channels of `layer` with the highest mean activation. Every tensor it makes is freed
   * before it resolves; `pixels` stays the caller's.
   */
  maps(pixels: tf.Tensor3D, layer: string, topK?: number): Promise<LayerMaps>;
  /** Frees the model's weights; `maps` throws afterwards. */
  dispose(): void;
}

/**
 * Looks inside a Keras MobileNet layers model. The probe owns `model` from here on (its `dispose`
 * frees it). Each layer gets a sub-model from the input to that layer, built on first use, so an
 * early layer costs only the layers before it.
 */
export function createFeatureProbe(model: tf.LayersModel, layerNames: readonly string[]): FeatureProbe {
  const known = new Set(model.layers.map((l) => l.name));
  const missing = layerNames.filter((name) => !known.has(name));
  if (missing.length > 0) throw new Error(`The model has no layer named ${missing.join(', ')}.`);
  const layers = layerNames.map((name): ProbeLayer => {
    const [, height, width, channels] = model.getLayer(name).outputShape as number[];
    return { name, height, width, channels };
  });
  const subModels = new Map<string, tf.LayersModel>();
  let disposed = false;

  const subModel = (name: string): tf.LayersModel => {
    let sub = subModels.get(name);
    if (!sub) {
      sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(name).output as tf.SymbolicTensor });
      subModels.set(name, sub);
    }
    return sub;
  };

  return {
    layers,
    modelLayers: measureLayers(model),
    async maps(pixels, layer, topK = DEFAULT_TOP_CHANNELS) {
      if (disposed) throw new Error('This feature probe was disposed.');
      const info = layers.find((l) => l.name === layer);
      if (!info) throw new Error(`The probe was not made for layer ${layer}.`);
      const k = Math.max(1, Math.min(topK, info.channels));
      const sub = subModel(layer);
      const out = tf.tidy(() => {
        const scaled = tf.sub(tf.div(tf.cast(tf.expandDims(pixels, 0), 'float32'), 127.5), 1); // Keras MobileNet wants [-1, 1]
        const activation = tf.squeeze(sub.predict(scaled) as tf.Tensor4D, [0]) as tf.Tensor3D; // [h, w, c]
        const means = tf.mean(activation, [0, 1]) as tf.Tensor1D; // [c]
        const top = tf.topk(means, k); // values, indices: [k]
        const chosen = tf.gather(tf.transpose(activation, [2, 0, 1]), top.indices) as tf.Tensor3D; // [k, h, w]
        const low = tf.min(chosen, [1, 2], true);
        const range = tf.sub(tf.max(chosen, [1, 2], true), low);
        // A flat channel (range 0) shows as all zeros rather than dividing by zero.
        const unit = tf.divNoNan(tf.sub(chosen, low), range);
        const bytes = tf.cast(tf.round(tf.mul(unit, 255)), 'int32'); // [k, h, w]
        return { means: top.values, channels: top.indices, bytes };
      });
      try {
        const [means, channels, bytes] = await Promise.all([out.means.data(), out.channels.data(), out.bytes.data()]);
        const size = info.height * info.width;
        const maps = Array.from({ length: k }, (_, i): ChannelMap => ({
          channel: channels[i],
          mean: means[i],
          values: Uint8Array.from(bytes.subarray(i * size, (i + 1) * size)),
        }));
        return { ...info, maps };
      } finally {
        tf.dispose([out.means, out.channels, out.bytes]);
      }
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      // The sub-models are views over `model`'s layers and hold no weights of their own. Disposing one
      // would release the shared layers, and disposing `model` after it would throw: drop them instead.
      subModels.clear();
      model.dispose();
    },
  };
}
