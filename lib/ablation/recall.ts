import { groupByClassFolder } from '../dataset';
import { MARGIN_SEARCH, STILL_SEARCH, type HandTracker, type StillTry } from '../hand';
import { BACKGROUND_KINDS, CONDITION_LABELS, drawBackground, makeSceneSet, SCENE_CONDITIONS, SCENE_HEIGHT, SCENE_WIDTH } from '../scenes';
import { createRandom, shuffled } from '../train';
import { recallTable, type RecallOutcome, type RecallSet, type RecallTable, type TryCost } from './recall-table';

export interface RecallOptions {
  /** Photos with one hand each, in class folders (all of them are searched). */
  readonly files: readonly File[];
  readonly tracker: HandTracker;
  readonly seed: number;
  /** Photos per class moved into the harder scenes (one scene per condition each). */
  readonly harderPerClass: number;
  /** Generated scenes with no hand, for counting false hands. */
  readonly handFree: number;
  readonly onProgress?: (line: string) => void;
  readonly onNote?: (note: string) => void;
  /** The table so far, after every set. */
  readonly onTable?: (table: RecallTable) => void;
  readonly signal?: AbortSignal;
}

const PHOTOS = 'photos';
const HAND_FREE = 'hand-free';
const BASELINE_LABEL = `Old search (${MARGIN_SEARCH.map((t) => t.id).join(', ')}), run separately`;

/**
 * Measures the still-image hand search try by try: every photo, then every photo's hand moved into
 * the harder scenes of lib/scenes (one column per condition), then hand-free generated scenes. Each
 * image is searched with `STILL_SEARCH`, noting which try found the hand first, and separately with
 * the search stills had before (`MARGIN_SEARCH`), so both are measured on the same images in one run.
 */
export async function runRecall(options: RecallOptions): Promise<RecallTable> {
  const say = (line: string) => options.onProgress?.(line);
  const { tracker } = options;
  const costs: TryCost[] = STILL_SEARCH.map(() => ({ calls: 0, ms: 0 }));
  const outcomes: RecallOutcome[] = [];
  const baseline: RecallOutcome[] = [];
  const sets: RecallSet[] = [{ id: PHOTOS, label: 'Sign-digit photos' }, ...SCENE_CONDITIONS.map((id) => ({ id, label: CONDITION_LABELS[id] })), { id: HAND_FREE, label: 'False hands, hand-free scenes', handFree: true }];
  const table = () => recallTable({ tries: STILL_SEARCH.map((t) => t.id), sets, harder: SCENE_CONDITIONS, outcomes, costs, baseline: { label: BASELINE_LABEL, outcomes: baseline } });

  const measure = async (set: string, file: File | ImageBitmap) => {
    // A macrotask between images: the searches are synchronous, and the page must keep answering.
    await new Promise((resolve) => setTimeout(resolve, 0));
    options.signal?.throwIfAborted();
    const image = file instanceof File ? await createImageBitmap(file) : file;
    try {
      outcomes.push({ set, hit: search(tracker, image, STILL_SEARCH, costs) });
      baseline.push({ set, hit: search(tracker, image, MARGIN_SEARCH) });
    } finally {
      image.close();
    }
  };

  for (const [i, file] of options.files.entries()) {
    if (i % 100 === 0) say(`Searching the photos for their hand: ${i} of ${options.files.length}`);
    await measure(PHOTOS, file);
  }
  options.onTable?.(table());

  const picked = [...groupByClassFolder(options.files).groups.values()].flatMap((list) => shuffled(list, createRandom(options.seed)).slice(0, options.harderPerClass));
  say(`Moving the hands of ${picked.length} photos into ${SCENE_CONDITIONS.length} kinds of scene`);
  const { scenes, unlocated } = await makeSceneSet(picked, (image) => tracker.detectImage(image), SCENE_CONDITIONS, options.seed);
  options.onNote?.(
    `Harder scenes: ${picked.length} photos (${options.harderPerClass} per class, seed ${options.seed}), each hand cut out along its landmarks and moved into one 320x240 scene per condition; ${unlocated.length} photos had no hand found to cut out.`,
  );
  for (const [i, scene] of scenes.entries()) {
    if (i % 100 === 0) say(`Searching the harder scenes: ${i} of ${scenes.length}`);
    await measure(scene.condition, scene.file);
  }
  options.onTable?.(table());

  say(`Searching ${options.handFree} hand-free scenes`);
  for (const [i, bitmap] of (await handFreeScenes(options.handFree, options.seed)).entries()) {
    if (i % 50 === 0) say(`Searching the hand-free scenes: ${i} of ${options.handFree}`);
    await measure(HAND_FREE, bitmap);
  }
  options.onNote?.(
    `Hand-free scenes: ${options.handFree} generated 320x240 backgrounds (${HAND_FREE_KINDS.join(', ')} in turn, with the scenes' light changes); every hand found in one is a false hand.`,
  );
  const result = table();
  options.onTable?.(result);
  return result;
}

/** The index of the first of `tries` that finds a hand in `image`, or null; adds each call's time to `costs`. */
function search(tracker: HandTracker, image: ImageBitmap, tries: readonly StillTry[], costs?: TryCost[]): number | null {
  for (const [i, attempt] of tries.entries()) {
    const start = performance.now();
    const hand = tracker.tryImage(image, attempt);
    if (costs) costs[i] = { calls: costs[i].calls + 1, ms: costs[i].ms + performance.now() - start };
    if (hand) return i;
  }
  return null;
}

/** The generated backgrounds only: 'scenery' is a blurred corner of a hand photo, which may show part of a hand. */
const HAND_FREE_KINDS = BACKGROUND_KINDS.filter((kind) => kind !== 'scenery');
/** Light changes the hand-free scenes take in turn (canvas filters): as painted, darker, brighter, a warm cast. */
const LIGHTS: readonly string[] = ['none', 'brightness(0.4)', 'brightness(1.6)', 'sepia(0.6) saturate(1.5)'];

async function handFreeScenes(count: number, seed: number): Promise<ImageBitmap[]> {
  const random = createRandom(seed + 1);
  const [painted, lit] = [0, 1].map(() => {
    const canvas = document.createElement('canvas');
    canvas.width = SCENE_WIDTH;
    canvas.height = SCENE_HEIGHT;
    return canvas;
  });
  const paint = painted.getContext('2d');
  const light = lit.getContext('2d');
  if (!paint || !light) throw new Error('This browser cannot draw on a canvas.');
  const out: ImageBitmap[] = [];
  for (let i = 0; i < count; i += 1) {
    drawBackground(paint, HAND_FREE_KINDS[i % HAND_FREE_KINDS.length], random);
    light.filter = LIGHTS[Math.floor(i / HAND_FREE_KINDS.length) % LIGHTS.length];
    light.drawImage(painted, 0, 0);
    out.push(await createImageBitmap(lit));
  }
  return out;
}
