import * as tf from '@tensorflow/tfjs';
import { convOutputSize, denseParams, sum, type LayerRow, type NetworkTable } from '../cnn';
import { MOTION_FRAME_RATE } from './clip';
import { motionInputSize, SIZE_SCALE, type MotionInput } from './window';

/** One 1-D convolution along time: `filters` kernels of `kernel` frames, `stride` frames apart. */
export interface TemporalConv {
  readonly filters: number;
  readonly kernel: number;
  readonly stride: number;
  /** 'same': TF.js pads so the output has ceil(N/S) frames; 'valid': no padding. */
  readonly padding: 'same' | 'valid';
}

/** Everything that fixes the network's layers except the number of classes (and the starting weights). */
export interface MotionNetSpec {
  /** Rows per second the clips were resampled to; live frames must be resampled to the same. */
  readonly rate: number;
  /** Frames the network sees at once (the live sliding window's length). */
  readonly windowFrames: number;
  readonly input: MotionInput;
  /** What the window's log palm size is multiplied by (`windowInput`); models saved before it was part of the spec used `LEGACY_SIZE_SCALE`. */
  readonly sizeScale: number;
  readonly layers: readonly TemporalConv[];
  /** 'avg' lets every frame of a motion count; 'max' keeps each filter's strongest moment. */
  readonly pooling: 'avg' | 'max';
  /** Share of the pooled features dropped while training (0 for none). */
  readonly dropout: number;
}

/**
 * Two seconds at 15 frames/s: room for a slow circle (about 1.5 s) with a moment of stillness around
 * it. Three ReLU convolutions, the middle one halving the frames, then the mean over time: a motion
 * counts wherever it is in the window. The input is the path alone: with a few clips a class, the
 * hand's shape (which differs from person to person, and which the pose classes already learn) let
 * the network tell the training clips apart by who made them rather than by how the hand moved.
 */
export const DEFAULT_MOTION_NET: MotionNetSpec = {
  rate: MOTION_FRAME_RATE,
  windowFrames: 30,
  input: 'path',
  sizeScale: SIZE_SCALE,
  layers: [
    { filters: 32, kernel: 5, stride: 1, padding: 'same' },
    { filters: 32, kernel: 5, stride: 2, padding: 'same' },
    { filters: 64, kernel: 3, stride: 1, padding: 'same' },
  ],
  pooling: 'avg',
  // Augmentation already varies every clip; and TF.js's dropout draws from an unseeded source, so
  // without it a run is reproducible from its seed.
  dropout: 0,
};

/** A convolution's frames in and out by the chapter's (N + 2P − F)/S + 1, with the padding P that gives them. */
export interface TemporalLength {
  readonly n: number;
  readonly f: number;
  readonly s: number;
  /**
   * Padding frames per side. 'same' pads F − 1 frames in all at stride 1, and in general
   * max((ceil(N/S) − 1)·S + F − N, 0); TF.js puts the odd one at the end, so P can be a half (1.5 =
   * 1 before and 2 after): N + 2P is still the padded length.
   */
  readonly p: number;
  readonly out: number;
}

/**
 * Each convolution's sequence lengths for a window of `windowFrames` frames, in order. Throws a
 * RangeError naming the layer when a 'valid' kernel is longer than what reaches it.
 */
export function temporalLengths(windowFrames: number, layers: readonly TemporalConv[]): TemporalLength[] {
  let n = windowFrames;
  return layers.map((layer, i) => {
    const { kernel: f, stride: s } = layer;
    const padded = layer.padding === 'same' ? Math.max((Math.ceil(n / s) - 1) * s + f - n, 0) : 0;
    // The padding is folded into N so an odd total still goes through the formula: N + 2P = N + padded.
    const size = convOutputSize(n + padded, f, 0, s, 'floor');
    if (!size.ok) throw new RangeError(`Convolution ${i + 1} (kernel ${f}, stride ${s}) does not fit the ${n} frames that reach it: ${size.reason}`);
    const length = { n, f, s, p: padded / 2, out: size.size };
    n = size.size;
    return length;
  });
}

/**
 * The network `spec` describes for `classCount` classes, untrained (starting weights from `seed`):
 * [batch, windowFrames, motionInputSize(input)] → conv1d ReLU × layers → global pooling over time →
 * dropout → dense softmax [batch, classCount]. A plain Keras topology, so any TF.js program loads it;
 * it is trained through its twin from `createTrainableMotionNetwork`. The caller owns it.
 */
