import * as tf from '@tensorflow/tfjs';

/** The small classifier trained in the page on top of the frozen backbone's embeddings. */
export interface Head {
  readonly classNames: readonly string[];
  readonly embeddingSize: number;
  /** `embeddings`: [batch, embeddingSize] → probabilities [batch, classes]; the caller disposes. */
  predict(embeddings: tf.Tensor2D): tf.Tensor2D;
  /** The network's topology and weights, as `tf.io.withSaveHandler` receives them; `loadHead` turns them back into a head. */
  save(): Promise<tf.io.ModelArtifacts>;
  dispose(): void;
}

export interface HeadShape {
  readonly embeddingSize: number;
  readonly classCount: number;
  /** Units of the hidden ReLU layer; 0 means a plain softmax regression on the embedding. */
  readonly hiddenUnits: number;
  readonly seed: number;
  /**
   * Two branches instead of one dense layer over the whole row: the first `split` values (the image
   * embedding) and the rest (hand landmarks) each get their own hidden layer before the softmax, so
   * the few landmark values are not drowned among hundreds of embedding values.
   */
  readonly branches?: { readonly split: number; readonly units: number };
}

/** Hidden units of the landmark branch of a two-branch head: 87 landmark features need few. */
export const LANDMARK_BRANCH_UNITS = 32;

/**
 * Builds the (untrained) head network: [batch, embeddingSize] → dense ReLU → dense softmax; or, with
 * `branches`, two inputs ([batch, split] and [batch, embeddingSize - split]) → a dense ReLU each →
 * concatenated → dense softmax (`createHead` splits the row for it).
 */
export function createHeadModel({ embeddingSize, classCount, hiddenUnits, seed, branches }: HeadShape): tf.LayersModel {
  if (branches) return createBranchedHeadModel(embeddingSize, classCount, hiddenUnits, seed, branches);
  const model = tf.sequential();
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  if (hiddenUnits > 0) {
    model.add(tf.layers.dense({ inputShape: [embeddingSize], units: hiddenUnits, activation: 'relu', kernelInitializer: init(0) }));
  }
  model.add(
    tf.layers.dense({
      ...(hiddenUnits > 0 ? {} : { inputShape: [embeddingSize] }),
      units: classCount,
      activation: 'softmax',
      kernelInitializer: init(1),
    }),
  );
  return model;
}

function createBranchedHeadModel(embeddingSize: number, classCount: number, hiddenUnits: number, seed: number, branches: { split: number; units: number }): tf.LayersModel {
  if (!(branches.split > 0 && branches.split < embeddingSize)) throw new RangeError(`A branch split must fall inside the row (1..${embeddingSize - 1}), not ${branches.split}.`);
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  const image = tf.input({ shape: [branches.split] });
  const hand = tf.input({ shape: [embeddingSize - branches.split] });
  const imageHidden = tf.layers.dense({ units: Math.max(1, hiddenUnits), activation: 'relu', kernelInitializer: init(0) }).apply(image) as tf.SymbolicTensor;
  const handHidden = tf.layers.dense({ units: branches.units, activation: 'relu', kernelInitializer: init(2) }).apply(hand) as tf.SymbolicTensor;
  const joined = tf.layers.concatenate().apply([imageHidden, handHidden]) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: classCount, activation: 'softmax', kernelInitializer: init(1) }).apply(joined) as tf.SymbolicTensor;
  return tf.model({ inputs: [image, hand], outputs: output });
}

/**
 * The trained head as it answers once image dropout trained it: the mean of its probabilities for the
 * row as it is and for the row with the image part (the first `split` values) zeroed. The head learnt
 * such rows as well, so the second answer rests on the hand's landmarks alone, and where the crop
 * misleads (another background, other light, a hand cut by the frame) the mean leans on it less
 * (issue 11; README, *Robustness*). Both answers come from one pass: each row and its zeroed copy go
 * through the same dense layers side by side ([batch, 2, …]; a dense layer acts on the last axis), then
 * the two answers are averaged. The new model has its own copies of `trained`'s weights and no others,
 * so it saves, loads and exports like any head; `trained` stays the caller's to dispose.
 */
