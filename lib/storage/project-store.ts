import { NO_ACTIONS, parseBindings, type GestureActions, type Slide } from '../actions';
import { resolveAugmentSettings } from '../augment';
import type { BackboneId } from '../backbone';
import { DEFAULT_CONFIDENCE_THRESHOLD } from '../classify';
import type { Dataset, Framing, GestureClass, InputMode, Sample, SampleSource } from '../dataset';
import { EMPTY_MOTION_PROJECT, type MirrorChoice, type MotionClass, type MotionProject, type StoredClip, type TrainedMotion } from '../motion';
import { MAX_PROJECT_NAME_LENGTH, type HeadArtifacts, type ProjectData, type ProjectHead, type ProjectSettings } from '../project';
import { resolveTrainParams } from '../train';
import { inTransaction, openDatabase, requestResult } from './idb';
import { StorageError } from './storage-error';

export const DEFAULT_DATABASE_NAME = 'gesture-studio';
/**
 * Bump, with an upgrade step in `upgrade`, whenever the stores or their records change shape. Version 2
 * adds the slides store, version 3 the motion clips and motion models stores.
 */
export const DATABASE_VERSION = 3;

const PROJECTS = 'projects';
const SAMPLES = 'samples';
const HEADS = 'heads';
const SLIDES = 'slides';
const MOTION_CLIPS = 'motion-clips';
const MOTION_MODELS = 'motion-models';
const APP = 'app';
const BY_PROJECT = 'by-project';
const LAST_PROJECT_KEY = 'lastProjectId';

/** One line of the projects list. */
export interface ProjectSummary {
  readonly id: string;
  readonly name: string;
  /** Milliseconds since 1970. */
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly classCount: number;
  readonly sampleCount: number;
}

/** A trained head as kept in storage: the project file's head plus what it was trained on. */
export interface StoredHead extends ProjectHead {
  /** The backbone whose embeddings the head read; it is useless with another. */
  readonly backboneId: BackboneId;
  /** Samples it was trained on, so the app can say how many were added since. */
  readonly trainedSamples: number;
}

/** Everything but the name: what the studio is working on. */
export interface ProjectContent {
  readonly dataset: Dataset;
  readonly inputMode: InputMode;
  readonly settings: ProjectSettings;
  /** What the gestures do: the action mapping, its timing and the slide deck. */
  readonly actions: GestureActions;
  /**
   * The motion classes with their clips. Left out, a save keeps the stored ones as they are (a caller
   * that does not handle motions loses none) and a new project has none.
   */
  readonly motionClasses?: readonly MotionClass[];
}

export interface StoredProject extends ProjectData {
  readonly id: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly head: StoredHead | null;
  /** Its motion classes with their clips, and the motion model trained on them (none in projects saved before motions). */
  readonly motions: MotionProject;
}

/** A batch of changes written in one transaction: all of it is saved, or none of it. */
export interface ProjectChanges {
  /**
   * The class list (names, order, which samples each holds), settings, backbone, framing, mode, and
   * the action mapping with the deck's order. Its slides' images are written by `putSlides`.
   */
  readonly content?: ProjectContent;
  /** New or changed samples. */
  readonly put?: readonly ClassSample[];
  /** Ids of samples to remove. */
  readonly remove?: readonly string[];
  /** New or changed slides of the deck. */
  readonly putSlides?: readonly Slide[];
  /** Ids of slides to remove. */
  readonly removeSlides?: readonly string[];
  /** New clips of motion classes (a clip never changes under its id). */
  readonly putClips?: readonly ClassClip[];
  /** Ids of motion clips to remove. */
  readonly removeClips?: readonly string[];
  /** The trained motion model to keep, or null to drop the one kept; left out, it is unchanged. */
  readonly motionModel?: TrainedMotion | null;
}

export interface ClassSample {
  readonly classId: string;
  readonly sample: Sample;
}

export interface ClassClip {
  readonly classId: string;
  readonly clip: StoredClip;
}

