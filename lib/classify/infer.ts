import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../backbone';
import { headFeatures, type InputMode } from '../dataset';
import type { Head } from '../train';

/**
 * What the live loop classifies with: a head on the frozen backbone's embedding, or a fine-tuned
 * network that looks at the pixels itself.
 */
export interface LiveModel {
  readonly classNames: readonly string[];
  /** What the model was trained on: the framing of its pixels and whether it reads landmarks. */
  readonly inputMode: InputMode;
  /** Whether `classify` reads the frozen backbone's embedding (otherwise it is not computed for it). */
  readonly usesEmbedding: boolean;
  /** Whether `classify` reads hand-landmark features (lib/hand), so frames without a hand cannot be classified. */
  readonly usesLandmarks: boolean;
  /**
   * `pixels` [n, 224, 224, 3] 0..255, the frozen backbone's [n, D] embedding of them when
   * `usesEmbedding`, and [n, K] landmark features when `usesLandmarks` → probabilities [n, classes];
   * the caller disposes. Synchronous.
   */
  classify(pixels: tf.Tensor4D, embedding: tf.Tensor2D | null, landmarks: tf.Tensor2D | null): tf.Tensor2D;
  /** A head model's head (for its layer table); absent for a fine-tuned network. The live model owns it: never dispose it. */
  readonly head?: Head;
  /**
   * Its trained weights in plain memory, to keep: autosave, project files, *Export model*, and the
   * rebuild after a lost WebGL context. Leaves no tensor.
   */
  save(): Promise<SavedWeights>;
  dispose(): void;
}

/** A live model's trained part, as `saveModelArtifacts` (lib/train) hands it over. */
export interface SavedWeights {
  /** A head ([n, embeddingSize] → probabilities) or, fine-tuned, the top blocks and head as one model (cut activations → probabilities). */
  readonly artifacts: tf.io.ModelArtifacts;
  /** Length of the rows its head reads (for a fine-tuned network, the pooled output of its top blocks). */
  readonly embeddingSize: number;
  /** Backbone blocks fine-tuned with the head; 0 for a head on the frozen backbone's embedding. */
  readonly trainableBlocks: 0 | 1 | 2;
}

/** A trained head as a live model; the live model owns (and disposes) the head. */
export function headModel(head: Head, inputMode: InputMode = 'frame'): LiveModel {
  const wants = headFeatures(inputMode);
  return {
    classNames: head.classNames,
    inputMode,
    usesEmbedding: wants.embedding,
    usesLandmarks: wants.landmarks,
    classify: (_pixels, embedding, landmarks) => {
      if (wants.embedding && !embedding) throw new Error('This head needs the backbone embedding.');
      if (wants.landmarks && !landmarks) throw new Error('This head needs hand landmarks.');
      // Rows are [embedding, landmarks] in that order, as featureRow builds them for training.
      const parts = [...(wants.embedding ? [embedding as tf.Tensor2D] : []), ...(wants.landmarks ? [landmarks as tf.Tensor2D] : [])];
      return parts.length === 1 ? head.predict(parts[0]) : tf.tidy(() => head.predict(tf.concat(parts, 1)));
    },
    head,
    save: async () => ({ artifacts: await head.save(), embeddingSize: head.embeddingSize, trainableBlocks: 0 }),
    dispose: () => head.dispose(),
  };
}

export interface FrameOutput {
  /** [embeddingSize]: the backbone's activation, when it was computed (recording, or a head model). */
  readonly embedding: Float32Array | null;
  /** [classes], or null when no model is trained yet. */
  readonly probabilities: Float32Array | null;
}

/**
 * One backbone pass per frame serves both recording and a head's classification. `pixels`
 * ([1, 224, 224, 3]) stays the caller's; every tensor made here is freed before this resolves.
 * `landmarks`: the frame's hand-landmark features, when a hand was found.
 */
export async function runFrame(backbone: Backbone, model: LiveModel | null, pixels: tf.Tensor4D, wantEmbedding: boolean, landmarks: Float32Array | null = null): Promise<FrameOutput> {
  const { embedding, probabilities } = tf.tidy(() => {
    const e = wantEmbedding || model?.usesEmbedding ? backbone.embed(pixels) : null; // [1, embeddingSize]
    const l = landmarks ? tf.tensor2d(landmarks, [1, landmarks.length]) : null; // [1, K]
    const p = model ? model.classify(pixels, e, l) : null; // [1, classes]
    return { ...(e ? { embedding: e } : {}), ...(p ? { probabilities: p } : {}) };
  }) as { embedding?: tf.Tensor2D; probabilities?: tf.Tensor2D };
  try {
    // Async reads keep the main thread free while the backend finishes (never dataSync per frame).
    const [e, p] = await Promise.all([embedding?.data() as Promise<Float32Array> | undefined, probabilities?.data() as Promise<Float32Array> | undefined]);
    return { embedding: e ?? null, probabilities: p ?? null };
  } finally {
    tf.dispose([...(embedding ? [embedding] : []), ...(probabilities ? [probabilities] : [])]);
  }
}

/** Embeds a batch ([n, 224, 224, 3], still the caller's) into n CPU vectors; frees what it makes. */
export async function embedBatch(backbone: Backbone, pixels: tf.Tensor4D): Promise<Float32Array[]> {
  const embeddings = backbone.embed(pixels); // [n, embeddingSize]
  try {
    const flat = (await embeddings.data()) as Float32Array;
    const size = embeddings.shape[1];
    return Array.from({ length: embeddings.shape[0] }, (_, i) => flat.slice(i * size, (i + 1) * size));
  } finally {
    embeddings.dispose();
  }
}