export function createMotionNetwork(spec: MotionNetSpec, classCount: number, seed: number): tf.Sequential {
  return buildMotionNetwork(spec, classCount, seed, (layer, i, inputShape) =>
    tf.layers.conv1d({
      ...(inputShape ? { inputShape } : {}),
      filters: layer.filters,
      kernelSize: layer.kernel,
      strides: layer.stride,
      padding: layer.padding,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
    }),
  );
}

/** Makes the layer of convolution `i` (ReLU included); the first gets the network's input shape. */
export type TemporalConvFactory = (layer: TemporalConv, i: number, inputShape: [number, number] | null) => tf.layers.Layer;

/** `createMotionNetwork`'s layers with each convolution made by `conv`: weights in the same shapes and order. */
export function buildMotionNetwork(spec: MotionNetSpec, classCount: number, seed: number, conv: TemporalConvFactory): tf.Sequential {
  temporalLengths(spec.windowFrames, spec.layers);
  const model = tf.sequential();
  spec.layers.forEach((layer, i) => model.add(conv(layer, i, i === 0 ? [spec.windowFrames, motionInputSize(spec.input)] : null)));
  model.add(spec.pooling === 'max' ? tf.layers.globalMaxPooling1d() : tf.layers.globalAveragePooling1d());
  // No seed: TF.js would then drop the same units at every step.
  if (spec.dropout > 0) model.add(tf.layers.dropout({ rate: spec.dropout }));
  model.add(tf.layers.dense({ units: classCount, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + spec.layers.length }) }));
  return model;
}

/**
 * The network's layers as the architecture view's table (lib/cnn `NetworkTable`): shapes as
 * [frames, channels], each convolution's kernel, stride and padding along time, parameters and
 * multiply-adds per window. A note per convolution shows its (N + 2P − F)/S + 1.
 */
export function motionNetTable(spec: MotionNetSpec, classCount: number): NetworkTable {
  const lengths = temporalLengths(spec.windowFrames, spec.layers);
  const rows: LayerRow[] = [];
  let channels = motionInputSize(spec.input);
  spec.layers.forEach((layer, i) => {
    const { n, f, s, p, out } = lengths[i];
    rows.push({
      name: `conv ${i + 1} (relu)`,
      type: 'Conv1D',
      kernel: `${f}`,
      stride: s,
      padding: layer.padding === 'same' ? `same (P=${p})` : 'valid',
      inputShape: [n, channels],
      outputShape: [out, layer.filters],
      params: f * channels * layer.filters + layer.filters,
      macs: out * layer.filters * f * channels,
    });
    channels = layer.filters;
  });
  const frames = lengths.length > 0 ? lengths[lengths.length - 1].out : spec.windowFrames;
  const plain = (name: string, type: string, inputShape: number[], outputShape: number[], params = 0, macs = 0): LayerRow => ({ name, type, kernel: null, stride: null, padding: null, inputShape, outputShape, params, macs });
  rows.push(plain(`${spec.pooling === 'max' ? 'max' : 'mean'} over time`, spec.pooling === 'max' ? 'GlobalMaxPooling1D' : 'GlobalAveragePooling1D', [frames, channels], [channels]));
  if (spec.dropout > 0) rows.push(plain(`dropout ${spec.dropout}`, 'Dropout', [channels], [channels]));
  rows.push(plain('output (softmax)', 'Dense', [channels], [classCount], denseParams(channels, classCount), channels * classCount));
  const notes = lengths.map(({ n, f, s, p, out }, i) => `conv ${i + 1}: (${n} + 2·${p} − ${f})/${s} + 1 = ${out} frames${(n + 2 * p - f) % s === 0 ? '' : ' (rounded down)'}.`);
  notes.push(`The window is ${spec.windowFrames} frames (${(spec.windowFrames / spec.rate).toFixed(1)} s at ${spec.rate} frames/s); the pooling makes the class blind to where in it the motion is.`);
  return { name: 'Motion network', rows, totalParams: sum(rows.map((r) => r.params)), totalMacs: sum(rows.map((r) => r.macs)), notes };
}
