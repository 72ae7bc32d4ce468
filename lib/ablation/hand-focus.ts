import { DEFAULT_AUGMENT, type AugmentSettings } from '../augment';
import { loadBackbone } from '../backbone';
import { framingOf, type Dataset, type InputMode } from '../dataset';
import { stillImageLocator, type HandTracker } from '../hand';
import type { Locate } from '../ingest';
import { chooseStrategy } from '../pipeline';
import { resolveTrainParams, type Fusion } from '../train';
import { onNewBackgrounds } from './new-backgrounds';
import { embedDataset, measureRecipe, subset, type AblationCell, type AblationOptions } from './run-ablation';

/** The input modes compared, and for the fused mode both ways of joining its two parts in the head. */
const RECIPES = [
  { id: 'frame', label: 'Whole frame', mode: 'frame', fusion: 'concat' },
  { id: 'crop', label: 'Hand crop', mode: 'crop', fusion: 'concat' },
  { id: 'landmarks', label: 'Landmarks only', mode: 'landmarks', fusion: 'concat' },
  { id: 'fused', label: 'Fused, concatenated (crop + landmarks)', mode: 'fused', fusion: 'concat' },
  { id: 'fused-branches', label: 'Fused, two branches (crop + landmarks)', mode: 'fused', fusion: 'branches' },
] as const satisfies readonly { id: string; label: string; mode: InputMode; fusion: Fusion }[];

/**
 * The hand-focus rows: each input mode trained the same way (MobileNet 0.25 frozen, a new head,
 * augmented views) and measured twice: on the held-out photos as they are, and on the same photos
 * moved onto new backgrounds. A photo in which no hand is found counts as a miss in the hand modes.
 */
export const HAND_FOCUS_CONFIGS = RECIPES.flatMap(({ id, label }) => [
  { id, label },
  { id: `${id}-moved`, label: `${label}, photos on new backgrounds` },
]);

export interface HandFocusOptions extends AblationOptions {
  readonly tracker: HandTracker;
}

export async function runHandFocusAblation(options: HandFocusOptions): Promise<AblationCell[]> {
  const augment: AugmentSettings = options.augment ?? DEFAULT_AUGMENT;
  const params = resolveTrainParams({ seed: options.seed });
  const say = (line: string) => options.onProgress?.(line);
  const locate: Locate = stillImageLocator((image) => options.tracker.detectImage(image));
  const cells: AblationCell[] = [];
  const backbone = await loadBackbone('mobilenet_v1_025');
  try {
    say('Making the held-out photos into scenes with new backgrounds');
    const moved = await onNewBackgrounds(options.heldOutFiles, options.seed);
    for (const [label, files] of [['held-out photos', options.heldOutFiles], ['held-out photos on new backgrounds', moved]] as const) {
      let hands = 0;
      for (const file of files) {
        const image = await createImageBitmap(file);
        if (locate(image, file)) hands += 1;
        image.close();
      }
      options.onNote?.(`A hand was found in ${hands} of ${files.length} ${label}; in the hand modes the others count as misses.`);
    }
    say(`Embedding ${options.trainFiles.length} training photos (whole frame) and ${augment.views} augmented views of each`);
    const frames = await embedDataset(backbone, options.trainFiles, augment, options);
    say(`Finding the hand in ${options.trainFiles.length} training photos, then embedding the crops and ${augment.views} augmented views of each`);
    const hands = await embedDataset(backbone, options.trainFiles, augment, options, { locate, findHand: (image) => options.tracker.detectImage(image) });
    const found = hands.classes.reduce((n, c) => n + c.samples.length, 0);
    options.onNote?.(`A hand was found in ${found} of ${options.trainFiles.length} training photos; the others were left out of the hand modes' training.`);
    for (const { id, label, mode, fusion } of RECIPES) {
      const handMode = framingOf(mode) === 'hand';
      for (const perClass of options.perClass) {
        options.signal?.throwIfAborted();
        const dataset: Dataset = subset(handMode ? hands : frames, perClass, options.seed);
        say(`${label}, ${perClass ?? 'all'} per class: training, then evaluating on the photos as they are and on new backgrounds`);
        const strategy = chooseStrategy('head-only', dataset.classes.map((c) => c.samples.length), mode);
        const sets = [
          { config: id, files: options.heldOutFiles },
          { config: `${id}-moved`, files: moved },
        ].map((set) => (handMode ? { ...set, locate } : set));
        for (const cell of await measureRecipe({ dataset, backbone, strategy, augment, params: { ...params, fusion }, mode }, perClass, sets, options.signal)) {
          cells.push(cell);
          options.onCell?.(cell);
        }
      }
    }
  } finally {
    backbone.dispose();
  }
  return cells;
}
