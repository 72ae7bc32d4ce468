import { DEFAULT_AUGMENT, type AugmentSettings } from '../augment';
import { BACKBONES, loadBackbone, type Backbone, type BackboneId } from '../backbone';
import { createId, groupByClassFolder, withViews, type AugmentedViews, type Dataset, type GestureClass, type Sample } from '../dataset';
import { embedAugmentedViews, embedFiles, type FindHand, type Locate } from '../ingest';
import { chooseStrategy, evaluateFolder, trainModel, type StrategyChoice, type TrainRequest } from '../pipeline';
import { createRandom, resolveTrainParams, shuffled } from '../train';

/**
 * The ablation's rows: each adds one tip to the row above it, except that the larger backbone is
 * measured frozen first — fine-tuning it costs ~7x the 0.25 model, so a capped run still shows what the
 * bigger backbone alone adds. Cheap rows come first (see `runAblation`).
 */
export const ABLATION_CONFIGS = [
  { id: 'frozen', label: 'Frozen head only', backbone: 'mobilenet_v1_025', augment: false, strategy: 'head-only' },
  { id: 'augment', label: '+ augmentation', backbone: 'mobilenet_v1_025', augment: true, strategy: 'head-only' },
  { id: 'fine-tune', label: '+ fine-tuned top block', backbone: 'mobilenet_v1_025', augment: true, strategy: 'fine-tune-top' },
  { id: 'larger-frozen', label: '+ larger backbone (0.75), frozen', backbone: 'mobilenet_v1_075', augment: true, strategy: 'head-only' },
  { id: 'larger', label: '+ larger backbone (0.75), fine-tuned top block', backbone: 'mobilenet_v1_075', augment: true, strategy: 'fine-tune-top' },
] as const satisfies readonly { id: string; label: string; backbone: BackboneId; augment: boolean; strategy: StrategyChoice }[];

export interface AblationCell {
  readonly config: string;
  /** Samples per class trained on; null = all. */
  readonly perClass: number | null;
  readonly trainSamples: number;
  readonly accuracy: number;
  readonly trainSeconds: number;
  readonly bestEpoch: number;
}

export interface AblationOptions {
  readonly trainFiles: readonly File[];
  readonly heldOutFiles: readonly File[];
  /** Subset sizes per class; null means the whole training folder. */
  readonly perClass: readonly (number | null)[];
  readonly seed: number;
  readonly augment?: AugmentSettings;
  readonly onProgress?: (line: string) => void;
  readonly onCell?: (cell: AblationCell) => void;
  /** Only these rows (config ids); all when absent. */
  readonly rows?: readonly string[];
  /** A fact about the run worth keeping beside the table (e.g. how many hands were found). */
  readonly onNote?: (note: string) => void;
  readonly signal?: AbortSignal;
}

/**
 * Trains every configuration on every subset through the app's own pipeline (the same embedding,
 * augmentation, training and evaluation code as the studio) and measures accuracy on the held-out
 * folder. Each backbone embeds the training images and their augmented views once; subsets and
 * configurations reuse them.
 */
export async function runAblation(options: AblationOptions): Promise<AblationCell[]> {
  const augment = options.augment ?? DEFAULT_AUGMENT;
  const params = resolveTrainParams({ seed: options.seed });
  const cells: AblationCell[] = [];
  const say = (line: string) => options.onProgress?.(line);
  const configs = ABLATION_CONFIGS.filter((c) => !options.rows || options.rows.includes(c.id));
  for (const backboneId of [...new Set(configs.map((c) => c.backbone))] as BackboneId[]) {
    const backbone = await loadBackbone(backboneId);
    try {
      say(`${BACKBONES[backboneId].label}: embedding ${options.trainFiles.length} training images and ${augment.views} augmented views of each`);
      const full = await embedDataset(backbone, options.trainFiles, augment, options);
      // Row by row, smallest subset first: the costly cells (fine-tuning on every photo) come last.
      for (const config of configs.filter((c) => c.backbone === backboneId)) {
        for (const perClass of options.perClass) {
          const dataset = subset(full, perClass, options.seed);
          options.signal?.throwIfAborted();
          say(`${config.label}, ${perClass ?? 'all'} per class: training`);
          const strategy = chooseStrategy(config.strategy, dataset.classes.map((c) => c.samples.length));
          const request = { dataset, backbone, strategy, augment: config.augment ? augment : { ...augment, views: 0 }, params };
          say(`${config.label}, ${perClass ?? 'all'} per class: training and evaluating`);
          for (const cell of await measureRecipe(request, perClass, [{ config: config.id, files: options.heldOutFiles }], options.signal)) {
            cells.push(cell);
            options.onCell?.(cell);
          }
        }
      }
    } finally {
      backbone.dispose();
    }
  }
  return cells;
}

