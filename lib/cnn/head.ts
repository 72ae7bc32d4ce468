import type { HeadShape } from '../train';
import { inferNetwork, sum, type LayerRow, type NetworkTable } from './layers';

/** What fixes the head's layers; the seed only changes the starting weights. `handOnlyVote`: the head answers as `withHandOnlyVote` makes it. */
export type HeadLayout = Omit<HeadShape, 'seed'> & { readonly handOnlyVote?: boolean };

/**
 * Rows of the head `createHeadModel` builds for `layout`, in TF.js's layer order (input layers left
 * out): dense ReLU (when hiddenUnits > 0) → dense softmax; or, with branches, the image and landmark
 * branches' dense ReLU layers → concatenation → dense softmax.
 */
export function headTable(layout: HeadLayout): NetworkTable {
  const table = trainedHeadTable(layout);
  if (!layout.handOnlyVote) return table;
  // Each dense layer reads two rows (as it is, and with the image part zeroed), then the two answers are averaged.
  const rows = table.rows.map((row) => (row.type === 'Dense' ? { ...row, macs: 2 * row.macs } : row));
  const mean: LayerRow = { name: 'mean with the landmarks-only answer', type: 'GlobalAveragePooling1D', kernel: null, stride: null, padding: null, inputShape: [2, layout.classCount], outputShape: [layout.classCount], params: 0, macs: 0 };
  return {
    ...table,
    rows: [...rows, mean],
    totalMacs: 2 * table.totalMacs,
    notes: [...table.notes, 'Trained with image dropout, the head answers with the mean of two readings of each row: as it is, and with the image part zeroed (landmarks alone). Every layer reads both, so the multiply-adds double; no weight is added.'],
  };
}

function trainedHeadTable(layout: HeadLayout): NetworkTable {
  const { embeddingSize, classCount, hiddenUnits, branches } = layout;
  if (!branches) {
    const hidden = hiddenUnits > 0 ? [{ kind: 'dense' as const, name: 'hidden (relu)', units: hiddenUnits }] : [];
    const table = inferNetwork('Trained head', [embeddingSize], [...hidden, { kind: 'dense', name: 'output (softmax)', units: classCount }]);
    table.notes.push(hiddenUnits > 0 ? `Each dense layer has inputs × units weights plus one bias per unit.` : 'No hidden layer: a softmax regression on the embedding (inputs × classes weights plus one bias per class).');
    return table;
  }
  // createHeadModel gives the image branch at least one unit, even with hiddenUnits 0.
  const imageUnits = Math.max(1, hiddenUnits);
  const image = inferNetwork('', [branches.split], [{ kind: 'dense', name: 'image hidden (relu)', units: imageUnits }]).rows;
  const hand = inferNetwork('', [embeddingSize - branches.split], [{ kind: 'dense', name: 'landmark hidden (relu)', units: branches.units }]).rows;
  const joined = imageUnits + branches.units;
  const concat: LayerRow = { name: `concat ${imageUnits} + ${branches.units}`, type: 'Concatenate', kernel: null, stride: null, padding: null, inputShape: [joined], outputShape: [joined], params: 0, macs: 0 };
  const output = inferNetwork('', [joined], [{ kind: 'dense', name: 'output (softmax)', units: classCount }]).rows;
  const rows = [...image, ...hand, concat, ...output];
  return {
    name: 'Trained head (two branches)',
    rows,
    totalParams: sum(rows.map((r) => r.params)),
    totalMacs: sum(rows.map((r) => r.macs)),
    notes: [`The ${branches.split} embedding values and the ${embeddingSize - branches.split} landmark values each get their own hidden layer, so the few landmark values are not drowned among the embedding's.`],
  };
}
