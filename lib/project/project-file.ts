import { ActionsFormatError, MAX_SLIDES, NO_ACTIONS, parseBindings, type GestureActions, type Slide } from '../actions';
import { resolveAugmentSettings } from '../augment';
import { BACKBONES, type BackboneId, type BackboneInfo } from '../backbone';
import { framingOfDataset, validateClassName, type Dataset, type GestureClass, type InputMode, type Sample } from '../dataset';
import { EMPTY_MOTION_PROJECT, type MotionProject } from '../motion';
import { resolveTrainParams } from '../train';
import { IMAGE_EXTENSIONS, imageSize, sniffImageType } from '../image/image-format';
import { DEFAULT_PROJECT_FILE_LIMITS, resolveProjectFileLimits, type ProjectFileLimits } from './limits';
import {
  ACTIONS_FORMAT_VERSION,
  badManifest,
  describeValue,
  EMBEDDINGS_PATH,
  HEAD_MODEL_PATH,
  HEAD_WEIGHTS_PATH,
  INPUT_MODE_IDS,
  LANDMARKS_PATH,
  MANIFEST_PATH,
  MAX_CLASSES,
  MAX_HEAD_INPUT,
  MAX_LANDMARK_DIMENSION,
  MAX_PROJECT_NAME_LENGTH,
  parseManifest,
  PROJECT_FORMAT,
  FINE_TUNE_FORMAT_VERSION,
  SAFE_ID,
  SAMPLES_DIR,
  SLIDES_DIR,
  SOURCES,
  type ManifestActions,
  type ManifestHead,
  type ManifestSample,
  type ManifestSlide,
  type ProjectManifest,
  type ProjectSettings,
} from './manifest';
import { EXPORT_AGAIN, ProjectFileError, quoted } from './project-error';
import { createStoredZip, formatBytes, openZip, type ZipInput, type ZipReader } from './zip';
import { motionEntryCount, motionFiles, readMotions } from './motion-file';
import { MOTIONS_FORMAT_VERSION } from './motion-manifest';
import { allFinite, entryOf, layersModelFiles, putFloats, readBlock, readJsonEntry, readLayersModel, takeFloats, type HeadArtifacts } from './file-parts';

/** Written into every manifest; keep equal to package.json's version (a test checks). */
export const APP_VERSION = '0.1.0';

export type { HeadArtifacts };

export interface ProjectHead {
  readonly artifacts: HeadArtifacts;
  /** The head's outputs, in order. */
  readonly classNames: readonly string[];
  /** What the head's input rows are made of. */
  readonly inputMode: InputMode;
  /** Length of those rows. */
  readonly embeddingSize: number;
  /** Set for a fine-tuned network (see `ManifestHead.trainableBlocks`); absent for a head on the frozen backbone. */
  readonly trainableBlocks?: 1 | 2;
}

/**
 * Everything a project file carries. Augmented views (`Sample.views`) are not saved: they are a
 * cache, remade from the images and the augment settings.
 */
export interface ProjectData {
  /** Plain text. */
  readonly name: string;
  readonly dataset: Dataset;
  readonly inputMode: InputMode;
  readonly settings: ProjectSettings;
  readonly head: ProjectHead | null;
  /** What the gestures do and the slide deck (files before version 3 have none). */
  readonly actions: GestureActions;
  /** Motion classes with their clips and the motion model (files before version 4 have none); left out, none are saved. */
  readonly motions?: MotionProject;
}

/** What the file says about itself. */
export interface ProjectFileInfo {
  readonly formatVersion: number;
  readonly appVersion: string;
  readonly createdAt: string;
}

export interface ImportedProject extends ProjectData {
  readonly motions: MotionProject;
  readonly fileInfo: ProjectFileInfo;
}

export interface ProjectProgress {
  readonly done: number;
  readonly total: number;
}

export interface WriteProjectOptions {
  /** Default `APP_VERSION`. */
  readonly appVersion?: string;
  /** The file's creation time; default now. */
  readonly now?: Date;
  /** Aborting rejects with the signal's reason; nothing is written. */
  readonly signal?: AbortSignal;
  /** Called as zip entries are written. */
  readonly onProgress?: (progress: ProjectProgress) => void;
}

