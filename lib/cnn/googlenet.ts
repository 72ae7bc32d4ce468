import { inferNetwork, sum, type InceptionSpec, type LayerSpec } from './layers';

type Module = Omit<InceptionSpec, 'kind' | 'bias'>;

/** Szegedy et al. 2014, Table 1: #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj. */
const module = (name: string, n1x1: number, n3x3reduce: number, n3x3: number, n5x5reduce: number, n5x5: number, poolProj: number): Module => ({ name, n1x1, n3x3reduce, n3x3, n5x5reduce, n5x5, poolProj });

const STAGES: readonly (readonly Module[])[] = [
  [module('inception_3a', 64, 96, 128, 16, 32, 32), module('inception_3b', 128, 128, 192, 32, 96, 64)],
  [
    module('inception_4a', 192, 96, 208, 16, 48, 64),
    module('inception_4b', 160, 112, 224, 24, 64, 64),
    module('inception_4c', 128, 128, 256, 24, 64, 64),
    module('inception_4d', 112, 144, 288, 32, 64, 64),
    module('inception_4e', 256, 160, 320, 32, 128, 128),
  ],
  [module('inception_5a', 256, 160, 320, 32, 128, 128), module('inception_5b', 384, 192, 384, 48, 128, 128)],
];

/**
 * GoogLeNet (Inception v1) as in the paper's table: the main tower only (the two auxiliary
 * classifiers are dropped at inference), local response normalisation left out (no parameters).
 */
export function googLeNetSpecs(): LayerSpec[] {
  const pool = (name: string): LayerSpec => ({ kind: 'pool', name, mode: 'max', size: 3, stride: 2, padding: 'same' });
  return [
    { kind: 'conv', name: 'conv1 7x7/2', filters: 64, kernel: 7, stride: 2, padding: 'same' },
    pool('maxpool1 3x3/2'),
    { kind: 'conv', name: 'conv2 reduce 1x1', filters: 64, kernel: 1 },
    { kind: 'conv', name: 'conv2 3x3', filters: 192, kernel: 3, padding: 'same' },
    pool('maxpool2 3x3/2'),
    ...STAGES.flatMap((modules, i): LayerSpec[] => [...modules.map((m): LayerSpec => ({ kind: 'inception', ...m })), ...(i < STAGES.length - 1 ? [pool(`maxpool${i + 3} 3x3/2`)] : [])]),
    { kind: 'pool', name: 'avgpool 7x7/1', mode: 'avg', size: 7, stride: 1 },
    { kind: 'dropout', name: 'dropout (40%)' },
    { kind: 'flatten', name: 'flatten' },
    { kind: 'dense', name: 'linear', units: 1000 },
  ];
}

/** The paper's "params" and "ops" columns, per row of its table, with the layers of ours each row covers. */
const PUBLISHED: readonly { row: string; layers: readonly string[]; paramsK: number; opsM: number }[] = [
  { row: 'convolution 7x7/2', layers: ['conv1 7x7/2'], paramsK: 2.7, opsM: 34 },
  { row: 'convolution 3x3/1', layers: ['conv2 reduce 1x1', 'conv2 3x3'], paramsK: 112, opsM: 360 },
  ...[
    ['3a', 159, 128],
    ['3b', 380, 304],
    ['4a', 364, 73],
    ['4b', 437, 88],
    ['4c', 463, 100],
    ['4d', 580, 119],
    ['4e', 840, 170],
    ['5a', 1072, 54],
    ['5b', 1388, 71],
  ].map(([id, paramsK, opsM]) => ({ row: `inception (${id})`, layers: [`inception_${id}`], paramsK: paramsK as number, opsM: opsM as number })),
  { row: 'linear', layers: ['linear'], paramsK: 1000, opsM: 1 },
];

/** The paper's K is 1,024: conv2's 114,688 weights are its "112K", the linear layer's 1,024,000 its "1000K". */
const PAPER_K = 1024;

export interface PublishedComparison {
  row: string;
  /** As printed, e.g. "2.7K" (K = 1,024 weights, biases not counted). */
  paperParams: string;
  /** Weights only, as the paper counts them. */
  computedWeights: number;
  /** Weights plus biases. */
  computedParams: number;
  /** computedWeights / paper's figure − 1. */
  paramDifference: number;
  /** The paper's ops (multiply-adds), e.g. 34e6 for "34M". */
  paperMacs: number;
  computedMacs: number;
  macDifference: number;
  /**
   * The weights the paper's own ops figure implies (ops / output positions): when this matches the
   * paper's params but not ours, the paper counted a different layer; when it matches ours, the
   * params figure alone is the misprint.
   */
  weightsImpliedByPaperOps: number;
  /** Both published figures equal ours rounded to the precision they are printed with. */
  agrees: boolean;
}

/** Every row of the paper's table recomputed, to settle its parameter column. */
export function googLeNetPaperComparison(): PublishedComparison[] {
  const specs = googLeNetSpecs();
  const withBias = rowsByName(specs);
  const weightsOnly = rowsByName(specs.map((s) => (s.kind === 'conv' || s.kind === 'dense' || s.kind === 'inception' ? { ...s, bias: false } : s)));
  return PUBLISHED.map(({ row, layers, paramsK, opsM }) => {
    const total = (rows: Map<string, { params: number; macs: number }>, key: 'params' | 'macs') => sum(layers.map((l) => rows.get(l)?.[key] ?? Number.NaN));
    const computedWeights = total(weightsOnly, 'params');
    const computedMacs = total(withBias, 'macs');
    return {
      row,
      paperParams: `${paramsK}K`,
      computedWeights,
      computedParams: total(withBias, 'params'),
      paramDifference: computedWeights / (paramsK * PAPER_K) - 1,
      paperMacs: opsM * 1e6,
      computedMacs,
      macDifference: computedMacs / (opsM * 1e6) - 1,
      weightsImpliedByPaperOps: Math.round((opsM * 1e6 * computedWeights) / computedMacs),
      agrees: roundsTo(computedWeights / PAPER_K, paramsK) && roundsTo(computedMacs / 1e6, opsM),
    };
  });
}

/** The sum of the paper's params column in weights (its "about 6.8M" reads K as 1,000). */
export function googLeNetPaperTotal(): number {
  return sum(PUBLISHED.map((p) => p.paramsK * PAPER_K));
}

/** Whether `value` printed with as many decimals as `printed` has reads `printed` (halves either way). */
function roundsTo(value: number, printed: number): boolean {
  const decimals = String(printed).split('.')[1]?.length ?? 0;
  return Math.abs(value - printed) <= 0.5 * 10 ** -decimals + 1e-9;
}

function rowsByName(specs: readonly LayerSpec[]): Map<string, { params: number; macs: number }> {
  return new Map(inferNetwork('', [224, 224, 3], specs).rows.map((r) => [r.name, r]));
}
