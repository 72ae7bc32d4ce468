import type { AugmentSettings } from '../augment';
import type { Backbone, BackboneId } from '../backbone';
import { headModel, type LiveModel } from '../classify';
import { headFeatures, toTrainingSet, type Dataset, type InputMode } from '../dataset';
import { viewsKey } from '../ingest';
import { trainHead, type EpochReport, type Strategy, type TrainParams } from '../train';
import { fineTuneModel } from './fine-tune-model';

/** Everything one training run needs: the data, the recipe, and the knobs. */
export interface TrainRequest {
  readonly dataset: Dataset;
  /** The frozen backbone whose embeddings the dataset caches. */
  readonly backbone: Backbone;
  readonly strategy: Strategy;
  readonly augment: AugmentSettings;
  readonly params: TrainParams;
  /** What the head reads (lib/dataset/input-mode); 'frame' when absent. Fine-tuning needs an image-only mode. */
  readonly mode?: InputMode;
}

/** How one transfer-learning tip did, measured on the same validation rows. */
export interface TipContribution {
  readonly label: string;
  readonly validationAccuracy: number | null;
}

export interface TrainedModel {
  readonly model: LiveModel;
  readonly backboneId: BackboneId;
  readonly strategy: Strategy;
  readonly augment: AugmentSettings;
  readonly history: readonly EpochReport[];
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  /** Samples (not augmented rows) the model was trained on, counting validation ones. */
  readonly samples: number;
  readonly durationMs: number;
  /** Each tip's step up from the plain frozen head, when measured. */
  readonly contributions: readonly TipContribution[];
}

export interface TrainModelCallbacks {
  onEpoch?: (report: EpochReport) => void;
  /** Slow preparation steps (cut activations, the comparison runs), for a progress line. */
  onStage?: (label: string, done: number, total: number) => void;
  signal?: AbortSignal;
  /** Also train the simpler recipes on the same split, to show what each tip added. */
  measureContributions?: boolean;
}

/**
 * Trains with the requested strategy: a head on cached embeddings (tip 2, with augmented rows when
 * augmentation is on), or the backbone's last block(s) plus a head on cached cut activations (tips
 * 3–5). Resolves to null when cancelled. The returned model is the caller's to dispose.
 */
export async function trainModel(request: TrainRequest, callbacks: TrainModelCallbacks = {}): Promise<TrainedModel | null> {
  const started = performance.now();
  const { dataset, backbone, strategy, augment, params } = request;
  const mode = request.mode ?? 'frame';
  if (strategy.trainableBlocks > 0 && headFeatures(mode).landmarks) throw new Error('Fine-tuning trains on images only: pick the hand-crop or whole-frame mode, or train the head only.');
  const key = augment.views > 0 ? viewsKey(backbone.id, augment) : null;
  const set = toTrainingSet(dataset, key, mode);
  let trained: Omit<TrainedModel, 'durationMs' | 'contributions'>;
  if (strategy.trainableBlocks === 0) {
    const result = await trainHead(set, params, callbacks);
    if (result.status === 'cancelled') return null;
    trained = { model: headModel(result.head, mode), backboneId: backbone.id, strategy, augment, history: result.history, bestEpoch: result.bestEpoch, stoppedEarly: result.stoppedEarly, samples: set.labels.length };
  } else {
    const result = await fineTuneModel(request, callbacks);
    if (!result) return null;
    trained = { ...result, backboneId: backbone.id, strategy, augment, samples: set.labels.length };
  }
  const durationMs = performance.now() - started;
  const contributions = callbacks.measureContributions ? await measureContributions(request, trained, callbacks) : [];
  return { ...trained, durationMs, contributions };
}

/** Validation accuracy at the epoch whose weights were kept. */
export function keptValidationAccuracy(history: readonly EpochReport[], bestEpoch: number): number | null {
  return history.find((h) => h.epoch === bestEpoch)?.validationAccuracy ?? history[history.length - 1]?.validationAccuracy ?? null;
}

/**
 * Trains the simpler recipes (frozen head; frozen head + augmentation) on the same seeded split, so
 * the person sees what augmentation and fine-tuning each added. Head-only runs take seconds.
 */
async function measureContributions(request: TrainRequest, trained: Omit<TrainedModel, 'durationMs' | 'contributions'>, callbacks: TrainModelCallbacks): Promise<TipContribution[]> {
  const { dataset, backbone, augment, params, strategy } = request;
  const mode = request.mode ?? 'frame';
  const rows: TipContribution[] = [];
  // A plain frozen head is itself the simplest recipe: training it again would only double the wait.
  if (strategy.trainableBlocks === 0 && augment.views === 0) {
    return [{ label: 'Frozen backbone + new head (your model)', validationAccuracy: keptValidationAccuracy(trained.history, trained.bestEpoch) }];
  }
  const steps: { label: string; withViews: boolean }[] = [{ label: 'Frozen backbone + new head', withViews: false }];
  if (augment.views > 0 && strategy.trainableBlocks > 0) steps.push({ label: `+ augmentation (${augment.views} views per sample)`, withViews: true });
  for (const [i, step] of steps.entries()) {
    callbacks.onStage?.('Measuring what each tip contributed', i, steps.length + 1);
    const set = toTrainingSet(dataset, step.withViews ? viewsKey(backbone.id, augment) : null, mode);
    const result = await trainHead(set, params, { signal: callbacks.signal });
    if (result.status === 'cancelled') return rows;
    rows.push({ label: step.label, validationAccuracy: keptValidationAccuracy(result.history, result.bestEpoch) });
    result.head.dispose();
  }
  const finalLabel =
    strategy.trainableBlocks > 0 ? `+ fine-tuned ${strategy.trainableBlocks === 1 ? 'last block' : 'last two blocks'} (your model)` : augment.views > 0 ? `+ augmentation (${augment.views} views per sample, your model)` : null;
  if (finalLabel) rows.push({ label: finalLabel, validationAccuracy: keptValidationAccuracy(trained.history, trained.bestEpoch) });
  return rows;
}