/** One held-out set a trained recipe is measured on, and the table row its cell goes to. */
export interface HeldOutSet {
  readonly config: string;
  readonly files: readonly File[];
  /** For a hand-mode model: finds the hand in each photo. */
  readonly locate?: Locate;
}

/**
 * Trains one recipe and measures it on each held-out set; the model is freed before this returns.
 * The accuracy is the studio's evaluation's: a photo in which a hand model finds no hand is a miss.
 */
export async function measureRecipe(request: TrainRequest, perClass: number | null, sets: readonly HeldOutSet[], signal?: AbortSignal): Promise<AblationCell[]> {
  const trained = await trainModel(request, { signal });
  if (!trained) throw new DOMException('Cancelled', 'AbortError');
  try {
    const cells: AblationCell[] = [];
    for (const set of sets) {
      const result = await evaluateFolder([...set.files], trained.model, request.backbone, { signal, ...(set.locate ? { locate: set.locate } : {}) });
      if (!result) throw new DOMException('Cancelled', 'AbortError');
      cells.push({
        config: set.config,
        perClass,
        trainSamples: trained.samples,
        accuracy: result.evaluation.accuracy,
        trainSeconds: trained.durationMs / 1000,
        bestEpoch: trained.bestEpoch,
      });
    }
    return cells;
  } finally {
    trained.model.dispose();
  }
}

/**
 * Every training image as a sample of its folder's class, with augmented views attached. With
 * `hand`, samples are hand crops with landmarks, images without a hand are left out, and views may
 * move the hand onto new backgrounds (`findHand` finds it again in the crop).
 */
export async function embedDataset(
  backbone: Backbone,
  files: readonly File[],
  augment: AugmentSettings,
  options: Pick<AblationOptions, 'signal'>,
  hand?: { readonly locate: Locate; readonly findHand: FindHand },
): Promise<Dataset> {
  const locate = hand?.locate;
  const { groups } = groupByClassFolder(files);
  const ordered = [...groups.values()].flat();
  const embedded = await embedFiles(backbone, ordered, { signal: options.signal, ...(locate ? { locate } : {}) });
  const byFile = new Map(embedded.processed.map((p) => [p.file, p]));
  const classes: GestureClass[] = [...groups].map(([name, list]) => ({
    id: createId('class'),
    name,
    samples: list.flatMap((f): Sample[] => {
      const p = byFile.get(f);
      return p ? [{ id: `${name}/${f.name}`, embedding: p.result, image: p.image, source: 'import', ...(p.landmarks ? { landmarks: p.landmarks } : {}) }] : [];
    }),
  }));
  let dataset: Dataset = { backboneId: backbone.id, framing: locate ? 'hand' : 'frame', classes };
  if (augment.views > 0) {
    const views = new Map<string, AugmentedViews>();
    for (const sample of classes.flatMap((c) => c.samples)) {
      options.signal?.throwIfAborted();
      views.set(sample.id, await embedAugmentedViews(backbone, sample.id, sample.image as Blob, augment, hand?.findHand));
    }
    dataset = withViews(dataset, views);
  }
  return dataset;
}

/** The first `perClass` samples of each class after a seeded shuffle (all when null). */
export function subset(dataset: Dataset, perClass: number | null, seed: number): Dataset {
  if (perClass === null) return dataset;
  const random = createRandom(seed);
  return { ...dataset, classes: dataset.classes.map((c) => ({ ...c, samples: shuffled(c.samples, random).slice(0, perClass) })) };
}
