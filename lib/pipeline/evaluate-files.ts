import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../backbone';
import type { LiveModel } from '../classify';
import { framingOf, groupByClassFolder } from '../dataset';
import { argMax, evaluatePredictions, type Evaluation } from '../evaluate';
import { processImageFiles, type ProcessFilesOptions } from '../ingest';

export interface FolderEvaluation {
  /** Over every readable image of a known class; for a hand model, an image with no hand found is a miss. */
  readonly evaluation: Evaluation;
  /** Folders and files that could not be used, in words. */
  readonly skipped: string[];
}

/**
 * Evaluates the live model on a picked folder whose subfolders are class names, through the same
 * crop and classify path as live frames (for a fine-tuned model too). Returns null when cancelled.
 * Throws with a sentence when no subfolder names a class.
 */
export async function evaluateFolder(files: readonly File[], model: LiveModel, backbone: Backbone, options: ProcessFilesOptions = {}): Promise<FolderEvaluation | null> {
  if (framingOf(model.inputMode) === 'hand' && !options.locate) throw new Error('This model looks at the hand: evaluating it needs the hand tracker, which is not loaded.');
  const { groups } = groupByClassFolder(files);
  const known = new Map(model.classNames.map((n, i) => [n.toLowerCase(), i]));
  const usable = [...groups].filter(([name]) => known.has(name.toLowerCase()));
  if (usable.length === 0) {
    throw new Error(`None of the folder's subfolders are named after a class (${model.classNames.join(', ')}). Rename them to match and try again.`);
  }
  const truthOf = new Map(usable.flatMap(([name, list]) => list.map((f) => [f, known.get(name.toLowerCase()) as number] as const)));
  const result = await processImageFiles(
    usable.flatMap(([, list]) => list),
    backbone.inputSize,
    async (pixels, _files, found) => {
      const probabilities = tf.tidy(() => {
        const embedding = model.usesEmbedding ? backbone.embed(pixels) : null; // [n, D]
        const landmarks = model.usesLandmarks ? tf.stack(found.map((l) => tf.tensor1d(l as Float32Array))) as tf.Tensor2D : null; // [n, K]
        return model.classify(pixels, embedding, landmarks); // [n, classes]
      });
      try {
        const rows = (await probabilities.array()) as number[][];
        return rows.map(argMax);
      } finally {
        probabilities.dispose();
      }
    },
    options,
  );
  if (result.cancelled) return null;
  const noHand = result.failed.filter((f) => f.kind === 'no-hand').map((f) => truthOf.get(f.file) as number);
  const evaluation = evaluatePredictions(
    model.classNames,
    result.processed.map((p) => truthOf.get(p.file) as number),
    result.processed.map((p) => p.result),
    framingOf(model.inputMode) === 'hand' ? noHand : undefined,
  );
  const unmatched = [...groups.keys()].filter((name) => !known.has(name.toLowerCase()));
  const unreadable = result.failed.length - noHand.length;
  return {
    evaluation,
    skipped: [...unmatched.map((n) => `folder "${n}" matches no class`), ...(unreadable > 0 ? [`${unreadable} unreadable files`] : [])],
  };
}