export interface ProjectStore {
  /** Most recently changed first. */
  listProjects(): Promise<ProjectSummary[]>;
  /** The project `loadProject` last opened, if it still exists. */
  lastOpenedProjectId(): Promise<string | null>;
  /**
   * Creates a project holding `content` (samples and motion clips included) and, when given, a
   * trained `head` and `motionModel`, in one transaction: an imported project appears whole or not at all.
   */
  createProject(name: string, content: ProjectContent, head?: StoredHead | null, motionModel?: TrainedMotion | null): Promise<ProjectSummary>;
  /** Reads a whole project and remembers it as the last opened. Rejects with kind 'not-found'. */
  loadProject(id: string): Promise<StoredProject>;
  saveProjectMeta(id: string, content: ProjectContent): Promise<void>;
  putSamples(id: string, samples: readonly ClassSample[]): Promise<void>;
  deleteSamples(id: string, sampleIds: readonly string[]): Promise<void>;
  /** `saveProjectMeta`, `putSamples` and `deleteSamples` at once, atomically. */
  saveChanges(id: string, changes: ProjectChanges): Promise<void>;
  renameProject(id: string, name: string): Promise<void>;
  saveHead(id: string, head: StoredHead): Promise<void>;
  clearHead(id: string): Promise<void>;
  /** A full copy (samples, head, slides, motion clips and motion model) under a new name; the original is unchanged. */
  duplicateProject(id: string, newName: string): Promise<ProjectSummary>;
  /** Removes the project and everything it holds. */
  deleteProject(id: string): Promise<void>;
  close(): void;
}

export interface OpenProjectStoreOptions {
  /** Default `globalThis.indexedDB`; tests pass fake-indexeddb's. */
  readonly indexedDB?: IDBFactory;
  /** Default `DEFAULT_DATABASE_NAME`. */
  readonly databaseName?: string;
  /** Default `() => Date.now()`. */
  readonly now?: () => number;
  /** Default `crypto.randomUUID()`. */
  readonly createId?: () => string;
}

/** Samples written per transaction by a large save: about 100 ms of the page's time each. */
const SAMPLES_PER_TRANSACTION = 250;

interface ClassRecord {
  readonly id: string;
  readonly name: string;
  /** In display order; the samples store holds their data. */
  readonly sampleIds: readonly string[];
}

interface ProjectRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly backboneId: BackboneId;
  readonly framing: Framing;
  readonly inputMode: InputMode;
  readonly settings: ProjectSettings;
  readonly classes: readonly ClassRecord[];
  /** Absent in records saved before actions existed. */
  readonly actions?: ActionsRecord;
  /** Absent in records saved before motions existed. */
  readonly motions?: { readonly classes: readonly MotionClassRecord[] };
}

/** A motion class as stored; the clips store holds its clips. */
interface MotionClassRecord {
  readonly id: string;
  readonly name: string;
  readonly role: MotionClass['role'];
  readonly mirror: MirrorChoice;
  /** In display order. */
  readonly clipIds: readonly string[];
}

/** Keyed by [projectId, id], like samples. */
interface ClipRecord {
  readonly projectId: string;
  readonly id: string;
  readonly classId: string;
  readonly source: StoredClip['source'];
  readonly createdAt: number;
  readonly rate: number;
  readonly frames: number;
  /** [frames × MOTION_ROW_SIZE] */
  readonly rows: Float32Array;
}

interface MotionModelRecord extends TrainedMotion {
  readonly projectId: string;
}

/** The action mapping as stored; the deck's images are in the slides store. */
interface ActionsRecord {
  readonly bindings: GestureActions['bindings'];
  readonly cooldownMs: number;
  /** In deck order. */
  readonly slideIds: readonly string[];
}

/** Keyed by [projectId, id], like samples. */
interface SlideRecord {
  readonly projectId: string;
  readonly id: string;
  readonly image: Blob;
}

/** Keyed by [projectId, id], so saving one sample writes one record. */
interface SampleRecord {
  readonly projectId: string;
  readonly id: string;
  readonly classId: string;
  readonly source: SampleSource;
  readonly image: Blob | null;
  readonly embedding: Float32Array;
  readonly landmarks: Float32Array | null;
}

interface HeadRecord extends StoredHead {
  readonly projectId: string;
}

interface AppRecord {
  readonly key: string;
  readonly value: string;
}

/**
 * Opens (creating or upgrading) the browser's project database. Browser-only: it needs IndexedDB.
 * Rejects with a `StorageError` of kind 'unavailable' when the browser refuses storage.
 */
