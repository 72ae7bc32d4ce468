import { ActionsFormatError, MAX_SLIDES, parseBindings, type GestureActions } from '../actions';
import { resolveAugmentSettings, type AugmentSettings } from '../augment';
import { BACKBONES, type BackboneId } from '../backbone';
import { INPUT_MODES, validateClassName, type Framing, type GestureClass, type InputMode, type SampleSource } from '../dataset';
import { DEFAULT_TRAIN_PARAMS, resolveTrainParams, type TrainParams } from '../train';
import { IMAGE_EXTENSIONS } from '../image/image-format';
import { MOTION_CLIPS_PATH, parseMotions, type ManifestMotions } from './motion-manifest';
import { arrayAt, badManifest, idAt, integerAt, MANIFEST_PATH, objectAt, oneOf, stringAt, type Json } from './manifest-fields';
import { EXPORT_AGAIN, ProjectFileError, quoted, type ProjectFileErrorKind } from './project-error';

export { arrayAt, badManifest, describeValue, idAt, integerAt, MANIFEST_PATH, objectAt, oneOf, SAFE_ID, stringAt, type Json } from './manifest-fields';

/** The `format` every project manifest carries. */
export const PROJECT_FORMAT = 'gesture-studio-project';
/**
 * The newest project format version this app writes and reads; older versions are read too. Version 2
 * adds `head.trainableBlocks` (a fine-tuned network), version 3 `actions` (gesture actions and the
 * slide deck), version 4 `motions` (motion classes, their clips and the motion model). A file is
 * written in the lowest version that holds what it carries, so older copies of the app keep opening
 * files that use nothing newer.
 */
export const PROJECT_FORMAT_VERSION = 4;
/** The first versions that may carry `head.trainableBlocks`, and `actions`. */
export const FINE_TUNE_FORMAT_VERSION = 2;
export const ACTIONS_FORMAT_VERSION = 3;

export const EMBEDDINGS_PATH = 'embeddings.bin';
export const LANDMARKS_PATH = 'landmarks.bin';
export const HEAD_MODEL_PATH = 'head/model.json';
export const HEAD_WEIGHTS_PATH = 'head/weights.bin';
/** Sample images live at `samples/<sample id>.<jpg|png|webp>`. */
export const SAMPLES_DIR = 'samples/';
/** Slide images live at `slides/<slide id>.<jpg|png|webp>`. */
export const SLIDES_DIR = 'slides/';

export const MAX_PROJECT_NAME_LENGTH = 200;
/** Caps that keep a hand-edited manifest from asking for absurd amounts of work or memory. */
export const MAX_CLASSES = 1000;
export const MAX_LANDMARK_DIMENSION = 4096;
/** Longest head input row (and largest weight dimension) accepted. */
export const MAX_HEAD_INPUT = 65_536;

export const FRAMINGS: readonly Framing[] = ['frame', 'hand'];
export const INPUT_MODE_IDS: readonly InputMode[] = INPUT_MODES.map((m) => m.id);
export const SOURCES: readonly SampleSource[] = ['camera', 'upload', 'import'];

/** A block of float32 vectors, little-endian, one after another. */
export interface VectorBlock {
  readonly file: string;
  readonly dtype: 'float32';
  readonly byteOrder: 'little-endian';
  /** Values per vector. */
  readonly dimension: number;
  /** Vectors in the file; its size is exactly count x dimension x 4 bytes. */
  readonly count: number;
}

export interface ManifestSample {
  readonly id: string;
  readonly source: SampleSource;
  /** The sample's image entry (`samples/<id>.jpg`), or null for a sample kept without one. */
  readonly image: string | null;
  /** Byte offset of this sample's embedding in embeddings.bin. */
  readonly embeddingByteOffset: number;
  /** Byte offset of its hand landmarks in landmarks.bin; null when no hand was found in it. */
  readonly landmarksByteOffset: number | null;
}

