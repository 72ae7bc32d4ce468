import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../backbone';
import type { LiveModel } from '../classify';
import { groupByClassFolder } from '../dataset';
import { argMax, evaluatePredictions, type Evaluation } from '../evaluate';
import { processImageFiles, type ProcessFilesOptions } from '../ingest';

export interface FolderEvaluation {
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
    async (pixels) => {
      const probabilities = tf.tidy(() => model.classify(pixels, model.usesEmbedding ? backbone.embed(pixels) : null)); // [n, classes]
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
  const evaluation = evaluatePredictions(
    model.classNames,
    result.processed.map((p) => truthOf.get(p.file) as number),
    result.processed.map((p) => p.result),
  );
  const unmatched = [...groups.keys()].filter((name) => !known.has(name.toLowerCase()));
  return {
    evaluation,
    skipped: [...unmatched.map((n) => `folder "${n}" matches no class`), ...(result.failed.length > 0 ? [`${result.failed.length} unreadable files`] : [])],
  };
}
