import type { LayerSpec } from './layers';

/** ResNet-34's four stages of basic blocks: [blocks, filters]. Each stage after the first halves the grid. */
const STAGES: readonly (readonly [blocks: number, filters: number])[] = [
  [3, 64],
  [4, 128],
  [6, 256],
  [3, 512],
];

/**
 * ResNet-34 (He et al. 2015, Table 1) with the paper's option B: identity shortcuts, and 1x1
 * projection shortcuts (+ batch norm) where a block changes the shape. Names follow torchvision's
 * resnet34 (layer1.0 … layer4.2), whose parameter count is the reference.
 */
export function resNet34Specs(): LayerSpec[] {
  return [
    { kind: 'conv', name: 'conv1', filters: 64, kernel: 7, stride: 2, padding: 3, bias: false },
    { kind: 'batchNorm', name: 'bn1' },
    { kind: 'activation', name: 'relu' },
    { kind: 'pool', name: 'maxpool', mode: 'max', size: 3, stride: 2, padding: 1 },
    ...STAGES.flatMap(([blocks, filters], stage) =>
      Array.from({ length: blocks }, (_, i): LayerSpec => ({ kind: 'residual', name: `layer${stage + 1}.${i}`, filters, stride: stage > 0 && i === 0 ? 2 : 1 })),
    ),
    { kind: 'globalAvgPool', name: 'avgpool' },
    { kind: 'dense', name: 'fc', units: 1000 },
  ];
}
