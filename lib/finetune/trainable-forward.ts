import * as tf from '@tensorflow/tfjs';

type Layer = tf.LayersModel['layers'][number];
type LayerOp = (x: tf.Tensor) => tf.Tensor;

/**
 * The top's forward pass, [batch, ...cutShape] → [batch, channels], rebuilt from ops whose gradients
 * run on every backend, reading the top's own variables (so optimizer updates apply to both paths).
 *
 * Why not just differentiate the Keras layers: their convolutions' gradients need the kernels
 * Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter and DepthwiseConv2dNativeBackpropInput.
 * The WASM backend (what the app picks on machines whose WebGL is software-rendered) has none of them,
 * and the CPU backend's Conv2DBackpropFilter takes ~20 s for one 16-row batch of the 0.25 model's
 * 1x1 conv. Here a 1x1 conv is a matMul and a depthwise conv is a sum of k·k shifted slices times a
 * per-channel tap; their gradients are matMul, pad, slice and elementwise ops, which every backend has.
 *
 * Batch norms are the inference-mode affine map with the moving statistics, always: the same thing
 * `predict` computes, never batch statistics. Throws for a layer it cannot express (the message names it).
 */
export function createTrainableForward(top: tf.LayersModel): (activations: tf.Tensor4D) => tf.Tensor2D {
  const ops = top.layers.filter((layer) => !top.inputLayers.includes(layer)).map(layerOp);
  return (activations) => ops.reduce<tf.Tensor>((x, op) => op(x), activations) as tf.Tensor2D;
}

function layerOp(layer: Layer): LayerOp {
  const config = layer.getConfig();
  const className = layer.getClassName();
  const unsupported = (why: string) => new Error(`Fine-tuning cannot train through layer ${layer.name} (${className}): ${why}.`);
  if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') throw unsupported('only channels-last data is supported');
  switch (className) {
    case 'DepthwiseConv2D': {
      if ((config.depthMultiplier ?? 1) !== 1) throw unsupported('depth multiplier must be 1');
      if (!allOnes(config.dilationRate)) throw unsupported('dilation is not supported');
      const kernel = weight(layer, 'depthwise_kernel');
      const bias = config.useBias ? weight(layer, 'bias') : null;
      const activation = activationOp(config.activation, unsupported);
      const strides = pair(config.strides);
      const padding = paddingMode(config.padding, unsupported);
      return (x) => activation(withBias(depthwise(x as tf.Tensor4D, kernel.read() as tf.Tensor4D, strides, padding), bias));
    }
    case 'Conv2D': {
      if (!allOnes(config.kernelSize) || !allOnes(config.strides) || !allOnes(config.dilationRate)) throw unsupported('only 1x1 convolutions with stride 1 are supported');
      const kernel = weight(layer, 'kernel');
      const bias = config.useBias ? weight(layer, 'bias') : null;
      const activation = activationOp(config.activation, unsupported);
      return (x) => activation(withBias(pointwise(x as tf.Tensor4D, kernel.read() as tf.Tensor4D), bias));
    }
    case 'BatchNormalization': {
      if (![-1, 3].includes(config.axis as number)) throw unsupported('only the channel axis can be normalised');
      const gamma = config.scale === false ? null : weight(layer, 'gamma');
      const beta = config.center === false ? null : weight(layer, 'beta');
      const mean = weight(layer, 'moving_mean');
      const variance = weight(layer, 'moving_variance');
      const epsilon = config.epsilon as number;
      return (x) => {
        const inverse = tf.rsqrt(tf.add(variance.read(), epsilon)); // [channels]
        const scale = gamma ? tf.mul(gamma.read(), inverse) : inverse;
        const shifted = tf.mul(tf.sub(x, mean.read()), scale);
        return beta ? tf.add(shifted, beta.read()) : shifted;
      };
    }
    case 'Activation':
      return activationOp(config.activation, unsupported);
    case 'ReLU': {
      const max = config.maxValue as number | null | undefined;
      if (max === null || max === undefined) return (x) => tf.relu(x);
      return max === 6 ? (x) => tf.relu6(x) : (x) => tf.minimum(tf.relu(x), max);
    }
    case 'ZeroPadding2D': {
      const [[top, bottom], [left, right]] = config.padding as [[number, number], [number, number]];
      return (x) => tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
    }
    case 'GlobalAveragePooling2D':
      return (x) => tf.mean(x, [1, 2]); // [batch, channels]
    default:
      throw unsupported('no trainable equivalent');
  }
}

