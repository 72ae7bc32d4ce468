import type { Backbone } from '../backbone';
import type { LiveModel } from '../classify';
import { framingOf, inClassFolder } from '../dataset';
import { stillImageLocator, type Hand } from '../hand';
import { noHandCount } from '../evaluate';
import { evaluateFolder, type FolderEvaluation } from '../pipeline';
import { makeSceneSet, SCENE_CONDITIONS } from '../scenes';
import { CHECK_SEED, pickCheckSamples, type CheckClass } from './subset';
import { conditionResult, NO_HAND_MODEL_MESSAGE, NO_SAMPLES_MESSAGE, RobustnessError, summarizeRobustness, type Measured, type RobustnessSummary } from './summary';

export interface RobustnessCheckRequest {
  /** The classes the model was trained on, with their samples. */
  readonly classes: readonly CheckClass[];
  readonly model: LiveModel;
  readonly backbone: Backbone;
  /**
   * The hand tracker's search of a still image (`HandTracker.detectImage`), or null when the hand
   * model is not loaded. Needed whatever the model looks at: the scenes cut the hand out along its
   * landmarks.
   */
  readonly detect: ((image: ImageBitmap) => Hand | null) | null;
  readonly seed?: number;
}

export interface RobustnessReport {
  readonly summary: RobustnessSummary;
  /** Samples picked for the check, and those of them in which no hand was found (they make no scenes). */
  readonly samples: number;
  readonly unlocated: number;
}

export interface RobustnessCheckOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Tests the model on a few of the person's own samples as they are and moved into scenes with other
 * backgrounds, positions, turns and light (lib/scenes), each through the same path as a picked folder
 * (`evaluateFolder`), and sums it up. Resolves to null when cancelled. Throws a RobustnessError when
 * the check cannot run (no hand model, no sample with a hand found). Leaves no tensor behind.
 */
export async function runRobustnessCheck(request: RobustnessCheckRequest, { signal, onProgress }: RobustnessCheckOptions = {}): Promise<RobustnessReport | null> {
  const { classes, model, backbone, detect, seed = CHECK_SEED } = request;
  if (!detect) throw new RobustnessError('no-hand-model', NO_HAND_MODEL_MESSAGE);
  const picked = pickCheckSamples(classes, { seed });
  if (picked.length === 0) throw new RobustnessError('no-samples', NO_SAMPLES_MESSAGE);
  const files = picked.map(({ className, sample }) => inClassFolder(new File([sample.image], `${sample.id}.jpg`, { type: sample.image.type || 'image/jpeg' }), 'samples', className));

  // Progress counts images: each photo once while its scenes are made, then every image evaluated.
  let total = files.length * (2 + SCENE_CONDITIONS.length);
  let done = 0;
  const step = (base: number) => (d: number) => onProgress?.(base + d, total);

  const set = await makeSceneSet(files, detect, SCENE_CONDITIONS, seed, { signal, onProgress: step(0) });
  if (set.cancelled) return null;
  const unlocated = new Set(set.unlocated);
  const located = files.filter((f) => !unlocated.has(f));
  if (located.length === 0) throw new RobustnessError('no-samples', NO_SAMPLES_MESSAGE);
  done = files.length;
  total = done + located.length + set.scenes.length;

  const locate = framingOf(model.inputMode) === 'hand' ? stillImageLocator(detect) : null;
  const measure = async (images: readonly File[]): Promise<Measured | null> => {
    const result: FolderEvaluation | null = await evaluateFolder(images, model, backbone, { signal, onProgress: step(done), ...(locate ? { locate } : {}) });
    done += images.length;
    return result && { accuracy: result.evaluation.accuracy, images: images.length, noHand: noHandCount(result.evaluation) };
  };

  const original = await measure(located);
  if (!original) return null;
  const conditions = [];
  for (const condition of SCENE_CONDITIONS) {
    const scenes = set.scenes.filter((s) => s.condition === condition).map((s) => s.file);
    if (scenes.length === 0) continue;
    const measured = await measure(scenes);
    if (!measured) return null;
    conditions.push(conditionResult(condition, measured));
  }
  return { summary: summarizeRobustness(original, conditions), samples: files.length, unlocated: set.unlocated.length };
}