export interface ManifestClass {
  readonly id: string;
  /** Plain text, shown as text and never interpreted as markup. */
  readonly name: string;
  readonly samples: readonly ManifestSample[];
}

export interface ManifestHead {
  /** TF.js layers-model JSON (`modelTopology` and `weightsManifest`), as `tf.io` writes it. */
  readonly model: string;
  readonly weights: string;
  /** The head's outputs, in order; the dataset's classes may have changed since it was trained. */
  readonly classNames: readonly string[];
  readonly inputMode: InputMode;
  /** Length of the rows the head takes (embedding, landmarks, or both). */
  readonly embeddingSize: number;
  /**
   * Version 2: present when the model is a fine-tuned network, the backbone's last 1 or 2 blocks and
   * the head as one model that takes the activations at the cut before them (lib/finetune).
   */
  readonly trainableBlocks?: 1 | 2;
}

export interface ManifestSlide {
  readonly id: string;
  /** `slides/<id>.jpg` (or .png, .webp). */
  readonly image: string;
}

/** Version 3: what the gestures do (lib/actions' `GestureActions`), the deck's images listed by path, in deck order. */
export type ManifestActions = Omit<GestureActions, 'slides'> & { readonly slides: readonly ManifestSlide[] };

export interface ProjectSettings {
  readonly train: TrainParams;
  readonly augment: AugmentSettings;
  /** Confidence below which the live view shows "unknown", 0..1. */
  readonly threshold: number;
}

/** manifest.json, format version 1. */
export interface ProjectManifest {
  readonly format: typeof PROJECT_FORMAT;
  readonly version: number;
  readonly appVersion: string;
  /** ISO 8601, when the file was written. */
  readonly createdAt: string;
  readonly name: string;
  readonly backboneId: BackboneId;
  readonly framing: Framing;
  readonly inputMode: InputMode;
  readonly settings: ProjectSettings;
  /** Tagged with the backbone that made them: they mean nothing to another one. */
  readonly embeddings: VectorBlock & { readonly backboneId: BackboneId };
  /** Null when no sample has landmarks. */
  readonly landmarks: VectorBlock | null;
  readonly classes: readonly ManifestClass[];
  readonly head: ManifestHead | null;
  /** Version 3; absent when no gesture has an action and the deck is empty. */
  readonly actions?: ManifestActions;
  /** Version 4; absent when the project has no motion class and no motion model. */
  readonly motions?: ManifestMotions;
}

