import { TrainingError, type EpochReport } from '../train';
import type { MirrorRule } from './augment';
import type { MotionClip } from './clip';
import type { SavedMotionModel } from './motion-model';
import type { MotionTrainingSet } from './train-motion';

/** One recorded clip of a motion class: held with the record button, timed by a countdown, or one uploaded video. */
export interface StoredClip {
  readonly id: string;
  readonly clip: MotionClip;
  readonly source: 'camera' | 'video';
  readonly createdAt: number;
}

/**
 * How a motion class takes mirroring, by class id (the studio's form of lib/motion `MirrorRule`,
 * which names classes): 'off', 'self' (its mirror is still itself: a wave, a push) or the id of the
 * class its mirror is (a left swipe's is a right swipe). Pairs are kept mutual by `setMirror`.
 */
export type MirrorChoice = 'off' | 'self' | { readonly partner: string };

/**
 * A motion class of a project: a motion ('motion', fires an event when it completes) or the one idle
 * class ('idle', "No motion": learned from clips of a still or idly moving hand, never an event).
 */
export interface MotionClass {
  readonly id: string;
  readonly name: string;
  readonly role: 'motion' | 'idle';
  readonly mirror: MirrorChoice;
  readonly clips: readonly StoredClip[];
}

/** The idle class's name as offered (a person may rename it). */
export const IDLE_CLASS_NAME = 'No motion';

/** The longest clip kept: the network's window is 2 s at 15 frames/s, and a longer hold only adds rest. */
export const MAX_CLIP_SECONDS = 4;

export const EMPTY_MOTION_CLASSES: readonly MotionClass[] = [];

/** A motion class named `name` with no clips; `role` 'idle' makes the "No motion" class. */
export function newMotionClass(id: string, name: string, role: MotionClass['role'] = 'motion'): MotionClass {
  return { id, name, role, mirror: role === 'idle' ? 'self' : 'off', clips: [] };
}

/** A name not yet used by `classes`: "Motion 3" for the third. */
export function nextMotionName(classes: readonly MotionClass[]): string {
  const names = new Set(classes.map((c) => c.name.toLowerCase()));
  for (let n = classes.length + 1; ; n += 1) if (!names.has(`motion ${n}`)) return `Motion ${n}`;
}

/** Adds `created`; throws a RangeError for a second idle class or a name already taken (case-insensitive). */
export function addMotionClass(classes: readonly MotionClass[], created: MotionClass): readonly MotionClass[] {
  if (created.role === 'idle' && classes.some((c) => c.role === 'idle')) throw new RangeError('There is already a "no motion" class.');
  checkName(classes, created.name, null);
  return [...classes, created];
}

export function renameMotionClass(classes: readonly MotionClass[], id: string, name: string): readonly MotionClass[] {
  checkName(classes, name, id);
  return classes.map((c) => (c.id === id ? { ...c, name: name.trim() } : c));
}

/** Removes a class and its clips; a class it was paired with for mirroring is no longer mirrored. */
export function removeMotionClass(classes: readonly MotionClass[], id: string): readonly MotionClass[] {
  return classes.filter((c) => c.id !== id).map((c) => (isPartner(c.mirror, id) ? { ...c, mirror: 'off' } : c));
}

export function addClip(classes: readonly MotionClass[], classId: string, clip: StoredClip): readonly MotionClass[] {
  return classes.map((c) => (c.id === classId ? { ...c, clips: [...c.clips, clip] } : c));
}

export function removeClip(classes: readonly MotionClass[], classId: string, clipId: string): readonly MotionClass[] {
  return classes.map((c) => (c.id === classId ? { ...c, clips: c.clips.filter((k) => k.id !== clipId) } : c));
}

/**
 * Sets how class `id` mirrors, keeping pairs mutual: pairing A with B pairs B with A and releases
 * the old partners of both; leaving a pair releases the partner too. The idle class is always 'self'.
 */
export function setMirror(classes: readonly MotionClass[], id: string, choice: MirrorChoice): readonly MotionClass[] {
  const target = classes.find((c) => c.id === id);
  if (!target || target.role === 'idle') return classes;
  const partnerId = typeof choice === 'object' ? choice.partner : null;
  if (partnerId !== null && (partnerId === id || !classes.some((c) => c.id === partnerId && c.role === 'motion'))) {
    throw new RangeError('A motion is paired with another motion class for mirroring.');
  }
  return classes.map((c) => {
    if (c.id === id) return { ...c, mirror: choice };
    if (c.id === partnerId) return { ...c, mirror: { partner: id } };
    // The old partners of either class are released.
    if (isPartner(c.mirror, id) || (partnerId !== null && isPartner(c.mirror, partnerId))) return { ...c, mirror: 'off' };
    return c;
  });
}

/** The clips of every class, labelled, with class names and mirror rules as lib/motion trains on them. */
export function motionTrainingSet(classes: readonly MotionClass[]): MotionTrainingSet {
  const clips: MotionClip[] = [];
  const labels: number[] = [];
  classes.forEach((c, label) => c.clips.forEach((k) => (clips.push(k.clip), labels.push(label))));
  const nameOf = new Map(classes.map((c) => [c.id, c.name]));
  const mirror: Record<string, MirrorRule> = {};
  for (const c of classes) {
    if (c.mirror === 'off' || c.mirror === 'self') mirror[c.name] = c.mirror;
    else {
      const partner = nameOf.get(c.mirror.partner);
      if (partner === undefined) throw new TrainingError('bad-params', `"${c.name}" is paired for mirroring with a class that is gone: choose again.`);
      mirror[c.name] = { partner };
    }
  }
  return { classNames: classes.map((c) => c.name), clips, labels, idleClass: classes.find((c) => c.role === 'idle')?.name ?? null, mirror };
}

function isPartner(choice: MirrorChoice, id: string): boolean {
  return typeof choice === 'object' && choice.partner === id;
}

/** Why `name` cannot name a motion class (other than class `except`), or null. */
export function motionNameProblem(classes: readonly MotionClass[], name: string, except: string | null): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'A motion class needs a name.';
  if (classes.some((c) => c.id !== except && c.name.toLowerCase() === trimmed.toLowerCase())) return `There is already a motion class named "${trimmed}".`;
  return null;
}

function checkName(classes: readonly MotionClass[], name: string, except: string | null): void {
  const problem = motionNameProblem(classes, name, except);
  if (problem) throw new RangeError(problem);
}

/** A trained motion model as a project keeps it: the saved network and its training record. */
export interface TrainedMotion {
  readonly saved: SavedMotionModel;
  readonly history: readonly EpochReport[];
  /** 1-based: the epoch whose weights the model carries. */
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  /** Accuracy on the clips held out from training (null when none were). */
  readonly validationAccuracy: number | null;
  /** `motionClassesKey` of the classes it was trained on: when the classes change, the studio says to train again. */
  readonly trainedOn: string;
  readonly trainedAt: number;
}

/** Everything a project keeps about motions: its motion classes with their clips, and the model trained on them. */
export interface MotionProject {
  readonly classes: readonly MotionClass[];
  readonly trained: TrainedMotion | null;
}

export const EMPTY_MOTION_PROJECT: MotionProject = { classes: EMPTY_MOTION_CLASSES, trained: null };

/** Changes whenever what a model would be trained on changes (classes, names, roles, mirroring, clips). */
export function motionClassesKey(classes: readonly MotionClass[]): string {
  return JSON.stringify(classes.map((c) => [c.id, c.name, c.role, c.mirror, c.clips.map((k) => k.id)]));
}
