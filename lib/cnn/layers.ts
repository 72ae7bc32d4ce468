import { batchNormParams, convMacs, convOutputSize, convParams, denseParams, depthwiseMacs, depthwiseParams, samePadding } from './arithmetic';
import { formatShape } from './format';

/*
 * Shape inference for a list of layers through the chapter's formulas, one table row per layer.
 *
 * Conventions (the same for every network, so totals compare):
 * - Shapes leave out the batch: [height, width, channels] or [features].
 * - Parameters are what the framework stores for the layer; batch norm counts the moving mean and
 *   variance too unless `countBatchNormStatistics` is false (Keras counts them, PyTorch does not).
 * - MACs (multiply-adds) count the products of the dot products only: a convolution costs
 *   outH·outW·Cout·F·F·Cin/groups, a depthwise one outH·outW·C·F·F, a dense layer in·out. Biases,
 *   batch norm, activations, pooling (comparisons and a mean), dropout and reshapes count 0.
 * - Padding 'same' is P = (F − 1)/2 with the framework's floor, which for odd F gives ceil(N/S) as
 *   TF.js does; a number is a symmetric P; 'valid' is P = 0.
 */

export type Shape = readonly number[];
export type Padding = 'valid' | 'same' | number;

interface Named {
  readonly name: string;
}
export interface ConvSpec extends Named {
  readonly kind: 'conv';
  readonly filters: number;
  readonly kernel: number;
  readonly stride?: number;
  readonly padding?: Padding;
  readonly bias?: boolean;
  /** Split input and filters into groups that do not see each other (AlexNet's two GPUs). */
  readonly groups?: number;
}
export interface DepthwiseSpec extends Named {
  readonly kind: 'depthwise';
  readonly kernel: number;
  readonly stride?: number;
  readonly padding?: Padding;
  readonly bias?: boolean;
}
export interface PoolSpec extends Named {
  readonly kind: 'pool';
  readonly mode: 'max' | 'avg';
  readonly size: number;
  /** Defaults to the window size. */
  readonly stride?: number;
  readonly padding?: Padding;
}
export interface DenseSpec extends Named {
  readonly kind: 'dense';
  readonly units: number;
  readonly bias?: boolean;
}
export interface ReshapeSpec extends Named {
  readonly kind: 'reshape';
  readonly target: Shape;
}
/** GoogLeNet's module: four parallel branches concatenated along the channels. */
export interface InceptionSpec extends Named {
  readonly kind: 'inception';
  readonly n1x1: number;
  readonly n3x3reduce: number;
  readonly n3x3: number;
  readonly n5x5reduce: number;
  readonly n5x5: number;
  readonly poolProj: number;
  readonly bias?: boolean;
}
/** ResNet's basic block: 3x3 conv, BN, ReLU, 3x3 conv, BN, plus the shortcut (a 1x1 conv and BN where the shape changes). */
export interface ResidualSpec extends Named {
  readonly kind: 'residual';
  readonly filters: number;
  readonly stride: number;
}
export interface ShapeOnlySpec extends Named {
  readonly kind: 'batchNorm' | 'activation' | 'globalAvgPool' | 'flatten' | 'dropout';
}

export type LayerSpec = ConvSpec | DepthwiseSpec | PoolSpec | DenseSpec | ReshapeSpec | InceptionSpec | ResidualSpec | ShapeOnlySpec;

export interface LayerRow {
  name: string;
  type: string;
  kernel: string | null;
  stride: number | null;
  padding: string | null;
  inputShape: Shape;
  outputShape: Shape;
  params: number;
  macs: number;
}

export interface NetworkTable {
  name: string;
  rows: LayerRow[];
  totalParams: number;
  totalMacs: number;
  notes: string[];
}

export interface InferOptions {
  /** Count batch norm's moving mean and variance as parameters (Keras/TF.js do; PyTorch does not). Default true. */
  readonly countBatchNormStatistics?: boolean;
}