export interface ReadProjectOptions {
  readonly limits?: Partial<ProjectFileLimits>;
  /** Aborting rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called after each file in the zip is read and checked. */
  readonly onProgress?: (progress: ProjectProgress) => void;
}

/**
 * Packs `project` into a zip laid out as `ProjectManifest` describes. Throws a
 * RangeError, naming what to fix, for data the reader would refuse, so no file is written that
 * cannot be opened again. Never mutates `project`.
 */
export async function writeProjectFile(project: ProjectData, options: WriteProjectOptions = {}): Promise<Blob> {
  const { dataset } = project;
  const backbone = knownBackbone(dataset.backboneId);
  const settings = checkedSettings(project.settings);
  const name = project.name.trim();
  if (name === '' || name.length > MAX_PROJECT_NAME_LENGTH) throw new RangeError(`A project name needs 1 to ${MAX_PROJECT_NAME_LENGTH} characters.`);
  if (!INPUT_MODE_IDS.includes(project.inputMode)) throw new RangeError(`Unknown input mode ${describeValue(project.inputMode)}.`);
  checkClasses(dataset.classes);

  const samples = dataset.classes.flatMap((c) => c.samples);
  const dimension = backbone.embeddingSize;
  const withLandmarks = samples.filter((s) => s.landmarks !== undefined);
  const landmarkDimension = withLandmarks[0]?.landmarks?.length ?? 0;
  const embeddings = new Uint8Array(samples.length * dimension * 4);
  const landmarks = new Uint8Array(withLandmarks.length * landmarkDimension * 4);
  const sampleEntries: ZipInput[] = [];
  const manifestSamples = new Map<string, ManifestSample>();
  let landmarkRow = 0;
  for (const [row, sample] of samples.entries()) {
    if (sample.embedding.length !== dimension) throw new RangeError(`Sample ${sample.id} has ${sample.embedding.length} embedding values; ${backbone.label} makes ${dimension}.`);
    if (!allFinite(sample.embedding)) throw new RangeError(`Sample ${sample.id} has an embedding value that is not a finite number.`);
    putFloats(embeddings, row * dimension * 4, sample.embedding);
    let landmarksByteOffset: number | null = null;
    if (sample.landmarks !== undefined) {
      if (sample.landmarks.length !== landmarkDimension || landmarkDimension === 0 || landmarkDimension > MAX_LANDMARK_DIMENSION) {
        throw new RangeError(`Sample ${sample.id} has ${sample.landmarks.length} landmark values; the others have ${landmarkDimension}.`);
      }
      if (!allFinite(sample.landmarks)) throw new RangeError(`Sample ${sample.id} has a landmark value that is not a finite number.`);
      landmarksByteOffset = landmarkRow * landmarkDimension * 4;
      putFloats(landmarks, landmarksByteOffset, sample.landmarks);
      landmarkRow += 1;
    }
    let image: string | null = null;
    if (sample.image !== null) {
      image = await imageEntryName(sample.image, SAMPLES_DIR, sample.id, `Sample ${sample.id}`);
      sampleEntries.push({ name: image, data: sample.image });
    }
    manifestSamples.set(sample.id, { id: sample.id, source: sample.source, image, embeddingByteOffset: row * dimension * 4, landmarksByteOffset });
  }

  const head = project.head ? headFiles(project.head) : null;
  const motions = await motionFiles(project.motions, new Set(dataset.classes.map((c) => c.id)));
  const actions = await actionFiles(project.actions, [...dataset.classes.map((c) => c.id), ...(motions?.meta.classes.map((c) => c.id) ?? [])]);
  const manifest: ProjectManifest = {
    format: PROJECT_FORMAT,
    version: motions ? MOTIONS_FORMAT_VERSION : actions ? ACTIONS_FORMAT_VERSION : head?.meta.trainableBlocks ? FINE_TUNE_FORMAT_VERSION : 1,
    appVersion: options.appVersion ?? APP_VERSION,
    createdAt: (options.now ?? new Date()).toISOString(),
    name,
    backboneId: dataset.backboneId,
    framing: framingOfDataset(dataset),
    inputMode: project.inputMode,
    settings,
    embeddings: { file: EMBEDDINGS_PATH, backboneId: dataset.backboneId, dtype: 'float32', byteOrder: 'little-endian', dimension, count: samples.length },
    landmarks:
      withLandmarks.length > 0 ? { file: LANDMARKS_PATH, dtype: 'float32', byteOrder: 'little-endian', dimension: landmarkDimension, count: withLandmarks.length } : null,
    classes: dataset.classes.map((c) => ({ id: c.id, name: c.name.trim(), samples: c.samples.map((s) => manifestSamples.get(s.id) as ManifestSample) })),
    head: head?.meta ?? null,
    ...(actions ? { actions: actions.meta } : {}),
    ...(motions ? { motions: motions.meta } : {}),
  };

  const entries: ZipInput[] = [
    { name: MANIFEST_PATH, data: new TextEncoder().encode(JSON.stringify(manifest, null, 1)) },
    { name: EMBEDDINGS_PATH, data: embeddings },
    ...(manifest.landmarks ? [{ name: LANDMARKS_PATH, data: landmarks }] : []),
    ...(head ? [head.model, head.weights] : []),
    ...sampleEntries,
    ...(actions?.slides ?? []),
    ...(motions?.entries ?? []),
  ];
  const zip = await createStoredZip(entries, {
    date: options.now ?? new Date(),
    signal: options.signal,
    onEntry: (done) => options.onProgress?.({ done, total: entries.length }),
  });
  if (zip.size > DEFAULT_PROJECT_FILE_LIMITS.maxTotalBytes) {
    throw new RangeError(`The project takes ${formatBytes(zip.size)}, more than the ${formatBytes(DEFAULT_PROJECT_FILE_LIMITS.maxTotalBytes)} a project file may hold; remove some samples first.`);
  }
  return zip;
}

