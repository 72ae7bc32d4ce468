import type { BackboneId } from '../backbone/backbone-info';
import { featureRow, type Framing, type InputMode } from './input-mode';

/** Where a sample came from; kept so a project file can say how it was made. */
export type SampleSource = 'camera' | 'upload' | 'import';

/**
 * One training example. The backbone's activation is computed once, when the sample is added
 * (the "precompute the frozen activations" tip), and kept on the CPU so training never re-runs
 * the backbone and no GPU memory is held per sample. The 224x224 crop the embedding was made from
 * is kept as a JPEG so the sample can be shown, exported, and re-embedded by another backbone.
 */
export interface Sample {
  readonly id: string;
  readonly embedding: Float32Array;
  readonly image: Blob | null;
  readonly source: SampleSource;
  /** Embeddings of augmented views of `image`, made once (tip: augment, then cache). */
  readonly views?: AugmentedViews;
  /** Normalised hand-landmark features (lib/hand) of the hand in `image`, when a hand was found. */
  readonly landmarks?: Float32Array;
}

/** Augmented views' embeddings, tagged with the settings and backbone that made them. */
export interface AugmentedViews {
  readonly key: string;
  readonly embeddings: readonly Float32Array[];
}

/**
 * The class offered by default for "no gesture": background, other hand shapes, nobody there.
 * Without it a classifier must call everything one of the gestures.
 */
export const NONE_CLASS_NAME = 'None of these';

export function isNoneClass(name: string): boolean {
  return name.trim().toLowerCase() === NONE_CLASS_NAME.toLowerCase();
}

export interface GestureClass {
  readonly id: string;
  readonly name: string;
  readonly samples: readonly Sample[];
}

/** The user's project data. Embeddings are only meaningful for the backbone named here. */
export interface Dataset {
  readonly backboneId: BackboneId;
  /** What the stored images show; absent means the centre of the whole frame. */
  readonly framing?: Framing;
  readonly classes: readonly GestureClass[];
}

export function framingOfDataset(dataset: Dataset): Framing {
  return dataset.framing ?? 'frame';
}

export const MAX_CLASS_NAME_LENGTH = 40;

let nextId = 0;
/** Ids only need to be unique within one page session; persistence (later) stores its own. */
export function createId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${Date.now().toString(36)}-${nextId.toString(36)}`;
}

export function createDataset(backboneId: BackboneId, classNames: readonly string[] = ['Class 1', 'Class 2']): Dataset {
  return { backboneId, classes: classNames.map((name) => ({ id: createId('class'), name, samples: [] })) };
}

/** The first "Class N" name not already taken. */
export function nextClassName(classes: readonly GestureClass[]): string {
  const taken = new Set(classes.map((c) => c.name.trim().toLowerCase()));
  for (let n = classes.length + 1; ; n += 1) {
    const name = `Class ${n}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** Returns a sentence saying what is wrong with `name`, or null if it can be used. */
export function validateClassName(name: string, classes: readonly GestureClass[], selfId?: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'A class needs a name.';
  if (trimmed.length > MAX_CLASS_NAME_LENGTH) return `Keep class names to ${MAX_CLASS_NAME_LENGTH} characters or fewer.`;
  const clash = classes.some((c) => c.id !== selfId && c.name.trim().toLowerCase() === trimmed.toLowerCase());
  return clash ? `Another class is already called "${trimmed}".` : null;
}

export function addClass(dataset: Dataset, name = nextClassName(dataset.classes)): Dataset {
  const problem = validateClassName(name, dataset.classes);
  if (problem) throw new Error(problem);
  return { ...dataset, classes: [...dataset.classes, { id: createId('class'), name: name.trim(), samples: [] }] };
}

/** Renames a class. Invalid names are rejected by the caller showing `validateClassName`'s sentence. */
export function renameClass(dataset: Dataset, classId: string, name: string): Dataset {
  const problem = validateClassName(name, dataset.classes, classId);
  if (problem) throw new Error(problem);
  return mapClass(dataset, classId, (c) => ({ ...c, name: name.trim() }));
}

export function removeClass(dataset: Dataset, classId: string): Dataset {
  return { ...dataset, classes: dataset.classes.filter((c) => c.id !== classId) };
}

export function addSamples(dataset: Dataset, classId: string, samples: readonly Sample[]): Dataset {
  // Compare against the dataset's first sample, or the batch's own first when the dataset is empty.
  const size = datasetEmbeddingSize(dataset) ?? samples[0]?.embedding.length;
  for (const s of samples) assertEmbeddingSize(size, s.embedding);
  return mapClass(dataset, classId, (c) => ({ ...c, samples: [...c.samples, ...samples] }));
}

export function removeSample(dataset: Dataset, classId: string, sampleId: string): Dataset {
  return mapClass(dataset, classId, (c) => ({ ...c, samples: c.samples.filter((s) => s.id !== sampleId) }));
}

export function clearClass(dataset: Dataset, classId: string): Dataset {
  return mapClass(dataset, classId, (c) => ({ ...c, samples: [] }));
}

