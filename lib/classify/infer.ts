import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../backbone';
import type { Head } from '../train';

export interface FrameOutput {
  /** [embeddingSize]: the backbone's activation, kept when the frame is recorded as a sample. */
  readonly embedding: Float32Array;
  /** [classes], or null when no head is trained yet. */
  readonly probabilities: Float32Array | null;
}

/**
 * One backbone pass per frame serves both recording and classification. `pixels` ([1, 224, 224, 3])
 * stays the caller's; every tensor made here is freed before this resolves.
 */
export async function runFrame(backbone: Backbone, head: Head | null, pixels: tf.Tensor4D): Promise<FrameOutput> {
  const { embedding, probabilities } = tf.tidy(() => {
    const e = backbone.embed(pixels); // [1, embeddingSize]
    return head ? { embedding: e, probabilities: head.predict(e) } : { embedding: e }; // probabilities: [1, classes]
  }) as { embedding: tf.Tensor2D; probabilities?: tf.Tensor2D };
  try {
    // Async reads keep the main thread free while the backend finishes (never dataSync per frame).
    const [e, p] = await Promise.all([embedding.data() as Promise<Float32Array>, probabilities?.data() as Promise<Float32Array> | undefined]);
    return { embedding: e, probabilities: p ?? null };
  } finally {
    tf.dispose([embedding, ...(probabilities ? [probabilities] : [])]);
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

/** Class probabilities for a batch of cached embeddings; used by evaluation. Frees what it makes. */
export async function classifyEmbeddings(head: Head, embeddings: readonly Float32Array[]): Promise<Float32Array[]> {
  if (embeddings.length === 0) return [];
  const size = head.embeddingSize;
  const probabilities = tf.tidy(() => {
    const flat = new Float32Array(embeddings.length * size);
    embeddings.forEach((e, i) => flat.set(e, i * size));
    return head.predict(tf.tensor2d(flat, [embeddings.length, size])); // [n, classes]
  });
  try {
    const data = (await probabilities.data()) as Float32Array;
    const classes = head.classNames.length;
    return embeddings.map((_, i) => data.slice(i * classes, (i + 1) * classes));
  } finally {
    probabilities.dispose();
  }
}