export async function openProjectStore(options: OpenProjectStoreOptions = {}): Promise<ProjectStore> {
  const db = await openDatabase({
    factory: options.indexedDB ?? globalThis.indexedDB,
    name: options.databaseName ?? DEFAULT_DATABASE_NAME,
    version: DATABASE_VERSION,
    upgrade,
  });
  return new IndexedDbProjectStore(db, options.now ?? (() => Date.now()), options.createId ?? (() => crypto.randomUUID()));
}

function upgrade(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore(PROJECTS, { keyPath: 'id' });
    db.createObjectStore(SAMPLES, { keyPath: ['projectId', 'id'] }).createIndex(BY_PROJECT, 'projectId');
    db.createObjectStore(HEADS, { keyPath: 'projectId' });
    db.createObjectStore(APP, { keyPath: 'key' });
  }
  if (oldVersion < 2) db.createObjectStore(SLIDES, { keyPath: ['projectId', 'id'] }).createIndex(BY_PROJECT, 'projectId');
  // Existing projects are left as they are: a record without `motions` has no motion classes.
  if (oldVersion < 3) {
    db.createObjectStore(MOTION_CLIPS, { keyPath: ['projectId', 'id'] }).createIndex(BY_PROJECT, 'projectId');
    db.createObjectStore(MOTION_MODELS, { keyPath: 'projectId' });
  }
}

/** Every store a project's data lives in, for the transactions that touch all of it. */
const PROJECT_STORES = [PROJECTS, SAMPLES, HEADS, SLIDES, MOTION_CLIPS, MOTION_MODELS];

class IndexedDbProjectStore implements ProjectStore {
  constructor(
    private readonly db: IDBDatabase,
    private readonly now: () => number,
    private readonly newId: () => string,
  ) {}

