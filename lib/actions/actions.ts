import { isNoneClass } from '../dataset';

/**
 * A class an action can be bound to: a pose class (fires when held) or a motion class (fires once
 * when the motion completes; no hold time applies). A project's "no motion" class is never one.
 */
export interface ActionClass {
  readonly id: string;
  readonly name: string;
  readonly kind?: 'pose' | 'motion';
}
import { GAME_MOVES, type GameMove } from '../game';
import { DEFAULT_COOLDOWN_MS, DEFAULT_HOLD_MS } from './trigger';

/** The short sounds the page synthesises (lib/actions/sounds.ts); no audio file is fetched. */
export const SOUND_IDS = ['chime', 'pop', 'beep', 'drum', 'whoosh'] as const;
export type SoundId = (typeof SOUND_IDS)[number];
export const SOUND_LABELS: Readonly<Record<SoundId, string>> = { chime: 'Chime', pop: 'Pop', beep: 'Beep', drum: 'Drum', whoosh: 'Whoosh' };

export type SlideDirection = 'next' | 'previous';

/** What a held gesture does. Stored in projects as plain JSON with its `kind`. */
export type GestureAction =
  | { readonly kind: 'sound'; readonly sound: SoundId }
  /** Says the class's name aloud (`speechSynthesis`). */
  | { readonly kind: 'speak' }
  | { readonly kind: 'slide'; readonly direction: SlideDirection }
  /** Presses a move in the built-in game (lib/game's move bus). */
  | { readonly kind: 'game'; readonly move: GameMove };
export type ActionKind = GestureAction['kind'];
export const ACTION_KINDS: readonly ActionKind[] = ['sound', 'speak', 'slide', 'game'];

/** A class's action and how long the gesture is held before it fires. */
export interface ActionBinding {
  readonly classId: string;
  readonly action: GestureAction;
  readonly holdMs: number;
}

/** One image of the person's slide deck, shown in presentation mode. */
export interface Slide {
  /** Names the slide's file in a project zip and its key in storage: a safe id. */
  readonly id: string;
  /** A JPEG, PNG or WebP image. */
  readonly image: Blob;
}

/** What the gestures of a project do; saved with it (storage and project files). */
export interface GestureActions {
  /** At most one per class, in class order. */
  readonly bindings: readonly ActionBinding[];
  /** The least time between any two firings. */
  readonly cooldownMs: number;
  readonly slides: readonly Slide[];
}

export const NO_ACTIONS: GestureActions = { bindings: [], cooldownMs: DEFAULT_COOLDOWN_MS, slides: [] };

export const HOLD_MS_RANGE = { min: 100, max: 5000 } as const;
export const COOLDOWN_MS_RANGE = { min: 0, max: 10_000 } as const;
/** Slides a deck may hold: each is an image of up to a few hundred kB. */
export const MAX_SLIDES = 100;

/** One option of the action picker: `value` is a stable string for a `<select>`. */
export interface ActionChoice {
  readonly value: string;
  readonly label: string;
  readonly group: string;
  readonly action: GestureAction;
}

const MOVE_LABELS: Readonly<Record<GameMove, string>> = { up: 'Up', down: 'Down', left: 'Left', right: 'Right' };

export const ACTION_CHOICES: readonly ActionChoice[] = [
  ...SOUND_IDS.map((sound) => ({ value: `sound:${sound}`, label: `Play “${SOUND_LABELS[sound]}”`, group: 'Sound', action: { kind: 'sound', sound } as const })),
  { value: 'speak', label: 'Say the label aloud', group: 'Voice', action: { kind: 'speak' } },
  { value: 'slide:next', label: 'Next slide', group: 'Slides', action: { kind: 'slide', direction: 'next' } },
  { value: 'slide:previous', label: 'Previous slide', group: 'Slides', action: { kind: 'slide', direction: 'previous' } },
  ...GAME_MOVES.map((move) => ({ value: `game:${move}`, label: `Game: ${MOVE_LABELS[move]}`, group: 'Game', action: { kind: 'game', move } as const })),
];

export function actionValue(action: GestureAction): string {
  switch (action.kind) {
    case 'sound':
      return `sound:${action.sound}`;
    case 'speak':
      return 'speak';
    case 'slide':
      return `slide:${action.direction}`;
    case 'game':
      return `game:${action.move}`;
  }
}

/** What the action does, as a short phrase for the log and the live region ("played “Chime”"). */
export function describeAction(action: GestureAction, label: string): string {
  switch (action.kind) {
    case 'sound':
      return `played “${SOUND_LABELS[action.sound]}”`;
    case 'speak':
      return `said “${label}”`;
    case 'slide':
      return action.direction === 'next' ? 'next slide' : 'previous slide';
    case 'game':
      return `game move ${MOVE_LABELS[action.move].toLowerCase()}`;
  }
}

/** `holdMs` rounded into HOLD_MS_RANGE (a number field may hold anything). */
export function clampHoldMs(holdMs: number): number {
  return Number.isFinite(holdMs) ? Math.round(Math.min(HOLD_MS_RANGE.max, Math.max(HOLD_MS_RANGE.min, holdMs))) : DEFAULT_HOLD_MS;
}

export function clampCooldownMs(cooldownMs: number): number {
  return Number.isFinite(cooldownMs) ? Math.round(Math.min(COOLDOWN_MS_RANGE.max, Math.max(COOLDOWN_MS_RANGE.min, cooldownMs))) : DEFAULT_COOLDOWN_MS;
}

