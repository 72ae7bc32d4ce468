import { validateClassName, type GestureClass } from '../dataset';
import { LEGACY_SIZE_SCALE, MOTION_INPUTS, MOTION_MODEL_VERSION, MOTION_ROW_SIZE, type MirrorChoice, type MotionClass, type MotionNetSpec, type StoredClip, type TemporalConv, type TrainedMotion } from '../motion';
import type { EpochReport } from '../train';
import { MOTION_LIMITS } from './limits';
import { arrayAt, badManifest, idAt, integerAt, MANIFEST_PATH, objectAt, oneOf, stringAt, type Json } from './manifest-fields';
import { EXPORT_AGAIN, ProjectFileError, quoted } from './project-error';

/** The first project format version that may carry `motions`. */
export const MOTIONS_FORMAT_VERSION = 4;

export const MOTION_CLIPS_PATH = 'motion/clips.bin';
export const MOTION_MODEL_PATH = 'motion/model.json';
export const MOTION_WEIGHTS_PATH = 'motion/weights.bin';

export const CLIP_SOURCES: readonly StoredClip['source'][] = ['camera', 'video'];
const ROLES: readonly MotionClass['role'][] = ['motion', 'idle'];
/** `motionClassesKey` of the largest project the limits allow stays far below this. */
const MAX_TRAINED_ON_LENGTH = 4_000_000;

export interface ManifestClip {
  readonly id: string;
  readonly source: StoredClip['source'];
  /** Milliseconds since 1970. */
  readonly createdAt: number;
  /** Rows per second. */
  readonly rate: number;
  /** Rows of the clip: it takes frames x rowSize float32 values of motion/clips.bin. */
  readonly frames: number;
  /** Where its rows start in motion/clips.bin; clips lie one after another, in manifest order. */
  readonly byteOffset: number;
}

export interface ManifestMotionClass {
  readonly id: string;
  /** Plain text, shown as text and never interpreted as markup. */
  readonly name: string;
  /** 'idle': the one "no motion" class, which never fires. */
  readonly role: MotionClass['role'];
  /** 'off', 'self', or the id of the motion class that is its mirror image (pairs are mutual). */
  readonly mirror: MirrorChoice;
  readonly clips: readonly ManifestClip[];
}

/** The training record of the motion model: lib/motion `TrainedMotion` without the network. */
export type ManifestMotionTraining = Omit<TrainedMotion, 'saved'>;

export interface ManifestMotionModel {
  /** TF.js layers-model JSON (`modelTopology` and `weightsManifest`), as `tf.io` writes it. */
  readonly model: typeof MOTION_MODEL_PATH;
  readonly weights: typeof MOTION_WEIGHTS_PATH;
  /** lib/motion `MOTION_MODEL_VERSION` it was saved in. */
  readonly version: number;
  readonly spec: MotionNetSpec;
  /** The network's outputs, in order. */
  readonly classNames: readonly string[];
  readonly idleClass: string | null;
  readonly training: ManifestMotionTraining;
}

/** Version 4: the motion classes, their clips' rows (one float32 block) and the trained motion model. */
export interface ManifestMotions {
  /** Every clip's rows, clip after clip: dimension is lib/motion `MOTION_ROW_SIZE`, count the clips' frames together. */
  readonly rows: { readonly file: typeof MOTION_CLIPS_PATH; readonly dtype: 'float32'; readonly byteOrder: 'little-endian'; readonly dimension: number; readonly count: number };
  readonly classes: readonly ManifestMotionClass[];
  readonly model: ManifestMotionModel | null;
}

/**
 * Checks the manifest's `motions` field by field: ids (unique, and none the same as a pose class's,
 * since actions name classes by id), names, at most one idle class, mutual mirror pairs of motion
 * classes, clips laid out one after another within the caps of `MOTION_LIMITS`, and the motion
 * model's description. The rows themselves and the network are checked as they are read.
 */
