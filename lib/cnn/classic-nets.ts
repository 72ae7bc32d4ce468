import { convOutputSize } from './arithmetic';
import { formatChange, formatCompact, formatCount } from './format';
import { googLeNetPaperComparison, googLeNetPaperTotal, googLeNetSpecs, type PublishedComparison } from './googlenet';
import { inferNetwork, type InferOptions, type LayerSpec, type NetworkTable, type Shape } from './layers';
import { resNet34Specs } from './resnet';

export type ClassicNetworkId = 'lenet5' | 'alexnet' | 'vgg16' | 'googlenet' | 'resnet34';

export interface ClassicNetwork {
  readonly id: ClassicNetworkId;
  readonly label: string;
  /** Which version the layer list follows. */
  readonly source: string;
  readonly inputShape: Shape;
  readonly specs: readonly LayerSpec[];
  readonly options?: InferOptions;
}

const conv = (name: string, filters: number, kernel: number, more: { stride?: number; padding?: 'same' | 'valid'; groups?: number } = {}): LayerSpec => ({ kind: 'conv', name, filters, kernel, ...more });
const maxPool = (name: string, size: number, stride: number): LayerSpec => ({ kind: 'pool', name, mode: 'max', size, stride });
const dense = (name: string, units: number): LayerSpec => ({ kind: 'dense', name, units });

/** The chapter's LeNet-5-like example; `conv1Filters` 8 is the course slide's variant. */
function leNet5Specs(conv1Filters = 6): LayerSpec[] {
  const avgPool = (name: string): LayerSpec => ({ kind: 'pool', name, mode: 'avg', size: 2, stride: 2 });
  return [conv('CONV1', conv1Filters, 5), avgPool('POOL1'), conv('CONV2', 16, 5), avgPool('POOL2'), { kind: 'flatten', name: 'flatten' }, dense('FC3', 120), dense('FC4', 84), dense('softmax', 10)];
}

/** The chapter's single-tower AlexNet; `groups` 2 splits conv2, conv4 and conv5 over the paper's two GPUs. */
function alexNetSpecs(groups = 1): LayerSpec[] {
  const split = groups > 1 ? { groups } : {};
  return [
    conv('conv1', 96, 11, { stride: 4 }),
    maxPool('pool1', 3, 2),
    conv('conv2', 256, 5, { padding: 'same', ...split }),
    maxPool('pool2', 3, 2),
    conv('conv3', 384, 3, { padding: 'same' }),
    conv('conv4', 384, 3, { padding: 'same', ...split }),
    conv('conv5', 256, 3, { padding: 'same', ...split }),
    maxPool('pool5', 3, 2),
    { kind: 'flatten', name: 'flatten' },
    dense('fc6', 4096),
    dense('fc7', 4096),
    dense('fc8 (softmax)', 1000),
  ];
}

function vgg16Specs(): LayerSpec[] {
  const blocks: [count: number, filters: number][] = [
    [2, 64],
    [2, 128],
    [3, 256],
    [3, 512],
    [3, 512],
  ];
  return [
    ...blocks.flatMap(([count, filters], b) => [...Array.from({ length: count }, (_, i) => conv(`conv${b + 1}_${i + 1}`, filters, 3, { padding: 'same' })), maxPool(`pool${b + 1}`, 2, 2)]),
    { kind: 'flatten', name: 'flatten' },
    dense('fc6', 4096),
    dense('fc7', 4096),
    dense('fc8 (softmax)', 1000),
  ];
}

export const CLASSIC_NETWORKS: Readonly<Record<ClassicNetworkId, ClassicNetwork>> = {
  lenet5: { id: 'lenet5', label: 'LeNet-5', source: "The chapter's LeNet-5-like example (32x32x3, average pooling, softmax)", inputShape: [32, 32, 3], specs: leNet5Specs() },
  alexnet: { id: 'alexnet', label: 'AlexNet', source: "The chapter's single-tower AlexNet (Krizhevsky et al. 2012 without the two-GPU split and LRN)", inputShape: [227, 227, 3], specs: alexNetSpecs() },
  vgg16: { id: 'vgg16', label: 'VGG-16', source: 'Simonyan and Zisserman 2014, configuration D', inputShape: [224, 224, 3], specs: vgg16Specs() },
  googlenet: { id: 'googlenet', label: 'GoogLeNet', source: 'Szegedy et al. 2014, Table 1 (Inception v1, main tower, no auxiliary classifiers)', inputShape: [224, 224, 3], specs: googLeNetSpecs() },
  resnet34: { id: 'resnet34', label: 'ResNet-34', source: 'He et al. 2015, Table 1, with 1x1 projection shortcuts where the shape changes (as torchvision)', inputShape: [224, 224, 3], specs: resNet34Specs(), options: { countBatchNormStatistics: false } },
};

export const CLASSIC_NETWORK_IDS = Object.keys(CLASSIC_NETWORKS) as ClassicNetworkId[];

export function isClassicNetworkId(value: string): value is ClassicNetworkId {
  return Object.hasOwn(CLASSIC_NETWORKS, value);
}

/** The network's rows and totals, with notes comparing them to what the chapter and papers say. */
export function classicNetworkTable(id: ClassicNetworkId): NetworkTable {
  const net = CLASSIC_NETWORKS[id];
  const table = inferNetwork(net.label, net.inputShape, net.specs, net.options);
  table.notes.unshift(`Follows: ${net.source}.`);
  table.notes.push(...NOTES[id](table));
  return table;
}

const params = (table: NetworkTable, names: readonly string[]) => names.map((n) => formatCount(table.rows.find((r) => r.name === n)?.params ?? Number.NaN)).join(', ');