/**
 * Adds imported samples grouped by class name: existing classes (matched case-insensitively) are
 * extended, new names become new classes. Untouched starter classes ("Class N" with no samples) are
 * dropped, since an imported dataset brings its own classes.
 */
export function mergeNamedSamples(dataset: Dataset, groups: ReadonlyMap<string, readonly Sample[]>): Dataset {
  const isUntouchedStarter = (c: GestureClass) => c.samples.length === 0 && /^Class \d+$/.test(c.name);
  const importedNames = new Set([...groups.keys()].map((n) => n.trim().toLowerCase()));
  let classes = dataset.classes.filter((c) => !isUntouchedStarter(c) || importedNames.has(c.name.toLowerCase()));
  for (const [name, samples] of groups) {
    const key = name.trim().toLowerCase();
    const existing = classes.find((c) => c.name.trim().toLowerCase() === key);
    classes = existing
      ? classes.map((c) => (c === existing ? { ...c, samples: [...c.samples, ...samples] } : c))
      : [...classes, { id: createId('class'), name: name.trim(), samples: [...samples] }];
  }
  return { ...dataset, classes };
}

export function sampleCount(dataset: Dataset): number {
  return dataset.classes.reduce((n, c) => n + c.samples.length, 0);
}

/** Rows of embeddings and their class indices, in class order: what the head trains on. */
export interface TrainingSet {
  readonly classNames: string[];
  readonly embeddings: Float32Array[];
  readonly labels: Int32Array;
  /** augmented[i]: extra views of row i (empty when it has none); used for training rows only. */
  readonly augmented?: (readonly Float32Array[])[];
  /** Sample id of each row, so callers can map rows back (e.g. to cached activations). */
  readonly sampleIds?: string[];
  /** Fused rows: how many leading values are the image embedding (the rest are hand landmarks). */
  readonly fusedSplit?: number;
}

/**
 * `viewsKey`: only views made with these settings count; null ignores augmentation. `mode` picks the
 * row's features (lib/dataset/input-mode); samples without the landmarks a mode needs are left out.
 */
export function toTrainingSet(dataset: Dataset, viewsKey: string | null = null, mode: InputMode = 'frame'): TrainingSet {
  const embeddings: Float32Array[] = [];
  const augmented: (readonly Float32Array[])[] = [];
  const sampleIds: string[] = [];
  const labels: number[] = [];
  // Augmented views are views of the image; landmarks-only rows have no image part to vary.
  const useViews = viewsKey !== null && mode !== 'landmarks';
  dataset.classes.forEach((c, classIndex) => {
    for (const s of c.samples) {
      const row = featureRow(mode, s.embedding, s.landmarks);
      if (!row) continue;
      embeddings.push(row);
      const views = useViews && s.views?.key === viewsKey ? s.views.embeddings : [];
      augmented.push(views.map((view) => featureRow(mode, view, s.landmarks) as Float32Array));
      sampleIds.push(s.id);
      labels.push(classIndex);
    }
  });
  const fused = mode === 'fused' && sampleIds.length > 0;
  const first = dataset.classes.flatMap((c) => c.samples).find((s) => s.id === sampleIds[0]);
  return {
    classNames: dataset.classes.map((c) => c.name),
    embeddings,
    labels: Int32Array.from(labels),
    augmented,
    sampleIds,
    ...(fused && first ? { fusedSplit: first.embedding.length } : {}),
  };
}

/** Samples that have an image but no views made with `viewsKey` yet. */
export function samplesMissingViews(dataset: Dataset, viewsKey: string): Sample[] {
  return dataset.classes.flatMap((c) => c.samples.filter((s) => s.image !== null && s.views?.key !== viewsKey));
}

/** Attaches views to samples by id; samples deleted meanwhile are simply not found. */
export function withViews(dataset: Dataset, views: ReadonlyMap<string, AugmentedViews>): Dataset {
  return {
    ...dataset,
    classes: dataset.classes.map((c) =>
      c.samples.some((s) => views.has(s.id)) ? { ...c, samples: c.samples.map((s) => (views.has(s.id) ? { ...s, views: views.get(s.id) } : s)) } : c,
    ),
  };
}

function mapClass(dataset: Dataset, classId: string, update: (c: GestureClass) => GestureClass): Dataset {
  if (!dataset.classes.some((c) => c.id === classId)) throw new Error(`No class with id ${classId}.`);
  return { ...dataset, classes: dataset.classes.map((c) => (c.id === classId ? update(c) : c)) };
}

function datasetEmbeddingSize(dataset: Dataset): number | undefined {
  return dataset.classes.find((c) => c.samples.length > 0)?.samples[0].embedding.length;
}

function assertEmbeddingSize(size: number | undefined, embedding: Float32Array): void {
  if (size !== undefined && size !== embedding.length) {
    throw new Error(`Embedding has ${embedding.length} values; this dataset's have ${size}.`);
  }
}
