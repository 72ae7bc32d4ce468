import type * as tf from '@tensorflow/tfjs';
import { BACKBONES, type BackboneId } from '../backbone';
import { headModel, type LiveModel } from '../classify';
import type { ProjectHead } from '../project';
import { loadHead, ModelRestoreError } from '../train';
import { restoreFineTunedModel } from './fine-tune-model';

/** A trained model as project files and storage keep it: any recipe, any input mode. Leaves no tensor. */
export async function savedModelOf(model: LiveModel): Promise<ProjectHead> {
  const { artifacts, embeddingSize, trainableBlocks } = await model.save();
  const { modelTopology, weightSpecs, weightData } = artifacts;
  if (!modelTopology || modelTopology instanceof ArrayBuffer || !weightSpecs || !weightData) {
    throw new Error('The trained model could not be saved (tf.io handed over no topology or weights).');
  }
  return {
    artifacts: { modelTopology, weightSpecs, weightData },
    classNames: [...model.classNames],
    inputMode: model.inputMode,
    embeddingSize,
    ...(trainableBlocks > 0 ? { trainableBlocks: trainableBlocks as 1 | 2 } : {}),
  };
}

export interface RestoreModelOptions {
  /** The Keras MobileNet a fine-tuned network is split from; default: loaded from public/models. */
  readonly loadMobileNet?: () => Promise<tf.LayersModel>;
}

/**
 * Rebuilds a model `savedModelOf` saved, for a project whose samples `backboneId` embeds: a head, or
 * a fine-tuned network on a fresh split of its MobileNet. Rejects with a `ModelRestoreError` (one
 * sentence ending "train again") when it was made with another backbone. The model is the caller's.
 */
export async function restoreModel(saved: ProjectHead & { readonly backboneId: BackboneId }, backboneId: BackboneId, options: RestoreModelOptions = {}): Promise<LiveModel> {
  if (saved.backboneId !== backboneId) {
    throw new ModelRestoreError(`The saved model was trained with ${BACKBONES[saved.backboneId]?.label ?? saved.backboneId}, but this project now uses ${BACKBONES[backboneId].label}, so it cannot be rebuilt: train again.`);
  }
  const artifacts: tf.io.ModelArtifacts = { ...saved.artifacts, weightSpecs: [...saved.artifacts.weightSpecs], weightData: saved.artifacts.weightData as tf.io.WeightData };
  if (saved.trainableBlocks) return restoreFineTunedModel(artifacts, saved.classNames, saved.inputMode, saved.backboneId, saved.trainableBlocks, options.loadMobileNet);
  return headModel(await loadHead(artifacts, saved.classNames, saved.embeddingSize), saved.inputMode);
}