/** Checks manifest.json's JSON field by field; the result is safe to act on. */
export function parseManifest(json: unknown): ProjectManifest {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || (json as Json).format !== PROJECT_FORMAT) {
    throw new ProjectFileError(
      'unknown-format',
      'This zip is not a Gesture Studio project (its manifest.json describes something else); choose a project file that Gesture Studio exported.',
      MANIFEST_PATH,
    );
  }
  const root = json as Json;
  const version = root.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw badManifest('version must be a whole number from 1');
  if (version > PROJECT_FORMAT_VERSION) {
    throw new ProjectFileError(
      'newer-version',
      `This project was saved in project format version ${version}, but this copy of Gesture Studio reads versions up to ${PROJECT_FORMAT_VERSION}; reload the page to update Gesture Studio, then import the file again.`,
      MANIFEST_PATH,
    );
  }
  const backboneId = backboneIdAt(root.backboneId, 'backboneId');
  const appVersion = stringAt(root.appVersion, 'appVersion', 100);
  const createdAt = stringAt(root.createdAt, 'createdAt', 100);
  if (!Number.isFinite(Date.parse(createdAt))) throw badManifest('createdAt must be a date');
  const name = stringAt(root.name, 'name', MAX_PROJECT_NAME_LENGTH).trim();
  if (name === '') throw badManifest('name must not be empty');
  const framing = oneOf(root.framing, 'framing', FRAMINGS);
  const inputMode = oneOf(root.inputMode, 'inputMode', INPUT_MODE_IDS);
  const settings = parseSettings(objectAt(root.settings, 'settings'));

  const embeddingsJson = objectAt(root.embeddings, 'embeddings');
  const embeddingsBackbone = backboneIdAt(embeddingsJson.backboneId, 'embeddings.backboneId');
  if (embeddingsBackbone !== backboneId) throw badManifest(`embeddings.backboneId (${embeddingsBackbone}) differs from backboneId (${backboneId})`);
  const embeddings = { ...parseBlock(embeddingsJson, 'embeddings', EMBEDDINGS_PATH, MAX_HEAD_INPUT), backboneId };
  const expected = BACKBONES[backboneId].embeddingSize;
  if (embeddings.dimension !== expected) {
    throw blockError('bad-embeddings', 'embeddings', `they have ${embeddings.dimension} values each, but ${BACKBONES[backboneId].label} makes ${expected}`);
  }
  const landmarks = root.landmarks === null ? null : parseBlock(objectAt(root.landmarks, 'landmarks'), 'landmarks', LANDMARKS_PATH, MAX_LANDMARK_DIMENSION);

  const classes = parseClasses(arrayAt(root.classes, 'classes', MAX_CLASSES));
  const samples = classes.flatMap((c) => c.samples);
  if (embeddings.count !== samples.length) {
    throw blockError('bad-embeddings', 'embeddings', `the manifest lists ${samples.length} samples but ${embeddings.count} embeddings`);
  }
  const withLandmarks = samples.filter((s) => s.landmarksByteOffset !== null);
  if ((landmarks?.count ?? 0) !== withLandmarks.length) {
    throw blockError('bad-landmarks', 'hand landmarks', `the manifest lists ${withLandmarks.length} samples with landmarks but ${landmarks?.count ?? 0} landmark sets`);
  }
  for (const s of samples) {
    checkOffset(s.embeddingByteOffset, embeddings, 'bad-embeddings', 'embeddings', s.id);
    if (s.landmarksByteOffset !== null && landmarks) checkOffset(s.landmarksByteOffset, landmarks, 'bad-landmarks', 'hand landmarks', s.id);
  }

  const head = root.head === null ? null : parseHead(objectAt(root.head, 'head'));
  const motions = root.motions === undefined ? null : parseMotions(root.motions, version, new Set(classes.map((c) => c.id)));
  // Actions name the classes they are bound to by id, pose or motion.
  const classIds = new Set([...classes.map((c) => c.id), ...(motions?.classes.map((c) => c.id) ?? [])]);
  const actions = root.actions === undefined ? null : parseActions(root.actions, version, classIds);
  return {
    format: PROJECT_FORMAT,
    version,
    appVersion,
    createdAt,
    name,
    backboneId,
    framing,
    inputMode,
    settings,
    embeddings,
    landmarks,
    classes,
    head,
    ...(actions ? { actions } : {}),
    ...(motions ? { motions } : {}),
  };
}

function parseActions(json: unknown, version: number, classIds: ReadonlySet<string>): ManifestActions {
  if (version < ACTIONS_FORMAT_VERSION) throw badManifest(`actions need project format version ${ACTIONS_FORMAT_VERSION}, but the file says ${version}`);
  const root = objectAt(json, 'actions');
  let mapping: ReturnType<typeof parseBindings>;
  try {
    mapping = parseBindings(root, classIds);
  } catch (error) {
    if (!(error instanceof ActionsFormatError)) throw error;
    if (error.kind === 'bad-actions') throw badManifest(error.problem);
    throw new ProjectFileError(
      'unknown-action',
      `This project gives a gesture an action (${quoted(error.problem)}) this copy of Gesture Studio does not know; reload the page to update Gesture Studio, then import the file again.`,
      MANIFEST_PATH,
    );
  }
  const ids = new Set<string>();
  const slides = arrayAt(root.slides, 'actions.slides', MAX_SLIDES).map((value, i) => {
    const path = `actions.slides[${i}]`;
    const slide = objectAt(value, path);
    const id = idAt(slide.id, `${path}.id`);
    if (ids.has(id)) throw badManifest(`the slide id ${quoted(id)} is used twice`);
    ids.add(id);
    return { id, image: imagePathAt(slide.image, `${path}.image`, SLIDES_DIR, id) };
  });
  return { ...mapping, slides };
}

