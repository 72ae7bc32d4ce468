import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../backbone';
import type { Head } from '../train';

/**
 * What the live loop classifies with: a head on the frozen backbone's embedding, or a fine-tuned
 * network that looks at the pixels itself.
 */
export interface LiveModel {
  readonly classNames: readonly string[];
  /** Whether `classify` reads the frozen backbone's embedding (otherwise it is not computed for it). */
  readonly usesEmbedding: boolean;
  /**
   * `pixels` [1, 224, 224, 3] 0..255 and, when `usesEmbedding`, the frozen backbone's [1, D]
   * embedding of them → probabilities [1, classes]; the caller disposes. Synchronous.
   */
  classify(pixels: tf.Tensor4D, embedding: tf.Tensor2D | null): tf.Tensor2D;
  dispose(): void;
}

/** A trained head as a live model; the live model owns (and disposes) the head. */
export function headModel(head: Head): LiveModel {
  return {
    classNames: head.classNames,
    usesEmbedding: true,
    classify: (_pixels, embedding) => {
      if (!embedding) throw new Error('A head needs the backbone embedding.');
      return head.predict(embedding);
    },
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
 */
export async function runFrame(backbone: Backbone, model: LiveModel | null, pixels: tf.Tensor4D, wantEmbedding: boolean): Promise<FrameOutput> {
  const { embedding, probabilities } = tf.tidy(() => {
    const e = wantEmbedding || model?.usesEmbedding ? backbone.embed(pixels) : null; // [1, embeddingSize]
    const p = model ? model.classify(pixels, e) : null; // [1, classes]
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