/** Runs `inputShape` through `specs`; throws a RangeError naming the layer when a shape does not fit. */
export function inferNetwork(name: string, inputShape: Shape, specs: readonly LayerSpec[], { countBatchNormStatistics = true }: InferOptions = {}): NetworkTable {
  const rows: LayerRow[] = [];
  const notes: string[] = [];
  let shape = inputShape;
  for (const spec of specs) {
    const layer = inferLayer(spec, shape, countBatchNormStatistics);
    rows.push({ name: spec.name, ...layer.row, inputShape: shape });
    if (layer.note) notes.push(`${spec.name}: ${layer.note}`);
    shape = layer.row.outputShape;
  }
  return { name, rows, totalParams: sum(rows.map((r) => r.params)), totalMacs: sum(rows.map((r) => r.macs)), notes };
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

type InferredRow = Omit<LayerRow, 'name' | 'inputShape'>;

function inferLayer(spec: LayerSpec, input: Shape, countStatistics: boolean): { row: InferredRow; note: string | null } {
  const plain = (type: string, outputShape: Shape, params = 0, macs = 0): InferredRow => ({ type, kernel: null, stride: null, padding: null, outputShape, params, macs });
  switch (spec.kind) {
    case 'conv': {
      const [, , cin] = spatial(spec.name, input);
      const groups = spec.groups ?? 1;
      if (cin % groups !== 0 || spec.filters % groups !== 0) throw new RangeError(`${spec.name}: ${groups} groups must divide both the ${cin} input channels and the ${spec.filters} filters.`);
      const out = slide(spec.name, input, spec.kernel, spec.stride ?? 1, spec.padding ?? 'valid');
      const row = { type: 'Conv2D', kernel: `${spec.kernel}x${spec.kernel}`, stride: out.stride, padding: out.label, outputShape: [out.h, out.w, spec.filters] };
      const params = convParams(spec.kernel, cin, spec.filters, { bias: spec.bias ?? true, groups });
      return { row: { ...row, params, macs: convMacs(out.h, out.w, spec.kernel, cin, spec.filters, groups) }, note: out.note };
    }
    case 'depthwise': {
      const [, , c] = spatial(spec.name, input);
      const out = slide(spec.name, input, spec.kernel, spec.stride ?? 1, spec.padding ?? 'valid');
      const row = { type: 'DepthwiseConv2D', kernel: `${spec.kernel}x${spec.kernel}`, stride: out.stride, padding: out.label, outputShape: [out.h, out.w, c] };
      return { row: { ...row, params: depthwiseParams(spec.kernel, c, { bias: spec.bias ?? false }), macs: depthwiseMacs(out.h, out.w, spec.kernel, c) }, note: out.note };
    }
    case 'pool': {
      const [, , c] = spatial(spec.name, input);
      const out = slide(spec.name, input, spec.size, spec.stride ?? spec.size, spec.padding ?? 'valid');
      const type = spec.mode === 'max' ? 'MaxPooling2D' : 'AveragePooling2D';
      return { row: { type, kernel: `${spec.size}x${spec.size}`, stride: out.stride, padding: out.label, outputShape: [out.h, out.w, c], params: 0, macs: 0 }, note: out.note };
    }
    case 'dense': {
      const features = input[input.length - 1];
      const positions = input.slice(0, -1).reduce((a, b) => a * b, 1);
      return { row: plain('Dense', [...input.slice(0, -1), spec.units], denseParams(features, spec.units, spec.bias ?? true), positions * features * spec.units), note: null };
    }
    case 'reshape': {
      if (size(spec.target) !== size(input)) throw new RangeError(`${spec.name}: cannot reshape ${formatShape(input)} (${size(input)} values) to ${formatShape(spec.target)}.`);
      return { row: plain('Reshape', spec.target), note: null };
    }
    case 'inception':
      return { row: inception(spec, input), note: null };
    case 'residual':
      return { row: residual(spec, input, countStatistics), note: null };
    case 'batchNorm':
      return { row: plain('BatchNormalization', input, batchNormParams(input[input.length - 1], countStatistics)), note: null };
    case 'activation':
      return { row: plain('Activation', input), note: null };
    case 'dropout':
      return { row: plain('Dropout', input), note: null };
    case 'flatten':
      return { row: plain('Flatten', [size(input)]), note: null };
    case 'globalAvgPool':
      return { row: plain('GlobalAveragePooling2D', [spatial(spec.name, input)[2]]), note: null };
  }
}

function inception(spec: InceptionSpec, input: Shape): InferredRow {
  const [h, w, cin] = spatial(spec.name, input);
  const bias = spec.bias ?? true;
  // [kernel, input channels, filters] of the six convolutions; every branch keeps h x w ('same').
  const convs: [number, number, number][] = [
    [1, cin, spec.n1x1],
    [1, cin, spec.n3x3reduce],
    [3, spec.n3x3reduce, spec.n3x3],
    [1, cin, spec.n5x5reduce],
    [5, spec.n5x5reduce, spec.n5x5],
    [1, cin, spec.poolProj],
  ];
  return {
    type: 'Inception',
    kernel: '1x1, 3x3, 5x5, pool 3x3',
    stride: 1,
    padding: 'same',
    outputShape: [h, w, spec.n1x1 + spec.n3x3 + spec.n5x5 + spec.poolProj],
    params: sum(convs.map(([f, ci, co]) => convParams(f, ci, co, { bias }))),
    macs: sum(convs.map(([f, ci, co]) => convMacs(h, w, f, ci, co))),
  };
}

function residual(spec: ResidualSpec, input: Shape, countStatistics: boolean): InferredRow {
  const [, , cin] = spatial(spec.name, input);
  const out = slide(spec.name, input, 3, spec.stride, 1);
  const k = spec.filters;
  const projected = spec.stride !== 1 || cin !== k;
  // Convolutions before a batch norm carry no bias: the norm's shift replaces it.
  const convs: [number, number, number][] = [[3, cin, k], [3, k, k], ...(projected ? [[1, cin, k] as [number, number, number]] : [])];
  return {
    type: 'ResidualBlock',
    kernel: projected ? '3x3, 3x3 + 1x1 shortcut' : '3x3, 3x3',
    stride: spec.stride,
    padding: 'P=1',
    outputShape: [out.h, out.w, k],
    params: sum(convs.map(([f, ci, co]) => convParams(f, ci, co, { bias: false }) + batchNormParams(co, countStatistics))),
    macs: sum(convs.map(([f, ci, co]) => convMacs(out.h, out.w, f, ci, co))),
  };
}

/** Output grid of an F×F window sliding `stride` apart, as frameworks compute it (floor). */
function slide(name: string, input: Shape, f: number, stride: number, padding: Padding): { h: number; w: number; stride: number; label: string; note: string | null } {
  const [h, w] = spatial(name, input);
  let p = 0;
  if (padding === 'same') {
    const same = samePadding(f);
    if (!same.ok) throw new RangeError(`${name}: ${same.reason}`);
    p = same.padding;
  } else if (typeof padding === 'number') {
    p = padding;
  }
  const rows = convOutputSize(h, f, p, stride, 'floor');
  const cols = convOutputSize(w, f, p, stride, 'floor');
  if (!rows.ok) throw new RangeError(`${name}: ${rows.reason}`);
  if (!cols.ok) throw new RangeError(`${name}: ${cols.reason}`);
  const label = padding === 'same' ? `same (P=${p})` : padding === 'valid' ? 'valid' : `P=${p}`;
  const exact = (h + 2 * p - f) % stride === 0 && (w + 2 * p - f) % stride === 0;
  // 'same' means "output ceil(N/S)" by definition; elsewhere a dropped edge is worth saying.
  const note = exact || padding === 'same' ? null : `(${h} + 2·${p} − ${f})/${stride} is not whole; frameworks round down to ${rows.size}, so the last padded row and column are never covered.`;
  return { h: rows.size, w: cols.size, stride, label, note };
}

function spatial(name: string, input: Shape): [number, number, number] {
  if (input.length !== 3) throw new RangeError(`${name} needs a [height, width, channels] input, not ${formatShape(input)}.`);
  return [input[0], input[1], input[2]];
}

function size(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}
