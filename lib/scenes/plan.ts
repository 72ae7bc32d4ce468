import type { Point } from './outline';

/** The made-up camera frame a hand is moved into (the fake camera's and a webcam's usual shape). */
export const SCENE_WIDTH = 320;
export const SCENE_HEIGHT = 240;

export type BackgroundKind = 'texture' | 'gradient' | 'stripes' | 'room' | 'scenery';
export const BACKGROUND_KINDS: readonly BackgroundKind[] = ['texture', 'gradient', 'stripes', 'room', 'scenery'];

/**
 * What a scene changes about where and how the hand is shown. The first five put the hand, at an
 * ordinary size and place, in front of another background; the others also cut it by an edge, shrink
 * it, turn it or change the light — each a way people and rooms differ from where a model was trained.
 */
export type SceneCondition =
  | BackgroundKind
  | 'cut-left'
  | 'cut-right'
  | 'cut-top'
  | 'cut-bottom'
  | 'quarter'
  | 'rotate-left'
  | 'rotate-right'
  | 'darker'
  | 'brighter'
  | 'colour-cast';

export const SCENE_CONDITIONS: readonly SceneCondition[] = [
  ...BACKGROUND_KINDS,
  'cut-left',
  'cut-right',
  'cut-top',
  'cut-bottom',
  'quarter',
  'rotate-left',
  'rotate-right',
  'darker',
  'brighter',
  'colour-cast',
];

export const CONDITION_LABELS: Readonly<Record<SceneCondition, string>> = {
  texture: 'noisy texture behind',
  gradient: 'colour gradient behind',
  stripes: 'stripes behind',
  room: 'a cluttered room behind',
  scenery: "other photos' scenery behind",
  'cut-left': 'cut by the left edge',
  'cut-right': 'cut by the right edge',
  'cut-top': 'cut by the top edge',
  'cut-bottom': 'cut by the bottom edge',
  quarter: 'a quarter of the size',
  'rotate-left': 'turned 30° left',
  'rotate-right': 'turned 30° right',
  darker: 'darker light',
  brighter: 'brighter light',
  'colour-cast': 'coloured light',
};

/** Where and how one hand is drawn into one scene; every length in scene pixels. */
export interface ScenePlan {
  readonly background: BackgroundKind;
  /** The longer side of the hand's landmark box once drawn. */
  readonly handSize: number;
  /** Where the centre of the hand's landmark box lands. */
  readonly centre: Point;
  /** Turn about that centre, clockwise on screen. */
  readonly angleDeg: number;
  /** The whole scene's light: each channel multiplied by gain x tint, then clipped to 0..255. */
  readonly gain: number;
  readonly tint: readonly [number, number, number];
}

/** An ordinary hand: its landmark box spans this share of the scene's height. */
const ORDINARY_SIZE = [0.38, 0.55] as const;
/** A cut hand has this share of its landmark box beyond the edge. */
const CUT_SHARE = [0.2, 0.35] as const;
const TILT_DEG = 8;
const TURN_DEG = 30;

/**
 * Draws one scene's plan for `condition`. Every plan takes the same eight draws from `random` in the
 * same order, so a seed gives the same scenes whatever the list of conditions around it.
 */
export function planScene(condition: SceneCondition, random: () => number): ScenePlan {
  const [uKind, uSize, uX, uY, uTilt, uCut, uLight, uTint] = Array.from({ length: 8 }, () => random());
  const background = (BACKGROUND_KINDS as readonly string[]).includes(condition) ? (condition as BackgroundKind) : BACKGROUND_KINDS[Math.floor(uKind * BACKGROUND_KINDS.length)];
  const ordinary = SCENE_HEIGHT * (ORDINARY_SIZE[0] + uSize * (ORDINARY_SIZE[1] - ORDINARY_SIZE[0]));
  const handSize = condition === 'quarter' ? ordinary / 4 : ordinary;
  // Inside the frame with the whole box in view (the box's half-diagonal, so a tilt keeps it in).
  const reach = (handSize / 2) * Math.SQRT2;
  const inside = (u: number, side: number) => reach + u * Math.max(0, side - 2 * reach);
  let centre = { x: inside(uX, SCENE_WIDTH), y: inside(uY, SCENE_HEIGHT) };
  const beyond = handSize * (0.5 - (CUT_SHARE[0] + uCut * (CUT_SHARE[1] - CUT_SHARE[0])));
  if (condition === 'cut-left') centre = { ...centre, x: beyond };
  if (condition === 'cut-right') centre = { ...centre, x: SCENE_WIDTH - beyond };
  if (condition === 'cut-top') centre = { ...centre, y: beyond };
  if (condition === 'cut-bottom') centre = { ...centre, y: SCENE_HEIGHT - beyond };
  const tilt = (2 * uTilt - 1) * TILT_DEG;
  const angleDeg = condition === 'rotate-left' ? -TURN_DEG : condition === 'rotate-right' ? TURN_DEG : tilt;
  const gain = condition === 'darker' ? 0.35 + 0.1 * uLight : condition === 'brighter' ? 1.5 + 0.2 * uLight : 1;
  return { background, handSize, centre, angleDeg, gain, tint: condition === 'colour-cast' ? castOf(uTint) : [1, 1, 1] };
}

/** Warm lamp, cold daylight, green-tinted office light or magenta stage light. */
const CASTS: readonly (readonly [number, number, number])[] = [
  [1.2, 0.95, 0.65],
  [0.75, 0.95, 1.25],
  [0.8, 1.15, 0.8],
  [1.15, 0.75, 1.1],
];

function castOf(u: number): readonly [number, number, number] {
  return CASTS[Math.floor(u * CASTS.length)];
}