/** `bindings` with `classId`'s action set (null removes it), keeping class order and its hold time. */
export function bindAction(bindings: readonly ActionBinding[], classId: string, action: GestureAction | null): ActionBinding[] {
  const current = bindings.find((b) => b.classId === classId);
  const rest = bindings.filter((b) => b.classId !== classId);
  return action ? [...rest, { classId, action, holdMs: current?.holdMs ?? DEFAULT_HOLD_MS }] : rest;
}

export function setHoldMs(bindings: readonly ActionBinding[], classId: string, holdMs: number): ActionBinding[] {
  return bindings.map((b) => (b.classId === classId ? { ...b, holdMs: clampHoldMs(holdMs) } : b));
}

/**
 * The bindings that mean something for these classes, in class order: a deleted class's binding is
 * dropped, and so is one on a "None of these" class (it never fires).
 */
export function liveBindings(bindings: readonly ActionBinding[], classes: readonly ActionClass[]): ActionBinding[] {
  return classes.flatMap((c) => {
    const binding = c.kind !== 'motion' && isNoneClass(c.name) ? undefined : bindings.find((b) => b.classId === c.id);
    return binding ? [binding] : [];
  });
}

/** Label → hold time of every bound class: the trigger's `armed`. */
export function armedLabels(bindings: readonly ActionBinding[], classes: readonly ActionClass[]): Map<string, number> {
  const poses = classes.filter((c) => c.kind !== 'motion');
  const names = new Map(poses.map((c) => [c.id, c.name]));
  return new Map(liveBindings(bindings, poses).map((b) => [names.get(b.classId) as string, b.holdMs]));
}

/** The slide shown after a step from `index` in a deck of `count`: the deck wraps around at both ends. */
export function stepSlide(index: number, count: number, direction: SlideDirection): number {
  if (count <= 0) return 0;
  const from = Math.min(Math.max(0, Math.trunc(index)), count - 1);
  return (from + (direction === 'next' ? 1 : count - 1)) % count;
}

/** What is wrong with stored or imported actions: an unknown kind has a sentence of its own. */
export class ActionsFormatError extends Error {
  constructor(
    readonly kind: 'unknown-action' | 'bad-actions',
    /** A phrase naming the field at fault, for the caller's sentence. */
    readonly problem: string,
  ) {
    super(problem);
    this.name = 'ActionsFormatError';
  }
}

/**
 * Checks actions read from untrusted JSON (a project file's manifest): each binding names one of
 * `classIds` at most once, a known kind with known options, and a hold time in range. Only known
 * fields are kept. Throws an `ActionsFormatError` naming the field at fault.
 */
export function parseBindings(json: unknown, classIds: ReadonlySet<string>): { bindings: ActionBinding[]; cooldownMs: number } {
  const root = record(json, 'actions');
  const cooldownMs = root.cooldownMs;
  if (typeof cooldownMs !== 'number' || !Number.isInteger(cooldownMs) || cooldownMs < COOLDOWN_MS_RANGE.min || cooldownMs > COOLDOWN_MS_RANGE.max) {
    throw new ActionsFormatError('bad-actions', `actions.cooldownMs must be a whole number from ${COOLDOWN_MS_RANGE.min} to ${COOLDOWN_MS_RANGE.max}`);
  }
  if (!Array.isArray(root.bindings)) throw new ActionsFormatError('bad-actions', 'actions.bindings must be a list');
  if (root.bindings.length > classIds.size) throw new ActionsFormatError('bad-actions', 'actions.bindings has more bindings than there are classes');
  const seen = new Set<string>();
  const bindings = root.bindings.map((value, i) => {
    const path = `actions.bindings[${i}]`;
    const json = record(value, path);
    const classId = json.classId;
    if (typeof classId !== 'string' || !classIds.has(classId)) throw new ActionsFormatError('bad-actions', `${path}.classId must be the id of one of the project's classes`);
    if (seen.has(classId)) throw new ActionsFormatError('bad-actions', `${path} gives a class a second action`);
    seen.add(classId);
    const holdMs = json.holdMs;
    if (typeof holdMs !== 'number' || !Number.isInteger(holdMs) || holdMs < HOLD_MS_RANGE.min || holdMs > HOLD_MS_RANGE.max) {
      throw new ActionsFormatError('bad-actions', `${path}.holdMs must be a whole number from ${HOLD_MS_RANGE.min} to ${HOLD_MS_RANGE.max}`);
    }
    return { classId, holdMs, action: parseAction(json.action, `${path}.action`) };
  });
  return { bindings, cooldownMs };
}

function parseAction(value: unknown, path: string): GestureAction {
  const json = record(value, path);
  const kind = json.kind;
  if (typeof kind !== 'string' || !(ACTION_KINDS as readonly string[]).includes(kind)) {
    throw new ActionsFormatError('unknown-action', typeof kind === 'string' ? kind : String(kind));
  }
  const option = <T extends string>(field: string, options: readonly T[]): T => {
    const v = json[field];
    if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) {
      throw new ActionsFormatError('bad-actions', `${path}.${field} must be one of ${options.map((o) => `"${o}"`).join(', ')}`);
    }
    return v as T;
  };
  switch (kind as ActionKind) {
    case 'sound':
      return { kind: 'sound', sound: option('sound', SOUND_IDS) };
    case 'speak':
      return { kind: 'speak' };
    case 'slide':
      return { kind: 'slide', direction: option('direction', ['next', 'previous'] as const) };
    case 'game':
      return { kind: 'game', move: option('move', GAME_MOVES) };
  }
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ActionsFormatError('bad-actions', `${path} must be an object`);
  return value as Record<string, unknown>;
}
