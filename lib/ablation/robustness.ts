import { DEFAULT_AUGMENT, type AugmentSettings } from '../augment';
import { loadBackbone } from '../backbone';
import type { Dataset } from '../dataset';
import { stillImageLocator, type HandTracker } from '../hand';
import type { Locate } from '../ingest';
import { chooseStrategy } from '../pipeline';
import { CONDITION_LABELS, makeSceneSet, SCENE_CONDITIONS, type SceneCondition } from '../scenes';
import { resolveTrainParams } from '../train';
import { embedDataset, measureRecipe, subset, type AblationCell, type AblationOptions, type HeldOutSet } from './run-ablation';

/**
 * The defaults compared, both the fused mode (crop + landmarks) with a frozen MobileNet 0.25 and a new
 * head: before part 6 (augmented views of the crop as it is) and now (half of the views show the hand
 * in front of a new background).
 */
const RECIPES = [
  { id: 'old', label: 'Old default', augment: { ...DEFAULT_AUGMENT, backgrounds: 0 } },
  { id: 'new', label: 'New default', augment: DEFAULT_AUGMENT },
] as const satisfies readonly { id: string; label: string; augment: AugmentSettings }[];

/** The sets each recipe is measured on: the held-out photos, the whole harder set, and each of its conditions. */
const SETS: readonly { id: string; label: string }[] = [
  { id: 'held-out', label: 'held-out photos as they are' },
  { id: 'harder', label: 'harder set, all conditions' },
  ...SCENE_CONDITIONS.map((c) => ({ id: c, label: `harder set: ${CONDITION_LABELS[c]}` })),
];

export const ROBUSTNESS_CONFIGS = SETS.flatMap((set) => RECIPES.map((recipe) => ({ id: `${recipe.id}:${set.id}`, label: `${recipe.label}, ${set.label}` })));

export interface RobustnessOptions extends AblationOptions {
  readonly tracker: HandTracker;
}

/**
 * Trains the old and the new default on the same photos and measures both on the held-out photos and
 * on a harder set made from them (lib/scenes: each held-out hand cut out and shown in front of other
 * backgrounds, cut by each edge, a quarter of the size, turned 30°, in other light). A photo or scene
 * in which no hand is found counts as a miss. Notes say how many hands were found in each condition.
 */
export async function runRobustnessAblation(options: RobustnessOptions): Promise<AblationCell[]> {
  const params = resolveTrainParams({ seed: options.seed });
  const say = (line: string) => options.onProgress?.(line);
  const locate: Locate = stillImageLocator((image) => options.tracker.detectImage(image));
  const findHand = (image: ImageBitmap) => options.tracker.detectImage(image);
  const cells: AblationCell[] = [];
  say(`Making the harder set: ${SCENE_CONDITIONS.length} scenes from each of ${options.heldOutFiles.length} held-out photos`);
  const { scenes, unlocated } = await makeSceneSet(options.heldOutFiles, findHand, SCENE_CONDITIONS, options.seed);
  options.onNote?.(`The harder set has ${scenes.length} scenes; ${unlocated.length} held-out photos made none, since no hand was found in them to cut out (they still count as misses on the photos as they are).`);
  const byCondition = new Map<SceneCondition, File[]>(SCENE_CONDITIONS.map((c) => [c, scenes.filter((s) => s.condition === c).map((s) => s.file)]));
  for (const [condition, files] of byCondition) {
    let found = 0;
    for (const file of files) {
      const image = await createImageBitmap(file);
      if (locate(image)) found += 1;
      image.close();
    }
    options.onNote?.(`Hand found in ${found} of ${files.length} scenes ${CONDITION_LABELS[condition]} (${((100 * found) / Math.max(1, files.length)).toFixed(1)}%).`);
  }
  const sets = (recipe: string): HeldOutSet[] => [
    { config: `${recipe}:held-out`, files: options.heldOutFiles, locate },
    ...[...byCondition].map(([condition, files]) => ({ config: `${recipe}:${condition}`, files, locate })),
  ];
  const backbone = await loadBackbone('mobilenet_v1_025');
  try {
    for (const recipe of RECIPES) {
      say(`${recipe.label}: finding the hand in ${options.trainFiles.length} training photos, embedding the crops and ${recipe.augment.views} augmented views of each`);
      const hands = await embedDataset(backbone, options.trainFiles, recipe.augment, options, { locate, findHand });
      for (const perClass of options.perClass) {
        options.signal?.throwIfAborted();
        const dataset: Dataset = subset(hands, perClass, options.seed);
        say(`${recipe.label}, ${perClass ?? 'all'} per class: training, then evaluating on the held-out photos and ${scenes.length} scenes`);
        const strategy = chooseStrategy('head-only', dataset.classes.map((c) => c.samples.length), 'fused');
        const measured = await measureRecipe({ dataset, backbone, strategy, augment: recipe.augment, params, mode: 'fused' }, perClass, sets(recipe.id), options.signal);
        // The whole harder set's accuracy is its conditions' accuracies weighted by their scenes.
        const conditions = measured.filter((cell) => cell.config !== `${recipe.id}:held-out`);
        const right = conditions.reduce((sum, cell) => sum + cell.accuracy * (byCondition.get(cell.config.split(':')[1] as SceneCondition)?.length ?? 0), 0);
        for (const cell of [...measured, { ...measured[0], config: `${recipe.id}:harder`, accuracy: right / Math.max(1, scenes.length) }]) {
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
