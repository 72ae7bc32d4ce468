import { DEFAULT_AUGMENT, type AugmentSettings } from '../augment';
import { loadBackbone } from '../backbone';
import type { Dataset } from '../dataset';
import { MARGIN_SEARCH, STILL_SEARCH, stillImageLocator, type HandFocus, type HandTracker, type StillTry } from '../hand';
import type { FindHand, Locate } from '../ingest';
import { chooseStrategy } from '../pipeline';
import { CONDITION_LABELS, makeSceneSet, SCENE_CONDITIONS, type SceneCondition } from '../scenes';
import { resolveTrainParams, type TrainParams } from '../train';
import { embedDataset, measureRecipe, subset, type AblationCell, type AblationOptions, type HeldOutSet } from './run-ablation';

/**
 * The defaults compared, both the fused mode (crop + landmarks) with a frozen MobileNet 0.25 and a new
 * head. Before part 6: stills searched as they are and with margins, augmented views of the crop as it
 * is. Now: the whole still search (lib/hand/still-search), half of the views show the hand in front of
 * a new background, and half of the rows are trained on again with the image part dropped
 * (`TrainParams.imageDropout`), so the head answers with the mean of its reading of each row and of the
 * landmarks alone (lib/train `withHandOnlyVote`); the middle recipe is the new one without either, to
 * show their share.
 */
const SEARCHES = { old: MARGIN_SEARCH, new: STILL_SEARCH } as const satisfies Record<string, readonly StillTry[]>;

const RECIPES = [
  { id: 'old', label: 'Old default', augment: { ...DEFAULT_AUGMENT, backgrounds: 0 }, search: 'old', params: { imageDropout: 0 } },
  { id: 'no-dropout', label: 'New default without image dropout', augment: DEFAULT_AUGMENT, search: 'new', params: { imageDropout: 0 } },
  { id: 'new', label: 'New default', augment: DEFAULT_AUGMENT, search: 'new', params: {} },
] as const satisfies readonly { id: string; label: string; augment: AugmentSettings; search: keyof typeof SEARCHES; params: Partial<TrainParams> }[];

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

/** A recipe's hand search for stills, remembered per file: each image is searched once however many models are measured on it. */
function rememberingSearch(tracker: HandTracker, tries: readonly StillTry[]): { locate: Locate; findHand: FindHand } {
  const findHand: FindHand = (image) => tracker.detectImage(image, tries);
  const locateImage = stillImageLocator(findHand);
  const found = new Map<Blob, HandFocus | null>();
  const locate: Locate = (image, file) => {
    if (!found.has(file)) found.set(file, locateImage(image));
    return found.get(file) ?? null;
  };
  return { locate, findHand };
}

/**
 * Trains the old default, the new one without image dropout and the new default on the same photos
 * and measures each on the held-out photos and on a harder set made from them (lib/scenes: each
 * held-out hand cut out and shown in front of other backgrounds, cut by each edge, a quarter of the
 * size, turned 30°, in other light). A photo or scene in which a recipe's search finds no hand counts
 * as a miss. Notes give each search's hand recall per condition.
 */
export async function runRobustnessAblation(options: RobustnessOptions): Promise<AblationCell[]> {
  const params = resolveTrainParams({ seed: options.seed });
  const say = (line: string) => options.onProgress?.(line);
  const searches = new Map((Object.keys(SEARCHES) as (keyof typeof SEARCHES)[]).map((id) => [id, rememberingSearch(options.tracker, SEARCHES[id])]));
  const best = searches.get('new') as ReturnType<typeof rememberingSearch>;
  const cells: AblationCell[] = [];
  say(`Making the harder set: ${SCENE_CONDITIONS.length} scenes from each of ${options.heldOutFiles.length} held-out photos`);
  const { scenes, unlocated } = await makeSceneSet(options.heldOutFiles, best.findHand, SCENE_CONDITIONS, options.seed, { signal: options.signal });
  options.onNote?.(`The harder set has ${scenes.length} scenes; ${unlocated.length} held-out photos made none, since no hand was found in them to cut out.`);
  const byCondition = new Map<SceneCondition, File[]>(SCENE_CONDITIONS.map((c) => [c, scenes.filter((s) => s.condition === c).map((s) => s.file)]));
  const sets: [string, string, readonly File[]][] = [['held-out', 'held-out photos', options.heldOutFiles], ...[...byCondition].map(([c, files]): [string, string, File[]] => [c, `scenes ${CONDITION_LABELS[c]}`, files])];
  let allFound = { old: 0, new: 0 };
  for (const [id, label, files] of sets) {
    say(`Searching ${files.length} ${label} for their hand, with the old and the new search`);
    const found = { old: 0, new: 0 };
    for (const file of files) {
      options.signal?.throwIfAborted();
      const image = await createImageBitmap(file);
      for (const [id, search] of searches) if (search.locate(image, file)) found[id] += 1;
      image.close();
      // The searches are synchronous: let the page paint and answer between images.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (id !== 'held-out') allFound = { old: allFound.old + found.old, new: allFound.new + found.new };
    options.onNote?.(`Hand found in ${label}: old search ${percentOf(found.old, files.length)}, new search ${percentOf(found.new, files.length)}.`);
  }
  options.onNote?.(`Hand found in the whole harder set: old search ${percentOf(allFound.old, scenes.length)}, new search ${percentOf(allFound.new, scenes.length)}.`);
  const backbone = await loadBackbone('mobilenet_v1_025');
  try {
    // Recipes that differ only in training share their embedded photos.
    const embedded = new Map<string, Dataset>();
    for (const recipe of RECIPES) {
      const search = searches.get(recipe.search) as ReturnType<typeof rememberingSearch>;
      const heldOut: HeldOutSet[] = [
        { config: `${recipe.id}:held-out`, files: options.heldOutFiles, locate: search.locate },
        ...[...byCondition].map(([condition, files]) => ({ config: `${recipe.id}:${condition}`, files, locate: search.locate })),
      ];
      const embedKey = `${recipe.search} ${JSON.stringify(recipe.augment)}`;
      if (!embedded.has(embedKey)) {
        say(`${recipe.label}: finding the hand in ${options.trainFiles.length} training photos, embedding the crops and ${recipe.augment.views} augmented views of each`);
        embedded.set(embedKey, await embedDataset(backbone, options.trainFiles, recipe.augment, options, search));
      }
      const hands = embedded.get(embedKey) as Dataset;
      for (const perClass of options.perClass) {
        options.signal?.throwIfAborted();
        const dataset: Dataset = subset(hands, perClass, options.seed);
        say(`${recipe.label}, ${perClass ?? 'all'} per class: training, then evaluating on the held-out photos and ${scenes.length} scenes`);
        const strategy = chooseStrategy('head-only', dataset.classes.map((c) => c.samples.length), 'fused');
        const measured = await measureRecipe({ dataset, backbone, strategy, augment: recipe.augment, params: { ...params, ...recipe.params }, mode: 'fused' }, perClass, heldOut, options.signal);
        // The whole harder set's accuracy is its conditions' accuracies weighted by their scenes.
        const right = measured.reduce((sum, cell) => sum + cell.accuracy * (byCondition.get(cell.config.split(':')[1] as SceneCondition)?.length ?? 0), 0);
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

function percentOf(count: number, total: number): string {
  return `${count} of ${total} (${((100 * count) / Math.max(1, total)).toFixed(1)}%)`;
}