/** `<dir><id>.<jpg|png|webp>`, the only image path an entry with this id may have. */
function imagePathAt(value: unknown, path: string, dir: string, id: string): string {
  const image = stringAt(value, path, 300);
  const allowed = Object.values(IMAGE_EXTENSIONS).map((ext) => `${dir}${id}.${ext}`);
  if (!allowed.includes(image)) throw badManifest(`${path} must be ${dir}${id}.jpg, .png or .webp`);
  return image;
}

function backboneIdAt(value: unknown, path: string): BackboneId {
  const id = stringAt(value, path, 100);
  // An own-property check: `in` would accept "toString" or "constructor" from a hostile file.
  if (!Object.prototype.hasOwnProperty.call(BACKBONES, id)) {
    throw new ProjectFileError(
      'unknown-backbone',
      `This project was made with a backbone (${quoted(id)}) this copy of Gesture Studio does not have; reload the page to update Gesture Studio, then import the file again.`,
      MANIFEST_PATH,
    );
  }
  return id as BackboneId;
}

function parseSettings(json: Json): ProjectSettings {
  const trainJson = objectAt(json.train, 'settings.train');
  const augmentJson = objectAt(json.augment, 'settings.augment');
  // Only known fields go on: a hostile file's extra keys must not ride along into the app's state.
  const pick = <T extends object>(from: Json, defaults: T): Partial<T> =>
    Object.fromEntries(Object.keys(defaults).map((key) => [key, from[key]]).filter(([, v]) => v !== undefined)) as Partial<T>;
  let train: TrainParams;
  let augment: AugmentSettings;
  try {
    train = resolveTrainParams(pick(trainJson, DEFAULT_TRAIN_PARAMS));
    augment = resolveAugmentSettings(pick(augmentJson, resolveAugmentSettings()));
  } catch (error) {
    throw badManifest(`settings: ${(error as Error).message.replace(/\.$/, '')}`);
  }
  const threshold = json.threshold;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) throw badManifest('settings.threshold must be a number from 0 to 1');
  return { train, augment, threshold };
}

function parseBlock(json: Json, path: string, file: string, maxDimension: number): VectorBlock {
  if (json.file !== file) throw badManifest(`${path}.file must be "${file}"`);
  oneOf(json.dtype, `${path}.dtype`, ['float32']);
  oneOf(json.byteOrder, `${path}.byteOrder`, ['little-endian']);
  return {
    file,
    dtype: 'float32',
    byteOrder: 'little-endian',
    dimension: integerAt(json.dimension, `${path}.dimension`, 1, maxDimension),
    count: integerAt(json.count, `${path}.count`, 0, Number.MAX_SAFE_INTEGER),
  };
}

