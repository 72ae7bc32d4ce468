import { describe, expect, it } from 'vitest';
import { CLASSIC_NETWORK_IDS, classicNetworkTable } from './classic-nets';
import { googLeNetPaperComparison, googLeNetPaperTotal } from './googlenet';

const summary = (id: Parameters<typeof classicNetworkTable>[0]) => classicNetworkTable(id).rows.map((r) => [r.name, r.outputShape.join('x'), r.params]);

describe('classicNetworkTable', () => {
  it('gives the chapter figures for LeNet-5 on 32x32x3', () => {
    expect(summary('lenet5')).toEqual([
      ['CONV1', '28x28x6', 456],
      ['POOL1', '14x14x6', 0],
      ['CONV2', '10x10x16', 2_416],
      ['POOL2', '5x5x16', 0],
      ['flatten', '400', 0],
      ['FC3', '120', 48_120],
      ['FC4', '84', 10_164],
      ['softmax', '10', 850],
    ]);
    expect(classicNetworkTable('lenet5').totalParams).toBe(62_006);
  });

  it('gives AlexNet 62,378,344 parameters as one tower and 60,965,224 split over two GPUs', () => {
    const table = classicNetworkTable('alexnet');
    expect(table.totalParams).toBe(62_378_344);
    expect(table.rows.find((r) => r.name === 'pool5')?.outputShape).toEqual([6, 6, 256]);
    expect(table.rows.find((r) => r.name === 'flatten')?.outputShape).toEqual([9216]);
    expect(table.notes.join(' ')).toContain('60,965,224');
    expect(table.notes.join(' ')).toContain('(224 − 11)/4 = 53.25 is not whole');
  });

  it('gives VGG-16 138,357,544 parameters', () => {
    const table = classicNetworkTable('vgg16');
    expect(table.totalParams).toBe(138_357_544);
    expect(table.rows.filter((r) => r.type === 'Conv2D')).toHaveLength(13);
    expect(table.rows.find((r) => r.name === 'flatten')?.outputShape).toEqual([25_088]);
  });

  it("gives ResNet-34 torchvision's 21,797,672 parameters, and 21,814,696 counting batch norm's statistics", () => {
    const table = classicNetworkTable('resnet34');
    expect(table.totalParams).toBe(21_797_672);
    expect(table.notes.join(' ')).toContain('21,814,696');
    expect(table.rows.filter((r) => r.type === 'ResidualBlock')).toHaveLength(16);
    expect(table.rows.find((r) => r.name === 'layer4.2')?.outputShape).toEqual([7, 7, 512]);
    // layer2.0: 3x3 64→128, 3x3 128→128, 1x1 64→128 shortcut, three batch norms of 128 (scale, shift).
    expect(table.rows.find((r) => r.name === 'layer2.0')?.params).toBe(9 * 64 * 128 + 9 * 128 * 128 + 64 * 128 + 3 * 2 * 128);
  });

  it("gives GoogLeNet's inception modules the paper's output depths and computed parameters", () => {
    const table = classicNetworkTable('googlenet');
    const modules = table.rows.filter((r) => r.type === 'Inception');
    expect(modules.map((r) => r.outputShape[2])).toEqual([256, 480, 512, 512, 512, 528, 832, 832, 1024]);
    // 3a on 28x28x192: 1x1 64, 1x1 96 → 3x3 128, 1x1 16 → 5x5 32, pool → 1x1 32, with biases.
    expect(modules[0].params).toBe(192 * 64 + 192 * 96 + 9 * 96 * 128 + 192 * 16 + 25 * 16 * 32 + 192 * 32 + (64 + 96 + 128 + 16 + 32 + 32));
    expect(table.totalParams).toBe(6_998_552);
    expect(table.rows.find((r) => r.name === 'linear')?.inputShape).toEqual([1024]);
  });

  it('runs every network without an error and lists notes for each', () => {
    for (const id of CLASSIC_NETWORK_IDS) {
      const table = classicNetworkTable(id);
      expect(table.totalParams).toBe(table.rows.reduce((n, r) => n + r.params, 0));
      expect(table.notes.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('googLeNetPaperComparison', () => {
  it("settles the paper's params column: conv 3x3, 3a and linear match, conv1, 4c and 5a are far off", () => {
    const rows = googLeNetPaperComparison();
    expect(rows.filter((r) => r.agrees).map((r) => r.row)).toEqual(['convolution 3x3/1', 'inception (3a)', 'linear']);
    const byRow = new Map(rows.map((r) => [r.row, r]));
    expect(byRow.get('convolution 7x7/2')?.computedWeights).toBe(7 * 7 * 3 * 64);
    expect(byRow.get('convolution 7x7/2')?.computedParams).toBe(9_472);
    expect(rows.filter((r) => Math.abs(r.paramDifference) > 0.02).map((r) => r.row)).toEqual(['convolution 7x7/2', 'inception (4c)', 'inception (5a)']);
    // 4c's ops match ours, so only its params figure is wrong; 5a's params and ops fit each other, not its columns.
    expect(byRow.get('inception (4c)')?.weightsImpliedByPaperOps).toBeCloseTo(509_440, -4);
    expect(byRow.get('inception (5a)')?.weightsImpliedByPaperOps).toBeCloseTo(1072 * 1024, -4);
  });

  it('sums the paper column to its "about 6.8M" (in K = 1,024) against about 7.0M computed', () => {
    expect(googLeNetPaperTotal() / 1024).toBeCloseTo(6797.7, 1);
    expect(googLeNetPaperComparison().reduce((n, r) => n + r.computedWeights, 0)).toBe(6_990_272);
  });
});