export function parseMotions(json: unknown, version: number, poseClassIds: ReadonlySet<string>): ManifestMotions {
  if (version < MOTIONS_FORMAT_VERSION) throw badManifest(`motions need project format version ${MOTIONS_FORMAT_VERSION}, but the file says ${version}`);
  const root = objectAt(json, 'motions');
  const rowsJson = objectAt(root.rows, 'motions.rows');
  if (rowsJson.file !== MOTION_CLIPS_PATH) throw badManifest(`motions.rows.file must be "${MOTION_CLIPS_PATH}"`);
  oneOf(rowsJson.dtype, 'motions.rows.dtype', ['float32']);
  oneOf(rowsJson.byteOrder, 'motions.rows.byteOrder', ['little-endian']);
  const dimension = integerAt(rowsJson.dimension, 'motions.rows.dimension', 1, MOTION_LIMITS.filters);
  if (dimension !== MOTION_ROW_SIZE) {
    throw new ProjectFileError(
      'bad-motion-clips',
      `This project's motion clips have rows of ${dimension} values, but this copy of Gesture Studio makes rows of ${MOTION_ROW_SIZE}; ${EXPORT_AGAIN}.`,
      MOTION_CLIPS_PATH,
    );
  }
  const count = integerAt(rowsJson.count, 'motions.rows.count', 0, MOTION_LIMITS.clips * MOTION_LIMITS.clipFrames);

  const list = arrayAt(root.classes, 'motions.classes', MOTION_LIMITS.classes);
  const ids = new Set(poseClassIds);
  const accepted: GestureClass[] = [];
  let clipCount = 0;
  let rows = 0;
  const classes = list.map((value, i): ManifestMotionClass => {
    const path = `motions.classes[${i}]`;
    const c = objectAt(value, path);
    const id = uniqueId(c.id, `${path}.id`, ids);
    const name = motionClassName(c.name, `${path}.name`, accepted);
    accepted.push({ id, name, samples: [] });
    const role = oneOf(c.role, `${path}.role`, ROLES);
    const mirror = mirrorAt(c.mirror, `${path}.mirror`);
    const clipsJson = arrayAt(c.clips, `${path}.clips`, MOTION_LIMITS.clips);
    clipCount += clipsJson.length;
    if (clipCount > MOTION_LIMITS.clips) throw badManifest(`motions hold more than ${MOTION_LIMITS.clips} clips`);
    const clips = clipsJson.map((clipJson, j) => {
      const clip = parseClip(clipJson, `${path}.clips[${j}]`, ids, rows * MOTION_ROW_SIZE * 4);
      rows += clip.frames;
      return clip;
    });
    return { id, name, role, mirror, clips };
  });
  if (rows !== count) throw badManifest(`motions.rows.count is ${count}, but the clips have ${rows} frames together`);
  checkRolesAndMirrors(classes);
  const model = root.model === null ? null : parseMotionModel(objectAt(root.model, 'motions.model'));
  return { rows: { file: MOTION_CLIPS_PATH, dtype: 'float32', byteOrder: 'little-endian', dimension, count }, classes, model };
}

function uniqueId(value: unknown, path: string, ids: Set<string>): string {
  const id = idAt(value, path);
  if (ids.has(id)) throw badManifest(`the id ${quoted(id)} is used twice`);
  ids.add(id);
  return id;
}

/** A name the studio would accept for a motion class: not empty, not too long, not another motion class's (ignoring case). */
function motionClassName(value: unknown, path: string, accepted: readonly GestureClass[]): string {
  const name = stringAt(value, path, 10_000).trim();
  const problem = validateClassName(name, accepted);
  if (problem?.startsWith('Another class')) {
    throw new ProjectFileError(
      'duplicate-class',
      `Two motion classes in this project are both called ${quoted(name)} (names must differ, ignoring case); rename one in the file's manifest.json, or ${EXPORT_AGAIN}.`,
      MANIFEST_PATH,
    );
  }
  if (problem) {
    const reason = problem.replace(/\.$/, '');
    throw new ProjectFileError(
      'bad-class-name',
      `A motion class in this project has a name Gesture Studio cannot use (${reason.charAt(0).toLowerCase()}${reason.slice(1)}); fix it in the file's manifest.json, or ${EXPORT_AGAIN}.`,
      MANIFEST_PATH,
    );
  }
  return name;
}

