import { CONDITION_LABELS, SCENE_CONDITIONS, type SceneCondition } from '../scenes';

/** The ways a place can differ from where the samples were recorded, one fix each. */
export type ConditionGroup = 'backgrounds' | 'position' | 'turned' | 'light';

export const CONDITION_GROUPS: readonly ConditionGroup[] = ['backgrounds', 'position', 'turned', 'light'];

export const GROUP_OF: Readonly<Record<SceneCondition, ConditionGroup>> = {
  texture: 'backgrounds',
  gradient: 'backgrounds',
  stripes: 'backgrounds',
  room: 'backgrounds',
  scenery: 'backgrounds',
  'cut-left': 'position',
  'cut-right': 'position',
  'cut-top': 'position',
  'cut-bottom': 'position',
  quarter: 'position',
  'rotate-left': 'turned',
  'rotate-right': 'turned',
  darker: 'light',
  brighter: 'light',
  'colour-cast': 'light',
};

export const GROUP_LABELS: Readonly<Record<ConditionGroup, string>> = {
  backgrounds: 'Other backgrounds',
  position: 'Position and size',
  turned: 'Turned',
  light: 'Light',
};

/** How the drop sentence names the samples of a group: "On your samples <moved>, the model…". */
const GROUP_MOVED: Readonly<Record<ConditionGroup, string>> = {
  backgrounds: 'moved onto other backgrounds',
  position: 'moved to the edges of the frame or made smaller',
  turned: 'turned 30°',
  light: 'in darker, brighter or coloured light',
};

/** What to record to fix a group's drop. */
export const GROUP_ADVICE: Readonly<Record<ConditionGroup, string>> = {
  backgrounds: 'Record a few samples in another room or in front of a busy background.',
  position: 'Record a few samples with your hand near the edges of the frame and further from the camera.',
  turned: 'Record a few samples with your hand turned a little.',
  light: 'Record a few samples in dimmer and brighter light.',
};

/** A drop of at most this many percentage points counts as holding up. */
export const SMALL_DROP_POINTS = 5;

/** The model's accuracy on one set of images: the samples as they are, or one condition's scenes. */
export interface Measured {
  /** 0..1. */
  readonly accuracy: number;
  /** Images measured (scenes made; for the samples, those with a hand found). */
  readonly images: number;
  /** Of them, those in which the hand tracker found no hand (counted as the evaluation counts them). */
  readonly noHand: number;
}

export interface ConditionResult extends Measured {
  readonly condition: SceneCondition;
  readonly label: string;
}

export interface GroupResult {
  readonly group: ConditionGroup;
  readonly label: string;
  /** Over the group's scenes, each condition weighted by its number of images; null with no scenes. */
  readonly accuracy: number | null;
  readonly images: number;
  /** Percentage points below the samples as they are (whole percentages, as shown); null with no scenes. */
  readonly dropPoints: number | null;
  readonly conditions: readonly ConditionResult[];
}

export interface RobustnessSummary {
  readonly original: Measured;
  readonly groups: readonly GroupResult[];
  /** The group with the biggest drop, or null when no group drops more than `SMALL_DROP_POINTS`. */
  readonly worst: GroupResult | null;
  /** The biggest drop in points (0 when every group holds up as well or better). */
  readonly dropPoints: number;
  /** How much it drops, in one sentence. */
  readonly sentence: string;
  /** What to record to fix the worst group; null when nothing drops more than a few points. */
  readonly advice: string | null;
}

export type RobustnessErrorKind = 'untrained' | 'no-hand-model' | 'no-samples';

/** Why the check cannot run; the message is the sentence to show. */
export class RobustnessError extends Error {
  constructor(
    readonly kind: RobustnessErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'RobustnessError';
  }
}

export const NO_SAMPLES_MESSAGE = 'The check needs at least one sample with a hand found.';
export const NO_HAND_MODEL_MESSAGE = 'The check needs the hand model, to find the hand in your samples; it has not loaded. Reload the page to try again.';

const percent = (accuracy: number) => Math.round(accuracy * 100);

/**
 * Groups per-condition accuracies into backgrounds / position and size / turned / light, finds the
 * group that drops most from the samples as they are, and says so in one sentence with what to
 * record. Throws a RobustnessError ('no-samples') when there is nothing to compare: no sample
 * measured, or no scene in any group. Conditions may come in any order; missing ones leave their
 * group with fewer scenes, or none (its accuracy is then null and it cannot be the worst).
 */
export function summarizeRobustness(original: Measured, conditions: readonly ConditionResult[]): RobustnessSummary {
  if (original.images === 0) throw new RobustnessError('no-samples', NO_SAMPLES_MESSAGE);
  const groups = CONDITION_GROUPS.map((group) => groupResult(group, original, conditions));
  const measured = groups.filter((g) => g.dropPoints !== null);
  if (measured.length === 0) throw new RobustnessError('no-samples', NO_SAMPLES_MESSAGE);
  // The first of equal drops, in the order of CONDITION_GROUPS (backgrounds first: the commonest fix).
  const biggest = measured.reduce((a, b) => ((b.dropPoints as number) > (a.dropPoints as number) ? b : a));
  const dropPoints = Math.max(0, biggest.dropPoints as number);
  const worst = dropPoints > SMALL_DROP_POINTS ? biggest : null;
  const before = percent(original.accuracy);
  if (!worst) {
    const lowest = percent(Math.min(...measured.map((g) => g.accuracy as number)));
    return {
      original,
      groups,
      worst,
      dropPoints,
      sentence: `On your samples moved onto other backgrounds and places, turned and in other light the model is right at least ${lowest}% of the time, close to the ${before}% on the samples as they are: it should hold up in other rooms and light.`,
      advice: null,
    };
  }
  return {
    original,
    groups,
    worst,
    dropPoints,
    sentence: `On your samples ${GROUP_MOVED[worst.group]} the model is right ${percent(worst.accuracy as number)}% of the time instead of ${before}%.`,
    advice: GROUP_ADVICE[worst.group],
  };
}

function groupResult(group: ConditionGroup, original: Measured, conditions: readonly ConditionResult[]): GroupResult {
  const own = conditions.filter((c) => GROUP_OF[c.condition] === group).sort((a, b) => SCENE_CONDITIONS.indexOf(a.condition) - SCENE_CONDITIONS.indexOf(b.condition));
  const images = own.reduce((sum, c) => sum + c.images, 0);
  const accuracy = images === 0 ? null : own.reduce((sum, c) => sum + c.accuracy * c.images, 0) / images;
  return {
    group,
    label: GROUP_LABELS[group],
    accuracy,
    images,
    dropPoints: accuracy === null ? null : percent(original.accuracy) - percent(accuracy),
    conditions: own,
  };
}

/** A condition's measured result with its label (lib/scenes' words). */
export function conditionResult(condition: SceneCondition, measured: Measured): ConditionResult {
  return { condition, label: CONDITION_LABELS[condition], ...measured };
}
