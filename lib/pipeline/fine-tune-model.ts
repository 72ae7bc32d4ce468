import * as tf from '@tensorflow/tfjs';
import { augmentImage } from '../augment';
import { BACKBONES, type BackboneId } from '../backbone';
import type { LiveModel } from '../classify';
import { toTrainingSet, type InputMode } from '../dataset';
import { cutActivations, fineTune, loadFineTunedClassifier, loadSplitBackbone, type FineTunedClassifier, type LayersAlpha, type SplitBackbone, type TrainableBlocks } from '../finetune';
import { processImageFiles } from '../ingest';
import { seedFromString, type EpochReport } from '../train';
import type { TrainModelCallbacks, TrainRequest } from './train-model';

/**
 * Cut activations are big (7x7x256 floats a row for one block of MobileNet 0.25, twice that for two):
 * augmented views are used only as far as they fit this budget, so fine-tuning never exhausts memory.
 */
const ACTIVATION_BUDGET_BYTES = 384 * 1024 * 1024;

export interface FineTunedOutcome {
  readonly model: LiveModel;
  readonly history: readonly EpochReport[];
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  /** Augmented views per sample actually used (the budget may allow fewer than requested). */
  readonly viewsUsed: number;
}

/**
 * Tips 3–5: runs each sample's stored crop (and its augmented views) once through the frozen bottom
 * of the network, caches the activations at the cut, then trains the last block(s) and a new head on
 * them. Resolves to null when cancelled; the model owns the split backbone and frees it on dispose.
 */
export async function fineTuneModel(request: TrainRequest, callbacks: TrainModelCallbacks): Promise<FineTunedOutcome | null> {
  const { dataset, backbone, strategy, augment, params } = request;
  const split = await loadSplitBackbone(backbone.alpha, strategy.trainableBlocks as TrainableBlocks);
  let handedOver = false;
  try {
    const set = toTrainingSet(dataset);
    const rowBytes = split.cutShape.reduce((a, b) => a * b, 1) * 4;
    const affordable = Math.floor(ACTIVATION_BUDGET_BYTES / Math.max(1, set.labels.length * rowBytes)) - 1;
    const viewsUsed = Math.max(0, Math.min(augment.views, affordable));
    const images = dataset.classes.flatMap((c) => c.samples).map((s) => new File([s.image ?? new Blob()], s.id));
    const prepared = await processImageFiles(
      images,
      backbone.inputSize,
      async (pixels, files) => {
        const originals = await cutActivations(split, pixels);
        if (viewsUsed === 0) return originals.map((a) => ({ activation: a, views: [] as Float32Array[] }));
        const out = [];
        for (let i = 0; i < originals.length; i += 1) {
          const views = tf.tidy(() => augmentImage(tf.squeeze<tf.Tensor3D>(tf.slice(pixels, [i, 0, 0, 0], [1, -1, -1, -1]), [0]), { ...augment, views: viewsUsed }, seedFromString(files[i].name)));
          try {
            out.push({ activation: originals[i], views: await cutActivations(split, views) });
          } finally {
            views.dispose();
          }
        }
        return out;
      },
      { signal: callbacks.signal, onProgress: (done, total) => callbacks.onStage?.('Computing activations at the cut', done, total) },
    );
    if (prepared.cancelled) return null;
    const byId = new Map(prepared.processed.map((p) => [p.file.name, p.result]));
    const rows = (set.sampleIds ?? []).map((id, i) => ({ id, label: set.labels[i], data: byId.get(id) })).filter((r) => r.data !== undefined);
    const result = await fineTune(
      split,
      {
        classNames: set.classNames,
        activations: rows.map((r) => r.data!.activation),
        labels: Int32Array.from(rows.map((r) => r.label)),
        augmented: rows.map((r) => r.data!.views),
      },
      params,
      { onEpoch: callbacks.onEpoch, signal: callbacks.signal },
    );
    if (result.status === 'cancelled') return null;
    const model = fineTunedLiveModel(result.classifier, split, request.mode ?? 'frame');
    handedOver = true;
    return { model, history: result.history, bestEpoch: result.bestEpoch, stoppedEarly: result.stoppedEarly, viewsUsed };
  } finally {
    if (!handedOver) split.dispose();
  }
}

/**
 * Rebuilds a fine-tuned network from what its live model's `save` gave (`artifacts`), on a freshly
 * loaded split of `backboneId`'s MobileNet (from public/models, or what `loadMobileNet` gives).
 * Rejects with a `ModelRestoreError` when the network does not fit that split. The model owns the
 * split and frees it on dispose.
 */
export async function restoreFineTunedModel(
  artifacts: tf.io.ModelArtifacts,
  classNames: readonly string[],
  inputMode: InputMode,
  backboneId: BackboneId,
  trainableBlocks: TrainableBlocks,
  loadMobileNet?: () => Promise<tf.LayersModel>,
): Promise<LiveModel> {
  const split = await loadSplitBackbone(BACKBONES[backboneId].alpha as LayersAlpha, trainableBlocks, loadMobileNet ? { loadModel: loadMobileNet } : {});
  try {
    return fineTunedLiveModel(await loadFineTunedClassifier(split, artifacts, classNames), split, inputMode);
  } catch (error) {
    split.dispose();
    throw error;
  }
}

/** The live model of a fine-tuned classifier: it owns the classifier and the split under it. */
function fineTunedLiveModel(classifier: FineTunedClassifier, split: SplitBackbone, inputMode: InputMode): LiveModel {
  return {
    classNames: classifier.classNames,
    inputMode,
    usesEmbedding: false,
    usesLandmarks: false,
    classify: (pixels) => classifier.classify(pixels),
    save: async () => ({ artifacts: await classifier.save(), embeddingSize: classifier.top.outputs[0].shape[1] as number, trainableBlocks: split.trainableBlocks }),
    dispose: () => {
      classifier.dispose();
      split.dispose();
    },
  };
}

export type { SplitBackbone };
