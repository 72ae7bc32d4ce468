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