/** Cross-correlation like tf.depthwiseConv2d (depth multiplier 1), as Σ over taps of a strided window × the tap's per-channel weight. */
function depthwise(x: tf.Tensor4D, kernel: tf.Tensor4D, [sh, sw]: [number, number], padding: 'same' | 'valid'): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const [kh, kw] = kernel.shape;
  const rows = outputAndPadding(height, kh, sh, padding);
  const cols = outputAndPadding(width, kw, sw, padding);
  // Each tap cuts a window of out * stride rows and keeps every stride-th by a reshape, so the input
  // may need zeros beyond the usual padding; they are never among the kept rows.
  const padded = tf.pad(x, [[0, 0], rows.padding, cols.padding, [0, 0]]);
  let sum: tf.Tensor | null = null;
  for (let i = 0; i < kh; i += 1) {
    for (let j = 0; j < kw; j += 1) {
      let window = tf.slice(padded, [0, i, j, 0], [batch, rows.out * sh, cols.out * sw, channels]);
      if (sh > 1 || sw > 1) {
        // [b, out·sh, out·sw, c] viewed as [b·outRows, sh, outCols, sw·c]: row phase 0 and the first c of
        // each sw·c run are the kept positions. Rank 4 on purpose: WASM slices higher ranks ~10x slower.
        const strided = tf.reshape(window, [batch * rows.out, sh, cols.out, sw * channels]);
        window = tf.reshape(tf.slice(strided, [0, 0, 0, 0], [batch * rows.out, 1, cols.out, channels]), [batch, rows.out, cols.out, channels]);
      }
      const tap = tf.reshape(tf.slice(kernel, [i, j, 0, 0], [1, 1, channels, 1]), [channels]);
      const term = tf.mul(window, tap);
      sum = sum ? tf.add(sum, term) : term;
    }
  }
  return sum as tf.Tensor4D; // [batch, outRows, outCols, channels]
}

/** TF's padding rule ('same' puts the odd extra row after), plus the slack `depthwise` needs for its strided windows. */
function outputAndPadding(size: number, kernel: number, stride: number, padding: 'same' | 'valid'): { out: number; padding: [number, number] } {
  const out = padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
  const total = padding === 'same' ? Math.max(0, (out - 1) * stride + kernel - size) : 0;
  const before = Math.floor(total / 2);
  const needed = kernel - 1 + out * stride;
  return { out, padding: [before, Math.max(total - before, needed - size - before)] };
}

/** A 1x1 convolution as one matMul over all positions: [b, h, w, in] · [in, out]. */
function pointwise(x: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const filters = kernel.shape[3];
  const flat = tf.matMul(tf.reshape(x, [batch * height * width, channels]), tf.reshape(kernel, [channels, filters]));
  return tf.reshape(flat, [batch, height, width, filters]);
}

function withBias(x: tf.Tensor4D, bias: tf.LayerVariable | null): tf.Tensor4D {
  return bias ? tf.add(x, bias.read()) : x;
}

function activationOp(name: unknown, unsupported: (why: string) => Error): LayerOp {
  switch (name ?? 'linear') {
    case 'linear':
      return (x) => x;
    case 'relu':
      return (x) => tf.relu(x);
    case 'relu6':
      return (x) => tf.relu6(x);
    default:
      throw unsupported(`activation ${String(name)} is not supported`);
  }
}

/** A layer's weight by its Keras name ('gamma', 'kernel', ...); weights are named `<layer>/<weight>` plus a uniqueness suffix. */
function weight(layer: Layer, name: string): tf.LayerVariable {
  const found = layer.weights.find((w) => w.originalName === name || w.originalName.endsWith(`/${name}`));
  if (!found) throw new Error(`Layer ${layer.name} has no weight named ${name}.`);
  return found;
}

function pair(value: unknown): [number, number] {
  return Array.isArray(value) ? [value[0] as number, value[1] as number] : [value as number, value as number];
}

function allOnes(value: unknown): boolean {
  return value === undefined || value === null || pair(value).every((v) => v === 1);
}

function paddingMode(value: unknown, unsupported: (why: string) => Error): 'same' | 'valid' {
  if (value === 'same' || value === 'valid') return value;
  throw unsupported(`padding ${String(value)} is not supported`);
}