/**
 * Reads a project file made by `writeProjectFile` (or re-zipped with deflate), checking everything
 * before trusting it; throws a `ProjectFileError` whose `kind` and one-sentence `message` say what
 * is wrong. The result is new data built only from the file: nothing else is read or changed.
 */
export async function readProjectFile(file: Blob, options: ReadProjectOptions = {}): Promise<ImportedProject> {
  const limits = resolveProjectFileLimits(options.limits);
  const { signal } = options;
  signal?.throwIfAborted();
  const zip = await openZip(file, limits);
  const manifestEntry = zip.entries.get(MANIFEST_PATH);
  if (!manifestEntry) {
    throw new ProjectFileError('missing-manifest', 'This zip has no manifest.json, so it is not a Gesture Studio project; choose a project file that Gesture Studio exported.');
  }
  const manifest = parseManifest(await readJsonEntry(zip, manifestEntry, limits, () => badManifest('it is not JSON text')));
  const samples = manifest.classes.flatMap((c) => c.samples);
  const imageCount = samples.filter((s) => s.image !== null).length + (manifest.actions?.slides.length ?? 0);
  const total = 2 + (manifest.landmarks ? 1 : 0) + (manifest.head ? 2 : 0) + imageCount + motionEntryCount(manifest.motions);
  let done = 1;
  const step = () => {
    signal?.throwIfAborted();
    done += 1;
    options.onProgress?.({ done, total });
  };
  options.onProgress?.({ done, total });

  signal?.throwIfAborted();
  const embeddingBytes = await readBlock(zip, manifest.embeddings, 'bad-embeddings', 'embeddings');
  step();
  const landmarkBytes = manifest.landmarks ? await readBlock(zip, manifest.landmarks, 'bad-landmarks', 'hand landmarks') : null;
  if (manifest.landmarks) step();
  let head: ProjectHead | null = null;
  if (manifest.head) {
    head = await readHead(zip, manifest.head, limits);
    step();
    step();
  }

  const classes: GestureClass[] = [];
  for (const c of manifest.classes) {
    const read: Sample[] = [];
    for (const s of c.samples) {
      const embedding = takeFloats(embeddingBytes, s.embeddingByteOffset, manifest.embeddings.dimension);
      const landmarks = s.landmarksByteOffset !== null && landmarkBytes && manifest.landmarks ? takeFloats(landmarkBytes, s.landmarksByteOffset, manifest.landmarks.dimension) : undefined;
      let image: Blob | null = null;
      if (s.image !== null) {
        image = await readImage(zip, s.image, limits, 'sample');
        step();
      }
      read.push({ id: s.id, embedding, image, source: s.source, ...(landmarks ? { landmarks } : {}) });
    }
    classes.push({ id: c.id, name: c.name, samples: read });
  }
  const slides: Slide[] = [];
  for (const slide of manifest.actions?.slides ?? []) {
    slides.push({ id: slide.id, image: await readImage(zip, slide.image, limits, 'slide') });
    step();
  }
  const actions = manifest.actions ? { bindings: manifest.actions.bindings, cooldownMs: manifest.actions.cooldownMs, slides } : NO_ACTIONS;
  const motions = manifest.motions ? await readMotions(zip, manifest.motions, limits, step) : EMPTY_MOTION_PROJECT;
  return {
    name: manifest.name,
    dataset: { backboneId: manifest.backboneId, framing: manifest.framing, classes },
    inputMode: manifest.inputMode,
    settings: manifest.settings,
    head,
    actions,
    motions,
    fileInfo: { formatVersion: manifest.version, appVersion: manifest.appVersion, createdAt: manifest.createdAt },
  };
}