const NOTES: Record<ClassicNetworkId, (table: NetworkTable) => string[]> = {
  lenet5: (table) => {
    const grey = inferNetwork('', [32, 32, 1], leNet5Specs());
    const slide = inferNetwork('', [32, 32, 3], leNet5Specs(8));
    return [
      `${formatCount(table.totalParams)} parameters, in line with the chapter's "about 60K"; on LeCun's 32x32x1 input CONV1 has 156 and the total is ${formatCount(grey.totalParams)}. The 1998 paper also wired CONV2 to only some maps (1,516 parameters, not 2,416) and ended in RBF units.`,
      `The course slide's table for its 8-filter variant lists 208, 416, 48,001, 10,081 and 841 parameters; the formulas give ${params(slide, ['CONV1', 'CONV2', 'FC3', 'FC4', 'softmax'])}: the slide leaves out the input channels of each filter and counts one bias per layer instead of one per unit.`,
    ];
  },
  alexnet: (table) => {
    const twoGpu = inferNetwork('', [227, 227, 3], alexNetSpecs(2));
    const paperInput = convOutputSize(224, 11, 0, 4);
    const fits = paperInput.ok ? 'fits' : `does not fit it: (224 − 11)/4 = ${(224 - 11) / 4} is not whole`;
    return [
      `Single tower: ${formatCount(table.totalParams)} parameters. The paper's two-GPU split (conv2, conv4 and conv5 see only their own GPU's half of the channels) has ${formatCount(twoGpu.totalParams)}: the paper's "60 million".`,
      `${formatCount(table.rows.filter((r) => r.type === 'Dense').reduce((n, r) => n + r.params, 0))} of the parameters (${share(table, 'Dense')}) sit in the three dense layers.`,
      `The paper says 224x224x3, but conv1 ${fits}; 227x227x3 gives (227 − 11)/4 + 1 = 55, the paper's 55x55x96.`,
    ];
  },
  vgg16: (table) => [
    `${formatCount(table.totalParams)} parameters (the paper's 138M); ${share(table, 'Dense')} of them are in the three dense layers, fc6 alone has ${formatCount(table.rows.find((r) => r.name === 'fc6')?.params ?? 0)}.`,
    `${formatCompact(table.totalMacs)} multiply-adds per 224x224 image, against ${formatCompact(inferNetwork('', [227, 227, 3], alexNetSpecs()).totalMacs)} for AlexNet.`,
  ],
  googlenet: (table) => googLeNetNotes(table, googLeNetPaperComparison()),
  resnet34: (table) => {
    const keras = inferNetwork('', [224, 224, 3], resNet34Specs(), { countBatchNormStatistics: true });
    return [
      `Counted: every convolution's weights (no biases: batch norm follows each), batch norm's scale and shift (2 per channel), the three 1x1 projection shortcuts, and the 1000-way dense layer with biases: ${formatCount(table.totalParams)}, torchvision's resnet34 count. Adding batch norm's moving mean and variance, as Keras's countParams does, gives ${formatCount(keras.totalParams)}.`,
      `${formatCompact(table.totalMacs)} multiply-adds per image; the paper's Table 1 gives 3.6 billion FLOPs (multiply-adds).`,
    ];
  },
};

function googLeNetNotes(table: NetworkTable, comparison: readonly PublishedComparison[]): string[] {
  const within = (a: number, b: number) => Math.abs(a / b - 1) <= 0.02;
  const exact = comparison.filter((c) => c.agrees).map((c) => c.row);
  const rows = comparison
    .filter((c) => !c.agrees)
    .map((c) => {
      const paperWeights = c.computedWeights / (1 + c.paramDifference);
      const cause = within(c.weightsImpliedByPaperOps, c.computedWeights)
        ? `its own ops imply ${formatCount(c.weightsImpliedByPaperOps)} weights, as computed, so the params figure is the slip`
        : within(c.weightsImpliedByPaperOps, paperWeights)
          ? `its params and ops agree with each other (ops imply ${formatCount(c.weightsImpliedByPaperOps)} weights) but not with the layer its table describes`
          : `neither figure fits (ops imply ${formatCount(c.weightsImpliedByPaperOps)} weights)`;
      return `${c.row}: paper ${c.paperParams} / ${formatCompact(c.paperMacs)} ops, computed ${formatCount(c.computedWeights)} weights (${(c.computedWeights / 1024).toFixed(1)}K, ${formatChange(c.paramDifference)}) / ${formatCompact(c.computedMacs)} (${formatChange(c.macDifference)}); ${cause}.`;
    });
  const weights = comparison.reduce((n, c) => n + c.computedWeights, 0);
  return [
    `The paper's params column counts weights without biases in K = 1,024; it matches the computation to its printed precision for ${exact.slice(0, -1).join(', ')} and ${exact[exact.length - 1]} only.`,
    ...rows,
    `Total: the paper's column adds up to ${formatCount(Math.round(googLeNetPaperTotal() / 102.4) / 10)}K, its "about 6.8M" (${formatCount(Math.round(googLeNetPaperTotal()))} weights with K = 1,024); computed: ${formatCount(weights)} weights, ${formatCount(table.totalParams)} with biases, about 7.0M.`,
    `${formatCompact(table.totalMacs)} multiply-adds per image, near the paper's budget of 1.5 billion.`,
  ];
}

function share(table: NetworkTable, type: string): string {
  const part = table.rows.filter((r) => r.type === type).reduce((n, r) => n + r.params, 0);
  return `${((part / table.totalParams) * 100).toFixed(0)}%`;
}