function mirrorAt(value: unknown, path: string): MirrorChoice {
  if (value === 'off' || value === 'self') return value;
  const partner = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json).partner : undefined;
  if (partner === undefined) throw badManifest(`${path} must be "off", "self" or { "partner": <class id> }`);
  return { partner: idAt(partner, `${path}.partner`) };
}

function parseClip(value: unknown, path: string, ids: Set<string>, byteOffset: number): ManifestClip {
  const json = objectAt(value, path);
  const id = uniqueId(json.id, `${path}.id`, ids);
  const source = oneOf(json.source, `${path}.source`, CLIP_SOURCES);
  const createdAt = numberAt(json.createdAt, `${path}.createdAt`, 0);
  const rate = numberAt(json.rate, `${path}.rate`, 0, MOTION_LIMITS.rate);
  if (rate === 0) throw badManifest(`${path}.rate must be above 0`);
  const frames = integerAt(json.frames, `${path}.frames`, 1, MOTION_LIMITS.clipFrames);
  if (json.byteOffset !== byteOffset) throw badManifest(`${path}.byteOffset must be ${byteOffset}: clips lie one after another in ${MOTION_CLIPS_PATH}`);
  return { id, source, createdAt, rate, frames, byteOffset };
}

/** One idle class at most, and its mirror is itself; a motion class's mirror partner is another motion class whose partner it is. */
function checkRolesAndMirrors(classes: readonly ManifestMotionClass[]): void {
  const idle = classes.filter((c) => c.role === 'idle');
  if (idle.length > 1) throw badManifest(`motions.classes has ${idle.length} "no motion" classes (${idle.map((c) => quoted(c.name, 30)).join(', ')}); a project has one at most`);
  const byId = new Map(classes.map((c) => [c.id, c]));
  for (const c of classes) {
    if (c.role === 'idle' && c.mirror !== 'self') throw badManifest(`the "no motion" class ${quoted(c.name, 30)} must mirror as "self"`);
    if (typeof c.mirror !== 'object') continue;
    const partner = byId.get(c.mirror.partner);
    if (!partner || partner.id === c.id || partner.role !== 'motion') {
      throw badManifest(`the motion class ${quoted(c.name, 30)} is paired for mirroring with ${quoted(c.mirror.partner, 30)}, which is not another motion class of the project`);
    }
    if (typeof partner.mirror !== 'object' || partner.mirror.partner !== c.id) {
      throw badManifest(`the motion class ${quoted(c.name, 30)} is paired for mirroring with ${quoted(partner.name, 30)}, which is not paired with it`);
    }
  }
}

function parseMotionModel(json: Json): ManifestMotionModel {
  if (json.model !== MOTION_MODEL_PATH) throw badManifest(`motions.model.model must be "${MOTION_MODEL_PATH}"`);
  if (json.weights !== MOTION_WEIGHTS_PATH) throw badManifest(`motions.model.weights must be "${MOTION_WEIGHTS_PATH}"`);
  const version = integerAt(json.version, 'motions.model.version', 1, Number.MAX_SAFE_INTEGER);
  if (version > MOTION_MODEL_VERSION) {
    throw new ProjectFileError(
      'newer-version',
      `This project's motion model was saved by a newer Gesture Studio (motion model format ${version}; this copy reads up to ${MOTION_MODEL_VERSION}); reload the page to update Gesture Studio, then import the file again.`,
      MOTION_MODEL_PATH,
    );
  }
  const classNames = arrayAt(json.classNames, 'motions.model.classNames', MOTION_LIMITS.classes).map((n, i) => stringAt(n, `motions.model.classNames[${i}]`, 10_000));
  if (classNames.length < 2) throw badManifest('motions.model.classNames must name two classes or more');
  const idleClass = json.idleClass === null ? null : stringAt(json.idleClass, 'motions.model.idleClass', 10_000);
  if (idleClass !== null && !classNames.includes(idleClass)) throw badManifest('motions.model.idleClass must be one of its classNames');
  return {
    model: MOTION_MODEL_PATH,
    weights: MOTION_WEIGHTS_PATH,
    version,
    spec: parseSpec(objectAt(json.spec, 'motions.model.spec'), version),
    classNames,
    idleClass,
    training: parseTraining(objectAt(json.training, 'motions.model.training')),
  };
}