async function readHead(zip: ZipReader, meta: ManifestHead, limits: ProjectFileLimits): Promise<ProjectHead> {
  return {
    artifacts: await readLayersModel(zip, meta.model, meta.weights, limits, badHead),
    classNames: meta.classNames,
    inputMode: meta.inputMode,
    embeddingSize: meta.embeddingSize,
    ...(meta.trainableBlocks ? { trainableBlocks: meta.trainableBlocks } : {}),
  };
}

async function readImage(zip: ZipReader, path: string, limits: ProjectFileLimits, what: 'sample' | 'slide'): Promise<Blob> {
  const bytes = await zip.read(entryOf(zip, path));
  const type = sniffImageType(bytes);
  const size = imageSize(bytes);
  if (!type || !size) {
    throw new ProjectFileError('bad-image', `The ${what} ${quoted(path)} is not a JPEG, PNG or WebP image; ${EXPORT_AGAIN}.`, path);
  }
  if (size.width > limits.maxImageSide || size.height > limits.maxImageSide) {
    throw new ProjectFileError(
      'image-too-large',
      `The ${what} ${quoted(path)} is ${size.width}x${size.height} pixels, more than the ${limits.maxImageSide}x${limits.maxImageSide} a ${what} may have; ${EXPORT_AGAIN}.`,
      path,
    );
  }
  // A copy of the checked bytes: the result does not depend on the picked file staying readable.
  return new Blob([bytes], { type });
}

function badHead(detail: string): ProjectFileError {
  return new ProjectFileError('bad-head', `The trained model in this project is damaged (${detail}); ${EXPORT_AGAIN}.`, HEAD_MODEL_PATH);
}


function knownBackbone(id: BackboneId): BackboneInfo {
  if (!Object.prototype.hasOwnProperty.call(BACKBONES, id)) throw new RangeError(`Unknown backbone ${describeValue(id)}.`);
  return BACKBONES[id];
}

function checkedSettings(settings: ProjectSettings): ProjectSettings {
  const { threshold } = settings;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) throw new RangeError('The confidence threshold must be a number from 0 to 1.');
  return { train: resolveTrainParams(settings.train), augment: resolveAugmentSettings(settings.augment), threshold };
}

/** The writer refuses what the reader would, so a saved file always opens again. */
function checkClasses(classes: readonly GestureClass[]): void {
  if (classes.length > MAX_CLASSES) throw new RangeError(`A project file holds at most ${MAX_CLASSES} classes.`);
  const ids = new Set<string>();
  const checkId = (id: string) => {
    if (!SAFE_ID.test(id)) throw new RangeError(`The id ${describeValue(id)} cannot be saved: ids use letters, digits, "_", "-" and ".".`);
    if (ids.has(id)) throw new RangeError(`The id ${describeValue(id)} is used twice.`);
    ids.add(id);
  };
  classes.forEach((c, i) => {
    checkId(c.id);
    const problem = validateClassName(c.name, classes.slice(0, i));
    if (problem) throw new RangeError(`Rename the class ${quoted(c.name)} before saving: ${problem}`);
    for (const s of c.samples) {
      checkId(s.id);
      if (!SOURCES.includes(s.source)) throw new RangeError(`Sample ${s.id} has an unknown source ${describeValue(s.source)}.`);
    }
  });
}