  async listProjects(): Promise<ProjectSummary[]> {
    const records = await inTransaction(this.db, [PROJECTS], 'readonly', (tx) => requestResult(tx.objectStore(PROJECTS).getAll() as IDBRequest<ProjectRecord[]>));
    return records.map(summaryOf).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async lastOpenedProjectId(): Promise<string | null> {
    return inTransaction(this.db, [APP, PROJECTS], 'readonly', async (tx) => {
      const last = (await requestResult(tx.objectStore(APP).get(LAST_PROJECT_KEY))) as AppRecord | undefined;
      if (!last) return null;
      const exists = await requestResult(tx.objectStore(PROJECTS).getKey(last.value));
      return exists === undefined ? null : last.value;
    });
  }

  async createProject(name: string, content: ProjectContent, head: StoredHead | null = null, motionModel: TrainedMotion | null = null): Promise<ProjectSummary> {
    const now = this.now();
    const record = projectRecord(this.newId(), name, now, now, content, undefined);
    const headToSave = head ? headRecord(record.id, head) : null;
    const clips = classClips(content.motionClasses ?? []).map((entry) => clipRecord(record.id, entry));
    await inTransaction(this.db, PROJECT_STORES, 'readwrite', async (tx) => {
      await assertNameFree(tx, record.name, null);
      tx.objectStore(PROJECTS).add(record);
      for (const entry of classSamples(content.dataset)) tx.objectStore(SAMPLES).put(sampleRecord(record.id, entry));
      for (const slide of content.actions.slides) tx.objectStore(SLIDES).put(slideRecord(record.id, slide));
      for (const clip of clips) tx.objectStore(MOTION_CLIPS).put(clip);
      if (headToSave) tx.objectStore(HEADS).put(headToSave);
      if (motionModel) tx.objectStore(MOTION_MODELS).put(motionModelRecord(record.id, motionModel));
    });
    return summaryOf(record);
  }

  async loadProject(id: string): Promise<StoredProject> {
    const { record, samples, head, slides, clips, motionModel } = await inTransaction(this.db, [...PROJECT_STORES, APP], 'readwrite', async (tx) => {
      const found = await getProject(tx, id);
      const [sampleList, headRecord, slideList, clipList, motionModelRecord] = await Promise.all([
        requestResult(tx.objectStore(SAMPLES).index(BY_PROJECT).getAll(id) as IDBRequest<SampleRecord[]>),
        requestResult(tx.objectStore(HEADS).get(id) as IDBRequest<HeadRecord | undefined>),
        requestResult(tx.objectStore(SLIDES).index(BY_PROJECT).getAll(id) as IDBRequest<SlideRecord[]>),
        requestResult(tx.objectStore(MOTION_CLIPS).index(BY_PROJECT).getAll(id) as IDBRequest<ClipRecord[]>),
        requestResult(tx.objectStore(MOTION_MODELS).get(id) as IDBRequest<MotionModelRecord | undefined>),
      ]);
      tx.objectStore(APP).put({ key: LAST_PROJECT_KEY, value: id } satisfies AppRecord);
      return { record: found, samples: sampleList, head: headRecord ?? null, slides: slideList, clips: clipList, motionModel: motionModelRecord ?? null };
    });
    const byId = new Map(samples.map((s) => [s.id, s]));
    // The class list decides membership and order; a sample record it does not list is left over
    // from a save that was cut short, and is ignored.
    const classes: GestureClass[] = record.classes.map((c) => ({
      id: c.id,
      name: c.name,
      samples: c.sampleIds.flatMap((sampleId) => {
        const s = byId.get(sampleId);
        return s ? [sampleOf(s)] : [];
      }),
    }));
    return {
      id: record.id,
      name: record.name,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      dataset: { backboneId: record.backboneId, framing: record.framing, classes },
      inputMode: record.inputMode,
      settings: settingsOf(record.settings),
      actions: actionsOf(record, slides),
      head: head ? headOf(head) : null,
      motions: motionsOf(record, clips, motionModel),
    };
  }

  saveProjectMeta(id: string, content: ProjectContent): Promise<void> {
    return this.saveChanges(id, { content });
  }

  putSamples(id: string, samples: readonly ClassSample[]): Promise<void> {
    return this.saveChanges(id, { put: samples });
  }

  deleteSamples(id: string, sampleIds: readonly string[]): Promise<void> {
    return this.saveChanges(id, { remove: sampleIds });
  }

  async saveChanges(id: string, changes: ProjectChanges): Promise<void> {
    // Records are built before the transaction opens: it must not wait on anything but its own requests.
    const put = (changes.put ?? []).map((entry) => sampleRecord(id, entry));
    // Each put copies its record on the page's thread (5,000 at once froze the page for 2 s), so large
    // saves write samples a chunk per transaction, letting the page run between chunks. The project
    // record, which lists the samples, is written last: until then the new records are only unlisted.
    const last = Math.max(0, put.length - SAMPLES_PER_TRANSACTION);
    for (let start = 0; start < last; start += SAMPLES_PER_TRANSACTION) {
      await inTransaction(this.db, [PROJECTS, SAMPLES], 'readwrite', async (tx) => {
        await getProject(tx, id);
        const samples = tx.objectStore(SAMPLES);
        for (const record of put.slice(start, Math.min(start + SAMPLES_PER_TRANSACTION, last))) samples.put(record);
      });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const putSlides = (changes.putSlides ?? []).map((slide) => slideRecord(id, slide));
    // Clips are recorded one at a time by hand, a few hundred at most: they go in the last transaction.
    const putClips = (changes.putClips ?? []).map((entry) => clipRecord(id, entry));
    const { motionModel } = changes;
    await inTransaction(this.db, PROJECT_STORES, 'readwrite', async (tx) => {
      const current = await getProject(tx, id);
      const samples = tx.objectStore(SAMPLES);
      for (const record of put.slice(last)) samples.put(record);
      for (const sampleId of changes.remove ?? []) samples.delete([id, sampleId]);
      const slides = tx.objectStore(SLIDES);
      for (const record of putSlides) slides.put(record);
      for (const slideId of changes.removeSlides ?? []) slides.delete([id, slideId]);
      const clips = tx.objectStore(MOTION_CLIPS);
      for (const record of putClips) clips.put(record);
      for (const clipId of changes.removeClips ?? []) clips.delete([id, clipId]);
      if (motionModel) tx.objectStore(MOTION_MODELS).put(motionModelRecord(id, motionModel));
      else if (motionModel === null) tx.objectStore(MOTION_MODELS).delete(id);
      const next = changes.content ? projectRecord(id, current.name, current.createdAt, this.now(), changes.content, current.motions) : { ...current, updatedAt: this.now() };
      tx.objectStore(PROJECTS).put(next);
    });
  }

  async renameProject(id: string, name: string): Promise<void> {
    const trimmed = checkedName(name);
    await inTransaction(this.db, [PROJECTS], 'readwrite', async (tx) => {
      const current = await getProject(tx, id);
      await assertNameFree(tx, trimmed, id);
      tx.objectStore(PROJECTS).put({ ...current, name: trimmed, updatedAt: this.now() } satisfies ProjectRecord);
    });
  }

  async saveHead(id: string, head: StoredHead): Promise<void> {
    const record = headRecord(id, head);
    await inTransaction(this.db, [PROJECTS, HEADS], 'readwrite', async (tx) => {
      await getProject(tx, id);
      tx.objectStore(HEADS).put(record);
    });
  }

  async clearHead(id: string): Promise<void> {
    await inTransaction(this.db, [HEADS], 'readwrite', (tx) => {
      tx.objectStore(HEADS).delete(id);
    });
  }

  async duplicateProject(id: string, newName: string): Promise<ProjectSummary> {
    const name = checkedName(newName);
    const now = this.now();
    const copyId = this.newId();
    // One transaction: the copy appears whole or not at all, and the original cannot change meanwhile.
    const copy = await inTransaction(this.db, PROJECT_STORES, 'readwrite', async (tx) => {
      const original = await getProject(tx, id);
      await assertNameFree(tx, name, null);
      const [samples, head, slides, clips, motionModel] = await Promise.all([
        requestResult(tx.objectStore(SAMPLES).index(BY_PROJECT).getAll(id) as IDBRequest<SampleRecord[]>),
        requestResult(tx.objectStore(HEADS).get(id) as IDBRequest<HeadRecord | undefined>),
        requestResult(tx.objectStore(SLIDES).index(BY_PROJECT).getAll(id) as IDBRequest<SlideRecord[]>),
        requestResult(tx.objectStore(MOTION_CLIPS).index(BY_PROJECT).getAll(id) as IDBRequest<ClipRecord[]>),
        requestResult(tx.objectStore(MOTION_MODELS).get(id) as IDBRequest<MotionModelRecord | undefined>),
      ]);
      const record: ProjectRecord = { ...original, id: copyId, name, createdAt: now, updatedAt: now };
      tx.objectStore(PROJECTS).add(record);
      for (const s of samples) tx.objectStore(SAMPLES).put({ ...s, projectId: copyId } satisfies SampleRecord);
      for (const s of slides) tx.objectStore(SLIDES).put({ ...s, projectId: copyId } satisfies SlideRecord);
      for (const c of clips) tx.objectStore(MOTION_CLIPS).put({ ...c, projectId: copyId } satisfies ClipRecord);
      if (head) tx.objectStore(HEADS).put({ ...head, projectId: copyId } satisfies HeadRecord);
      if (motionModel) tx.objectStore(MOTION_MODELS).put({ ...motionModel, projectId: copyId } satisfies MotionModelRecord);
      return record;
    });
    return summaryOf(copy);
  }

  async deleteProject(id: string): Promise<void> {
    await inTransaction(this.db, [...PROJECT_STORES, APP], 'readwrite', async (tx) => {
      await getProject(tx, id);
      const [keys, slideKeys, clipKeys] = await Promise.all([
        requestResult(tx.objectStore(SAMPLES).index(BY_PROJECT).getAllKeys(id)),
        requestResult(tx.objectStore(SLIDES).index(BY_PROJECT).getAllKeys(id)),
        requestResult(tx.objectStore(MOTION_CLIPS).index(BY_PROJECT).getAllKeys(id)),
      ]);
      for (const key of keys) tx.objectStore(SAMPLES).delete(key);
      for (const key of slideKeys) tx.objectStore(SLIDES).delete(key);
      for (const key of clipKeys) tx.objectStore(MOTION_CLIPS).delete(key);
      tx.objectStore(HEADS).delete(id);
      tx.objectStore(MOTION_MODELS).delete(id);
      tx.objectStore(PROJECTS).delete(id);
      const last = (await requestResult(tx.objectStore(APP).get(LAST_PROJECT_KEY))) as AppRecord | undefined;
      if (last?.value === id) tx.objectStore(APP).delete(LAST_PROJECT_KEY);
    });
  }

  close(): void {
    this.db.close();
  }
}

async function getProject(tx: IDBTransaction, id: string): Promise<ProjectRecord> {
  const record = (await requestResult(tx.objectStore(PROJECTS).get(id))) as ProjectRecord | undefined;
  if (!record) throw new StorageError('not-found', 'That project is no longer saved in this browser (it may have been deleted in another tab); pick another project.');
  return record;
}

async function assertNameFree(tx: IDBTransaction, name: string, selfId: string | null): Promise<void> {
  const all = (await requestResult(tx.objectStore(PROJECTS).getAll())) as ProjectRecord[];
  const key = name.toLowerCase();
  if (all.some((p) => p.id !== selfId && p.name.toLowerCase() === key)) {
    throw new StorageError('bad-name', `Another project is already called "${name}"; pick a different name.`);
  }
}

/** The trimmed name; throws a 'bad-name' StorageError for an empty or overlong one. */
export function checkedName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new StorageError('bad-name', 'A project needs a name.');
  if (trimmed.length > MAX_PROJECT_NAME_LENGTH) throw new StorageError('bad-name', `Keep project names to ${MAX_PROJECT_NAME_LENGTH} characters or fewer.`);
  return trimmed;
}

/** `base`, or `base (2)`, `base (3)`… : the first not taken (ignoring case). */
export function uniqueProjectName(base: string, taken: readonly string[]): string {
  const names = new Set(taken.map((n) => n.toLowerCase()));
  const trimmed = base.trim().slice(0, MAX_PROJECT_NAME_LENGTH - 6);
  if (!names.has(trimmed.toLowerCase())) return trimmed;
  for (let n = 2; ; n += 1) {
    const name = `${trimmed} (${n})`;
    if (!names.has(name.toLowerCase())) return name;
  }
}

/** The record of `content`; `storedMotions` (the record's before) stands when `content` leaves the motion classes out. */
function projectRecord(id: string, name: string, createdAt: number, updatedAt: number, content: ProjectContent, storedMotions: ProjectRecord['motions']): ProjectRecord {
  const { dataset, inputMode, settings, actions, motionClasses } = content;
  const motions = motionClasses ? { classes: motionClasses.map(motionClassRecord) } : storedMotions;
  return {
    id,
    name: checkedName(name),
    createdAt,
    updatedAt,
    backboneId: dataset.backboneId,
    framing: dataset.framing ?? 'frame',
    inputMode,
    settings: { train: { ...settings.train }, augment: { ...settings.augment }, threshold: settings.threshold },
    classes: dataset.classes.map((c) => ({ id: c.id, name: c.name, sampleIds: c.samples.map((s) => s.id) })),
    actions: { bindings: actions.bindings.map((b) => ({ ...b, action: { ...b.action } })), cooldownMs: actions.cooldownMs, slideIds: actions.slides.map((slide) => slide.id) },
    ...(motions ? { motions } : {}),
  };
}

function motionClassRecord(c: MotionClass): MotionClassRecord {
  return { id: c.id, name: c.name, role: c.role, mirror: typeof c.mirror === 'object' ? { partner: c.mirror.partner } : c.mirror, clipIds: c.clips.map((k) => k.id) };
}

function classClips(classes: readonly MotionClass[]): ClassClip[] {
  return classes.flatMap((c) => c.clips.map((clip) => ({ classId: c.id, clip })));
}

function clipRecord(projectId: string, { classId, clip }: ClassClip): ClipRecord {
  // A copy, as for samples: a view into a larger buffer would be stored with that whole buffer.
  return { projectId, id: clip.id, classId, source: clip.source, createdAt: clip.createdAt, rate: clip.clip.rate, frames: clip.clip.frames, rows: Float32Array.from(clip.clip.rows) };
}

function motionModelRecord(projectId: string, trained: TrainedMotion): MotionModelRecord {
  return { ...trained, projectId };
}

/**
 * The project's motion classes in order with their clips, and its motion model. As for samples, the
 * class list decides membership (a clip record it does not list is left over from a save cut short);
 * a mirror partner that is no longer a motion class of the project is let go.
 */
function motionsOf(record: ProjectRecord, clips: readonly ClipRecord[], model: MotionModelRecord | null): MotionProject {
  const trained = model ? trainedMotionOf(model) : null;
  if (!record.motions) return trained ? { ...EMPTY_MOTION_PROJECT, trained } : EMPTY_MOTION_PROJECT;
  const byId = new Map(clips.map((k) => [k.id, k]));
  const motionIds = new Set(record.motions.classes.filter((c) => c.role === 'motion').map((c) => c.id));
  const classes = record.motions.classes.map((c): MotionClass => ({
    id: c.id,
    name: c.name,
    role: c.role,
    mirror: typeof c.mirror === 'object' && !motionIds.has(c.mirror.partner) ? 'off' : c.mirror,
    clips: c.clipIds.flatMap((clipId) => {
      const k = byId.get(clipId);
      return k ? [{ id: k.id, source: k.source, createdAt: k.createdAt, clip: { rate: k.rate, frames: k.frames, rows: k.rows } }] : [];
    }),
  }));
  return { classes, trained };
}

function trainedMotionOf(record: MotionModelRecord): TrainedMotion {
  const { projectId: _projectId, ...trained } = record;
  return trained;
}

function slideRecord(projectId: string, slide: Slide): SlideRecord {
  return { projectId, id: slide.id, image: slide.image };
}

/**
 * The project's actions, its slides in deck order. A record from before actions existed has none; a
 * mapping that no longer reads (hand-edited, or from a newer app) is dropped rather than blocking the project.
 */
function actionsOf(record: ProjectRecord, slides: readonly SlideRecord[]): GestureActions {
  if (!record.actions) return NO_ACTIONS;
  const byId = new Map(slides.map((s) => [s.id, s.image]));
  const deck = record.actions.slideIds.flatMap((id) => {
    const image = byId.get(id);
    return image ? [{ id, image }] : [];
  });
  try {
    // Actions name the classes they are bound to by id, pose or motion.
    const classIds = new Set([...record.classes.map((c) => c.id), ...(record.motions?.classes.map((c) => c.id) ?? [])]);
    return { ...parseBindings(record.actions, classIds), slides: deck };
  } catch {
    return { ...NO_ACTIONS, slides: deck };
  }
}

function classSamples(dataset: Dataset): ClassSample[] {
  return dataset.classes.flatMap((c) => c.samples.map((sample) => ({ classId: c.id, sample })));
}

function sampleRecord(projectId: string, { classId, sample }: ClassSample): SampleRecord {
  // Copies: a view into a larger buffer would be stored with that whole buffer. Augmented views are
  // a cache, remade from the image, so they are not stored.
  return {
    projectId,
    id: sample.id,
    classId,
    source: sample.source,
    image: sample.image,
    embedding: Float32Array.from(sample.embedding),
    landmarks: sample.landmarks ? Float32Array.from(sample.landmarks) : null,
  };
}

function sampleOf(record: SampleRecord): Sample {
  return {
    id: record.id,
    embedding: record.embedding,
    image: record.image,
    source: record.source,
    ...(record.landmarks ? { landmarks: record.landmarks } : {}),
  };
}

function headRecord(projectId: string, head: StoredHead): HeadRecord {
  const { artifacts } = head;
  return {
    projectId,
    backboneId: head.backboneId,
    trainedSamples: head.trainedSamples,
    classNames: [...head.classNames],
    inputMode: head.inputMode,
    embeddingSize: head.embeddingSize,
    ...(head.trainableBlocks ? { trainableBlocks: head.trainableBlocks } : {}),
    artifacts: { ...artifacts, weightSpecs: [...artifacts.weightSpecs], weightData: joinBuffers(artifacts.weightData) },
  };
}

function headOf(record: HeadRecord): StoredHead {
  const { projectId: _projectId, ...head } = record;
  return head;
}

function joinBuffers(data: HeadArtifacts['weightData']): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data.slice(0);
  const joined = new Uint8Array(data.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const b of data) {
    joined.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return joined.buffer;
}

/** Settings saved by an older version may lack newer fields (or hold values now out of range): fill in defaults. */
function settingsOf(stored: ProjectSettings): ProjectSettings {
  const safely = <T>(resolve: () => T, fallback: () => T): T => {
    try {
      return resolve();
    } catch {
      return fallback();
    }
  };
  return {
    train: safely(() => resolveTrainParams(stored.train ?? {}), () => resolveTrainParams()),
    augment: safely(() => resolveAugmentSettings(stored.augment ?? {}), () => resolveAugmentSettings()),
    threshold: typeof stored.threshold === 'number' && stored.threshold >= 0 && stored.threshold <= 1 ? stored.threshold : DEFAULT_CONFIDENCE_THRESHOLD,
  };
}

function summaryOf(record: ProjectRecord): ProjectSummary {
  return {
    id: record.id,
    name: record.name,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    classCount: record.classes.length,
    sampleCount: record.classes.reduce((n, c) => n + c.sampleIds.length, 0),
  };
}
