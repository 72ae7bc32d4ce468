import * as tf from '@tensorflow/tfjs';
import { buildMotionNetwork, temporalLengths, type MotionNetSpec, type TemporalConv } from './temporal-net';

/*
 * A 1-D convolution written as "unfold, then one matrix product", for training only.
 *
 * TF.js's Conv1D runs as a 2-D convolution whose gradient needs the Conv2DBackpropFilter kernel: the
 * WASM backend (the app's choice where WebGL is software-rendered) has none, and the CPU backend's
 * takes seconds per batch. Here the F taps of every output frame are gathered side by side —
 * [batch, out, F·Cin] — with pad, slice and reshape, and multiplied by the kernel seen as
 * [F·Cin, Cout]; every backend has those ops and their gradients, and a matMul is fast everywhere.
 * The weights have Conv1D's shapes and order (kernel [F, Cin, Cout], then bias), so a trained
 * network's weights go straight into the plain Conv1D network that is saved and run live.
 */

interface UnfoldedConvArgs extends TemporalConv {
  readonly inputShape?: [number, number];
  readonly seed: number;
}

export class UnfoldedConv1D extends tf.layers.Layer {
  static readonly className = 'UnfoldedConv1D';
  private readonly conv: TemporalConv;
  private readonly seed: number;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor({ inputShape, seed, ...conv }: UnfoldedConvArgs) {
    super(inputShape ? { inputShape } : {});
    this.conv = conv;
    this.seed = seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const channels = (inputShape as tf.Shape)[2] as number;
    this.kernel = this.addWeight('kernel', [this.conv.kernel, channels, this.conv.filters], 'float32', tf.initializers.glorotUniform({ seed: this.seed }));
    this.bias = this.addWeight('bias', [this.conv.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [batch, frames] = inputShape as tf.Shape;
    return [batch, temporalLengths(frames as number, [this.conv])[0].out, this.conv.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D; // [batch, frames, Cin]
      const [batch, frames, channels] = x.shape;
      const { kernel: f, stride: s, filters } = this.conv;
      const [{ p, out }] = temporalLengths(frames, [this.conv]);
      // 'same' puts the odd padding frame at the end, as TF.js does; extra zeros at the end only
      // give every tap a slice of out·S frames and are never read.
      const before = Math.floor(p);
      const needed = f - 1 + out * s;
      const after = Math.max(Math.ceil(p), needed - before - frames);
      const padded = tf.pad(x, [[0, 0], [before, after], [0, 0]]);
      const taps = Array.from({ length: f }, (_, j) => {
        const run = tf.slice(padded, [0, j, 0], [batch, out * s, channels]); // [batch, out·S, Cin]
        // Every S-th frame: a rank-4 view whose first position per stride is kept.
        return s === 1 ? run : tf.reshape(tf.slice(tf.reshape(run, [batch, out, s, channels]), [0, 0, 0, 0], [batch, out, 1, channels]), [batch, out, channels]);
      });
      const unfolded = tf.reshape(tf.concat(taps, 2), [batch * out, f * channels]); // [batch·out, F·Cin]
      const weights = tf.reshape((this.kernel as tf.LayerVariable).read(), [f * channels, filters]);
      const y = tf.add(tf.matMul(unfolded, weights), (this.bias as tf.LayerVariable).read());
      return tf.reshape(tf.relu(y), [batch, out, filters]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.conv, seed: this.seed };
  }
}

/**
 * The twin of `createMotionNetwork(spec, classCount, seed)` that trains on every backend: the same
 * layers with each Conv1D an `UnfoldedConv1D`, weights in the same shapes and order (copy them across
 * with `getWeights` / `setWeights`). The caller owns it.
 */
export function createTrainableMotionNetwork(spec: MotionNetSpec, classCount: number, seed: number): tf.Sequential {
  return buildMotionNetwork(spec, classCount, seed, (layer, i, inputShape) => new UnfoldedConv1D({ ...layer, seed: seed + i, ...(inputShape ? { inputShape } : {}) }));
}
