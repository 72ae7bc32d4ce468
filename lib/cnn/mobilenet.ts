import { convMacs, convParams } from './arithmetic';
import { formatCount } from './format';
import { inferNetwork, sum, type LayerRow, type LayerSpec, type NetworkTable } from './layers';

/** Depthwise stride and pointwise filters (at width 1.0) of MobileNet v1's 13 separable blocks. */
const BLOCKS: readonly (readonly [stride: number, filters: number])[] = [
  [1, 64],
  [2, 128],
  [1, 128],
  [2, 256],
  [1, 256],
  [2, 512],
  [1, 512],
  [1, 512],
  [1, 512],
  [1, 512],
  [1, 512],
  [2, 1024],
  [1, 1024],
];

const IMAGENET_CLASSES = 1000;

/** Keras scales every layer's width by alpha and truncates (`int(filters * alpha)`). */
function scaled(filters: number, alpha: number): number {
  return Math.floor(filters * alpha);
}

/**
 * The layer list of Keras's MobileNet v1 (the model files in public/models), by Keras's layer names:
 * conv1 (3x3, stride 2, 'same'), 13 blocks of depthwise 3x3 + pointwise 1x1 (each followed by batch
 * norm and ReLU6), global average pooling, and the 1x1-convolution classifier over 1000 classes.
 */
export function mobileNetV1Specs(alpha: number): LayerSpec[] {
  const normAndRelu = (base: string): LayerSpec[] => [
    { kind: 'batchNorm', name: `${base}_bn` },
    { kind: 'activation', name: `${base}_relu` },
  ];
  const widest = scaled(BLOCKS[BLOCKS.length - 1][1], alpha);
  return [
    { kind: 'conv', name: 'conv1', filters: scaled(32, alpha), kernel: 3, stride: 2, padding: 'same', bias: false },
    ...normAndRelu('conv1'),
    ...BLOCKS.flatMap(([stride, filters], i): LayerSpec[] => [
      { kind: 'depthwise', name: `conv_dw_${i + 1}`, kernel: 3, stride, padding: 'same' },
      ...normAndRelu(`conv_dw_${i + 1}`),
      { kind: 'conv', name: `conv_pw_${i + 1}`, filters: scaled(filters, alpha), kernel: 1, padding: 'same', bias: false },
      ...normAndRelu(`conv_pw_${i + 1}`),
    ]),
    { kind: 'globalAvgPool', name: 'global_average_pooling2d_1' },
    { kind: 'reshape', name: 'reshape_1', target: [1, 1, widest] },
    { kind: 'dropout', name: 'dropout' },
    { kind: 'conv', name: 'conv_preds', filters: IMAGENET_CLASSES, kernel: 1, padding: 'same' },
    { kind: 'activation', name: 'act_softmax' },
    { kind: 'reshape', name: 'reshape_2', target: [IMAGENET_CLASSES] },
  ];
}

export function mobileNetV1Table(alpha: number, inputSize = 224): NetworkTable {
  const table = inferNetwork(`MobileNet v1 ${alpha} (${inputSize}x${inputSize})`, [inputSize, inputSize, 3], mobileNetV1Specs(alpha));
  const savings = separableSavings(alpha, inputSize);
  const macs = sum(savings.map((b) => b.depthwiseMacs + b.pointwiseMacs));
  const standard = sum(savings.map((b) => b.standardMacs));
  table.notes.push(
    `The 13 depthwise-separable blocks cost ${formatCount(macs)} multiply-adds; standard 3x3 convolutions with the same shapes would cost ${formatCount(standard)} (${(standard / macs).toFixed(1)}x as many).`,
    'Batch norm counts 4 values per channel (scale, shift, moving mean, moving variance), as TF.js countParams does; only the first two are trained.',
  );
  return table;
}

export interface SeparableSaving {
  /** 1..13, as in the layer names conv_dw_N / conv_pw_N. */
  block: number;
  depthwiseMacs: number;
  pointwiseMacs: number;
  /** A standard KxK convolution Cin → Cout with the depthwise layer's stride and padding. */
  standardMacs: number;
  /** (depthwise + pointwise) / standard: 1/Cout + 1/K² for K = 3. */
  macRatio: number;
  depthwiseParams: number;
  pointwiseParams: number;
  standardParams: number;
  paramRatio: number;
}

/** What each separable block saves against the standard convolution it replaces. */
export function separableSavings(alpha: number, inputSize = 224): SeparableSaving[] {
  const rows = new Map(inferNetwork('', [inputSize, inputSize, 3], mobileNetV1Specs(alpha)).rows.map((r) => [r.name, r]));
  const row = (name: string): LayerRow => rows.get(name) as LayerRow;
  return BLOCKS.map((_, i) => {
    const dw = row(`conv_dw_${i + 1}`);
    const pw = row(`conv_pw_${i + 1}`);
    const [h, w, cout] = pw.outputShape;
    const cin = dw.inputShape[2];
    const standardMacs = convMacs(h, w, 3, cin, cout);
    const standardParams = convParams(3, cin, cout, { bias: false });
    return {
      block: i + 1,
      depthwiseMacs: dw.macs,
      pointwiseMacs: pw.macs,
      standardMacs,
      macRatio: (dw.macs + pw.macs) / standardMacs,
      depthwiseParams: dw.params,
      pointwiseParams: pw.params,
      standardParams,
      paramRatio: (dw.params + pw.params) / standardParams,
    };
  });
}