function parseClasses(list: unknown[]): ManifestClass[] {
  const classes: ManifestClass[] = [];
  const accepted: GestureClass[] = [];
  const ids = new Set<string>();
  let sampleCount = 0;
  for (const [i, value] of list.entries()) {
    const path = `classes[${i}]`;
    const json = objectAt(value, path);
    const id = idAt(json.id, `${path}.id`);
    if (ids.has(id)) throw badManifest(`the id ${quoted(id)} is used twice`);
    ids.add(id);
    // Kept exactly as text: a name full of markup is a strange name, never markup.
    const name = stringAt(json.name, `${path}.name`, 10_000).trim();
    const clash = accepted.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (clash) {
      throw new ProjectFileError(
        'duplicate-class',
        `Two classes in this project are both called ${quoted(name)} (names must differ, ignoring case); rename one in the file's manifest.json, or ${EXPORT_AGAIN}.`,
        MANIFEST_PATH,
      );
    }
    const problem = validateClassName(name, accepted);
    if (problem) {
      const reason = problem.replace(/\.$/, '');
      throw new ProjectFileError(
        'bad-class-name',
        `A class in this project has a name Gesture Studio cannot use (${reason.charAt(0).toLowerCase()}${reason.slice(1)}); fix it in the file's manifest.json, or ${EXPORT_AGAIN}.`,
        MANIFEST_PATH,
      );
    }
    accepted.push({ id, name, samples: [] });
    const samplesJson = arrayAt(json.samples, `${path}.samples`, Number.MAX_SAFE_INTEGER);
    sampleCount += samplesJson.length;
    if (sampleCount > 1_000_000) throw badManifest('it lists more than 1,000,000 samples');
    const samples = samplesJson.map((s, j) => parseSample(s, `${path}.samples[${j}]`, ids));
    classes.push({ id, name, samples });
  }
  return classes;
}

function parseSample(value: unknown, path: string, ids: Set<string>): ManifestSample {
  const json = objectAt(value, path);
  const id = idAt(json.id, `${path}.id`);
  if (ids.has(id)) throw badManifest(`the id ${quoted(id)} is used twice`);
  ids.add(id);
  const source = oneOf(json.source, `${path}.source`, SOURCES);
  const image = json.image === null ? null : imagePathAt(json.image, `${path}.image`, SAMPLES_DIR, id);
  const embeddingByteOffset = integerAt(json.embeddingByteOffset, `${path}.embeddingByteOffset`, 0, Number.MAX_SAFE_INTEGER);
  const landmarksByteOffset =
    json.landmarksByteOffset === null ? null : integerAt(json.landmarksByteOffset, `${path}.landmarksByteOffset`, 0, Number.MAX_SAFE_INTEGER);
  return { id, source, image, embeddingByteOffset, landmarksByteOffset };
}

function parseHead(json: Json): ManifestHead {
  if (json.model !== HEAD_MODEL_PATH) throw badManifest(`head.model must be "${HEAD_MODEL_PATH}"`);
  if (json.weights !== HEAD_WEIGHTS_PATH) throw badManifest(`head.weights must be "${HEAD_WEIGHTS_PATH}"`);
  const classNames = arrayAt(json.classNames, 'head.classNames', MAX_CLASSES).map((n, i) => stringAt(n, `head.classNames[${i}]`, 10_000));
  if (classNames.length === 0) throw badManifest('head.classNames must not be empty');
  return {
    model: HEAD_MODEL_PATH,
    weights: HEAD_WEIGHTS_PATH,
    classNames,
    inputMode: oneOf(json.inputMode, 'head.inputMode', INPUT_MODE_IDS),
    embeddingSize: integerAt(json.embeddingSize, 'head.embeddingSize', 1, MAX_HEAD_INPUT),
    ...(json.trainableBlocks === undefined ? {} : { trainableBlocks: integerAt(json.trainableBlocks, 'head.trainableBlocks', 1, 2) as 1 | 2 }),
  };
}

function checkOffset(offset: number, block: VectorBlock, kind: ProjectFileErrorKind, what: string, sampleId: string): void {
  const size = block.dimension * 4;
  if (offset % 4 !== 0 || offset + size > block.count * size) {
    throw blockError(kind, what, `sample ${quoted(sampleId)} points outside ${block.file}`);
  }
}

export function blockError(kind: ProjectFileErrorKind, what: string, detail: string): ProjectFileError {
  const entry = kind === 'bad-landmarks' ? LANDMARKS_PATH : kind === 'bad-motion-clips' ? MOTION_CLIPS_PATH : EMBEDDINGS_PATH;
  return new ProjectFileError(kind, `This project's ${what} do not fit its manifest (${detail}); ${EXPORT_AGAIN}.`, entry);
}