/**
 * The zip entry name of an image, after the reader's checks (so a saved image always reads back);
 * throws a RangeError naming `what` when the image would be refused.
 */
async function imageEntryName(image: Blob, dir: string, id: string, what: string): Promise<string> {
  const bytes = new Uint8Array(await image.arrayBuffer());
  const type = sniffImageType(bytes);
  const size = imageSize(bytes);
  if (type === null || size === null) throw new RangeError(`${what}'s image is not a JPEG, PNG or WebP file.`);
  const side = DEFAULT_PROJECT_FILE_LIMITS.maxImageSide;
  if (size.width > side || size.height > side) throw new RangeError(`${what}'s image is ${size.width}x${size.height} pixels; images may be at most ${side}x${side}.`);
  return `${dir}${id}.${IMAGE_EXTENSIONS[type]}`;
}

/**
 * The manifest's `actions` and the deck's image entries, checked as the reader checks them; null
 * when there is nothing to save (no action, no slide), so the file keeps an older format version.
 */
async function actionFiles(actions: GestureActions, classIds: readonly string[]): Promise<{ meta: ManifestActions; slides: ZipInput[] } | null> {
  if (actions.bindings.length === 0 && actions.slides.length === 0) return null;
  let mapping: ReturnType<typeof parseBindings>;
  try {
    mapping = parseBindings({ bindings: actions.bindings, cooldownMs: actions.cooldownMs }, new Set(classIds));
  } catch (error) {
    if (error instanceof ActionsFormatError) throw new RangeError(`The gesture actions cannot be saved: ${error.problem}.`);
    throw error;
  }
  if (actions.slides.length > MAX_SLIDES) throw new RangeError(`A project file holds at most ${MAX_SLIDES} slides.`);
  const ids = new Set<string>();
  const slides: ZipInput[] = [];
  const meta: ManifestSlide[] = [];
  for (const slide of actions.slides) {
    if (!SAFE_ID.test(slide.id) || ids.has(slide.id)) throw new RangeError(`The slide id ${describeValue(slide.id)} cannot be saved: ids are unique and use letters, digits, "_", "-" and ".".`);
    ids.add(slide.id);
    const name = await imageEntryName(slide.image, SLIDES_DIR, slide.id, `Slide ${slide.id}`);
    slides.push({ name, data: slide.image });
    meta.push({ id: slide.id, image: name });
  }
  return { meta: { ...mapping, slides: meta }, slides };
}

interface HeadFiles {
  readonly meta: ManifestHead;
  readonly model: ZipInput;
  readonly weights: ZipInput;
}

function headFiles(head: ProjectHead): HeadFiles {
  // Through the reader's own checks, so what is written is what reads back.
  const files = layersModelFiles(head.artifacts, HEAD_MODEL_PATH, HEAD_WEIGHTS_PATH, 'head');
  if (!INPUT_MODE_IDS.includes(head.inputMode)) throw new RangeError(`Unknown head input mode ${describeValue(head.inputMode)}.`);
  if (head.classNames.length === 0) throw new RangeError('A head needs at least one class name.');
  if (!Number.isInteger(head.embeddingSize) || head.embeddingSize < 1 || head.embeddingSize > MAX_HEAD_INPUT) throw new RangeError('The head input size is out of range.');
  return {
    meta: {
      model: HEAD_MODEL_PATH,
      weights: HEAD_WEIGHTS_PATH,
      classNames: [...head.classNames],
      inputMode: head.inputMode,
      embeddingSize: head.embeddingSize,
      ...(head.trainableBlocks ? { trainableBlocks: head.trainableBlocks } : {}),
    },
    ...files,
  };
}
