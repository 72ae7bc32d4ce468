import { describe, expect, it } from 'vitest';
import { createHeadModel, LANDMARK_BRANCH_UNITS, withHandOnlyVote, type HeadShape } from '../train';
import { headTable } from './head';

const LAYOUTS: HeadShape[] = [
  { embeddingSize: 256, classCount: 5, hiddenUnits: 100, seed: 1 },
  { embeddingSize: 768, classCount: 3, hiddenUnits: 0, seed: 1 },
  { embeddingSize: 256 + 87, classCount: 10, hiddenUnits: 64, seed: 1, branches: { split: 256, units: LANDMARK_BRANCH_UNITS } },
  { embeddingSize: 768 + 87, classCount: 4, hiddenUnits: 0, seed: 1, branches: { split: 768, units: LANDMARK_BRANCH_UNITS } },
];

describe('headTable', () => {
  for (const layout of LAYOUTS) {
    it(`matches TF.js for ${layout.branches ? 'a two-branch' : 'a one-layer'} head, ${layout.embeddingSize} → ${layout.hiddenUnits} → ${layout.classCount}`, () => {
      const model = createHeadModel(layout);
      const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
      const table = headTable(layout);
      expect(table.rows.map((r) => ({ type: r.type, outputShape: r.outputShape, params: r.params }))).toEqual(
        layers.map((l) => ({ type: l.getClassName(), outputShape: (l.outputShape as number[]).slice(1), params: l.countParams() })),
      );
      expect(table.totalParams).toBe(model.countParams());
      model.dispose();
    });
  }

  it('shows a head that votes with its landmarks-only answer: same weights as TF.js counts, twice the multiply-adds, the mean last', () => {
    for (const layout of [LAYOUTS[0], LAYOUTS[2]]) {
      const trained = createHeadModel(layout);
      const voted = withHandOnlyVote(trained, layout.branches?.split ?? 200);
      const plain = headTable(layout);
      const table = headTable({ ...layout, handOnlyVote: true });
      expect(table.totalParams).toBe(voted.countParams());
      expect(table.totalMacs).toBe(2 * plain.totalMacs);
      expect(table.rows.at(-1)).toMatchObject({ type: 'GlobalAveragePooling1D', outputShape: (voted.outputs[0].shape as number[]).slice(1) });
      trained.dispose();
      voted.dispose();
    }
  });

  it('counts multiply-adds as inputs × units per dense layer', () => {
    const table = headTable(LAYOUTS[0]);
    expect(table.rows.map((r) => r.macs)).toEqual([256 * 100, 100 * 5]);
    expect(table.rows[0].params).toBe(25_700);
  });
});