/**
 * Only the fields a `MotionNetSpec` has, each in range; `loadMotionModel` checks they fit the network.
 * A version 1 model says no `sizeScale`: it scaled by `LEGACY_SIZE_SCALE`.
 */
function parseSpec(json: Json, version: number): MotionNetSpec {
  const windowFrames = integerAt(json.windowFrames, 'motions.model.spec.windowFrames', 1, MOTION_LIMITS.clipFrames);
  const layers = arrayAt(json.layers, 'motions.model.spec.layers', MOTION_LIMITS.layers).map((value, i): TemporalConv => {
    const path = `motions.model.spec.layers[${i}]`;
    const layer = objectAt(value, path);
    return {
      filters: integerAt(layer.filters, `${path}.filters`, 1, MOTION_LIMITS.filters),
      kernel: integerAt(layer.kernel, `${path}.kernel`, 1, windowFrames),
      stride: integerAt(layer.stride, `${path}.stride`, 1, windowFrames),
      padding: oneOf(layer.padding, `${path}.padding`, ['same', 'valid'] as const),
    };
  });
  const rate = numberAt(json.rate, 'motions.model.spec.rate', 0, MOTION_LIMITS.rate);
  if (rate === 0) throw badManifest('motions.model.spec.rate must be above 0');
  const dropout = numberAt(json.dropout, 'motions.model.spec.dropout', 0, 0.99);
  const sizeScale = version < 2 ? LEGACY_SIZE_SCALE : numberAt(json.sizeScale, 'motions.model.spec.sizeScale', 0, MOTION_LIMITS.sizeScale);
  if (sizeScale === 0) throw badManifest('motions.model.spec.sizeScale must be above 0');
  return { rate, windowFrames, input: oneOf(json.input, 'motions.model.spec.input', MOTION_INPUTS), sizeScale, layers, pooling: oneOf(json.pooling, 'motions.model.spec.pooling', ['avg', 'max'] as const), dropout };
}

function parseTraining(json: Json): ManifestMotionTraining {
  const history = arrayAt(json.history, 'motions.model.training.history', MOTION_LIMITS.epochs).map((value, i): EpochReport => {
    const path = `motions.model.training.history[${i}]`;
    const r = objectAt(value, path);
    const orNull = (v: unknown, field: string) => (v === null ? null : numberAt(v, `${path}.${field}`));
    return {
      epoch: integerAt(r.epoch, `${path}.epoch`, 1, MOTION_LIMITS.epochs),
      epochs: integerAt(r.epochs, `${path}.epochs`, 1, MOTION_LIMITS.epochs),
      loss: numberAt(r.loss, `${path}.loss`),
      accuracy: numberAt(r.accuracy, `${path}.accuracy`, 0, 1),
      validationLoss: orNull(r.validationLoss, 'validationLoss'),
      validationAccuracy: orNull(r.validationAccuracy, 'validationAccuracy'),
      learningRate: numberAt(r.learningRate, `${path}.learningRate`, 0),
    };
  });
  if (typeof json.stoppedEarly !== 'boolean') throw badManifest('motions.model.training.stoppedEarly must be true or false');
  return {
    history,
    bestEpoch: integerAt(json.bestEpoch, 'motions.model.training.bestEpoch', 0, history.length),
    stoppedEarly: json.stoppedEarly,
    validationAccuracy: json.validationAccuracy === null ? null : numberAt(json.validationAccuracy, 'motions.model.training.validationAccuracy', 0, 1),
    trainedOn: stringAt(json.trainedOn, 'motions.model.training.trainedOn', MAX_TRAINED_ON_LENGTH),
    trainedAt: numberAt(json.trainedAt, 'motions.model.training.trainedAt', 0),
  };
}

function numberAt(value: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = Number.isFinite(max) ? `a number from ${min} to ${max}` : Number.isFinite(min) ? `a number from ${min}` : 'a finite number';
    throw badManifest(`${path} must be ${range}`);
  }
  return value;
}
