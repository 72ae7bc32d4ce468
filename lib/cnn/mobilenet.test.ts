import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLayersModelFromDisk, realModelDir } from '../finetune/test-models';
import { mobileNetV1Table, separableSavings } from './mobilenet';

const MODELS = [
  { alpha: 0.25, dir: realModelDir('mobilenet_v1_025_224') },
  { alpha: 0.75, dir: realModelDir('mobilenet_v1_075_224') },
] as const;
const HAVE_MODELS = MODELS.every(({ dir }) => fs.existsSync(path.join(dir, 'model.json')));
if (!HAVE_MODELS) console.warn('Skipping the MobileNet layer check: public/models has no model files (npm install copies them there).');

describe.skipIf(!HAVE_MODELS)('mobileNetV1Table against the real Keras models', () => {
  for (const { alpha, dir } of MODELS) {
    it(`matches TF.js's shape and parameter count for every layer of MobileNet v1 ${alpha}`, async () => {
      const model = await loadLayersModelFromDisk(dir);
      const table = mobileNetV1Table(alpha);
      const [input, ...layers] = model.layers;
      expect(input.getClassName()).toBe('InputLayer');
      expect(table.rows[0].inputShape).toEqual((input.outputShape as number[]).slice(1));
      const actual = layers.map((l) => ({ name: l.name, type: l.getClassName(), outputShape: (l.outputShape as number[]).slice(1), params: l.countParams() }));
      const computed = table.rows.map((r) => ({ name: r.name, type: r.type, outputShape: r.outputShape, params: r.params }));
      expect(computed).toEqual(actual);
      expect(table.totalParams).toBe(model.countParams());
      model.dispose();
    });
  }
});

describe('mobileNetV1Table', () => {
  it('gives the known totals: 0.25 has 475,544 parameters and 0.75 has 2,601,976', () => {
    expect(mobileNetV1Table(0.25).totalParams).toBe(475_544);
    expect(mobileNetV1Table(0.75).totalParams).toBe(2_601_976);
  });

  it('shrinks 224 to 7 through five stride-2 layers', () => {
    const rows = mobileNetV1Table(0.25).rows;
    expect(rows.find((r) => r.name === 'conv1')?.outputShape).toEqual([112, 112, 8]);
    expect(rows.find((r) => r.name === 'conv_pw_13_relu')?.outputShape).toEqual([7, 7, 256]);
  });
});

describe('separableSavings', () => {
  it('costs 1/Cout + 1/9 of a standard 3x3 convolution in every block', () => {
    const blocks = separableSavings(0.25);
    expect(blocks).toHaveLength(13);
    const first = blocks[0];
    // Block 1 of 0.25: 112x112, 8 → 16 channels.
    expect(first.depthwiseMacs).toBe(112 * 112 * 8 * 9);
    expect(first.pointwiseMacs).toBe(112 * 112 * 8 * 16);
    expect(first.standardMacs).toBe(112 * 112 * 16 * 9 * 8);
    expect(first.depthwiseParams).toBe(72);
    expect(first.pointwiseParams).toBe(128);
    expect(first.standardParams).toBe(1152);
    for (const b of [...blocks, ...separableSavings(0.75)]) {
      const cout = b.pointwiseParams / (b.depthwiseParams / 9);
      expect(b.macRatio).toBeCloseTo(1 / cout + 1 / 9, 12);
      expect(b.paramRatio).toBeCloseTo(1 / cout + 1 / 9, 12);
    }
  });
});