export function withHandOnlyVote(trained: tf.LayersModel, split: number): tf.LayersModel {
  const dense = trained.layers.filter((layer) => layer.getClassName() === 'Dense');
  const widths = trained.inputs.map((input) => input.shape[1] as number);
  const copy = (layer: tf.layers.Layer) => {
    const { units, activation } = layer.getConfig() as { units: number; activation: 'relu' | 'softmax' };
    return tf.layers.dense({ units, activation, weights: layer.getWeights() });
  };
  const inputs = widths.map((width) => tf.input({ shape: [width] }));
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(x) as tf.SymbolicTensor;
  const asRow = (x: tf.SymbolicTensor) => apply(tf.layers.reshape({ targetShape: [1, x.shape[1] as number] }), x);
  const side = (a: tf.SymbolicTensor, b: tf.SymbolicTensor) => apply(tf.layers.concatenate({ axis: 1 }), [a, b]);
  let answers: tf.SymbolicTensor;
  if (inputs.length === 1) {
    const [row] = inputs;
    if (!(split > 0 && split < widths[0])) throw new RangeError(`The image part must fall inside the row (1..${widths[0] - 1}), not ${split}.`);
    answers = dense.map(copy).reduce((x, layer) => apply(layer, x), side(asRow(row), zeroedFirst(row, split)));
  } else {
    // Two branches (createBranchedHeadModel): the image part's layer, the landmarks', then the one over both.
    const [image, hand] = inputs;
    const [imageLayer, handLayer, outputLayer] = dense.map(copy);
    const joined = apply(tf.layers.concatenate(), [apply(imageLayer, side(asRow(image), zerosFrom(image, widths[0]))), apply(handLayer, side(asRow(hand), asRow(hand)))]);
    answers = apply(outputLayer, joined);
  }
  return tf.model({ inputs, outputs: apply(tf.layers.globalAveragePooling1d(), answers) });
}

// Shape layers alone (no weights) zero values inside the graph: a row is stood on end as a column
// [n, 1, 1], and cropping and zero padding, which act on such columns, cut values off and put zeros back.

/** [batch, n] → [batch, 1, n] with the first `count` values zeroed. */
function zeroedFirst(values: tf.SymbolicTensor, count: number): tf.SymbolicTensor {
  const n = values.shape[1] as number;
  const column = tf.layers.reshape({ targetShape: [n, 1, 1] }).apply(values);
  const kept = tf.layers.cropping2D({ cropping: [[count, 0], [0, 0]] }).apply(column);
  const padded = tf.layers.zeroPadding2d({ padding: [[count, 0], [0, 0]] }).apply(kept);
  return tf.layers.reshape({ targetShape: [1, n] }).apply(padded) as tf.SymbolicTensor;
}

/** [batch, m] → [batch, 1, count] of zeros (made from `values` so it has their batch size). */
function zerosFrom(values: tf.SymbolicTensor, count: number): tf.SymbolicTensor {
  const m = values.shape[1] as number;
  const column = tf.layers.reshape({ targetShape: [m, 1, 1] }).apply(values);
  const padded = tf.layers.zeroPadding2d({ padding: [[count, 0], [0, 0]] }).apply(column);
  const zeros = tf.layers.cropping2D({ cropping: [[0, m], [0, 0]] }).apply(padded);
  return tf.layers.reshape({ targetShape: [1, count] }).apply(zeros) as tf.SymbolicTensor;
}

/** The model's inputs for rows [batch, embeddingSize]: the row itself, or its two branches' parts. */
export function headInputs(model: tf.LayersModel, rows: tf.Tensor2D): tf.Tensor2D | tf.Tensor2D[] {
  if (model.inputs.length === 1) return rows;
  const split = model.inputs[0].shape[1] as number;
  return tf.split(rows, [split, rows.shape[1] - split], 1) as tf.Tensor2D[];
}

/** Wraps a trained model; the head owns it from here on. */
export function createHead(model: tf.LayersModel, classNames: readonly string[], embeddingSize: number): Head {
  return {
    classNames: [...classNames],
    embeddingSize,
    predict: (embeddings) => tf.tidy(() => model.predict(headInputs(model, embeddings)) as tf.Tensor2D),
    save: () => saveModelArtifacts(model),
    dispose: () => model.dispose(),
  };
}

/**
 * A layers model's topology and weights in plain memory (weights as one buffer of float32 values,
 * named and shaped by `weightSpecs`), as `tf.io.withSaveHandler` receives them: what a trained model
 * is kept, saved and exported as. `tf.loadLayersModel(tf.io.fromMemory(artifacts))` rebuilds it.
 */
export async function saveModelArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('The trained model could not be saved.');
  return saved;
}

/**
 * Rebuilds a head saved by `Head.save` (topology and weights from `tf.io.withSaveHandler`). Rejects
 * when the network does not take rows of `embeddingSize` or give one output per class name. The
 * head is the caller's to dispose.
 */
export async function loadHead(artifacts: tf.io.ModelArtifacts, classNames: readonly string[], embeddingSize: number): Promise<Head> {
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  const inputSize = model.inputs.reduce((n, input) => n + (input.shape[1] ?? 0), 0);
  const outputSize = model.outputs[0]?.shape[1];
  if (model.outputs.length !== 1 || inputSize !== embeddingSize || outputSize !== classNames.length) {
    model.dispose();
    throw new Error(`The saved head takes ${inputSize} values and gives ${String(outputSize)}; expected ${embeddingSize} and ${classNames.length}.`);
  }
  return createHead(model, classNames, embeddingSize);
}

/** A saved model that cannot be rebuilt for the project as it is now (another backbone, other classes): the message ends "train again". */
export class ModelRestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelRestoreError';
  }
}
