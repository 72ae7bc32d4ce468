'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { GestureActions } from '../actions';
import type { BackboneId } from '../backbone';
import type { Dataset, Sample } from '../dataset';
import { motionClassesKey, type MotionProject, type StoredClip, type TrainedMotion } from '../motion';
import { savedModelOf, type TrainedModel } from '../pipeline';
import {
  openProjectStore,
  StorageError,
  toStorageError,
  UNAVAILABLE_MESSAGE,
  uniqueProjectName,
  type ClassClip,
  type ClassSample,
  type ProjectChanges,
  type ProjectContent,
  type ProjectStore,
  type ProjectSummary,
  type StoredHead,
  type StoredProject,
} from '../storage';
import type { SavedHead } from '../studio';

export const FIRST_PROJECT_NAME = 'My first project';
/** Quiet time after a change before it is saved; while changes keep coming, saves still happen this often. */
export const SAVE_DELAY_MS = 600;
export const SAVE_MAX_WAIT_MS = 3000;

/** 'saving' covers changes waiting for their save too. */
export type SaveState = 'loading' | 'saving' | 'saved' | 'error';

export interface AutosaveOptions {
  /** What the studio holds now; saved a moment after it changes. */
  readonly content: ProjectContent;
  /** The model in use; a newly trained one (head or fine-tuned network) is saved with the project. */
  readonly trained: TrainedModel | null;
  /** `useTraining()`'s: a project switch drops the model, and a saved model that still fits is restored. */
  readonly resetTraining: () => void;
  readonly restoreTraining: (saved: SavedHead, backboneId: BackboneId) => Promise<boolean>;
  /** Puts a loaded project into the studio: dataset, settings, mode (the head is restored here). */
  readonly onRestore: (project: StoredProject) => void;
  /** The content of a new, empty project. */
  readonly emptyContent: () => ProjectContent;
  /**
   * The motion classes with their clips and the trained motion model, saved like the rest. Pass it
   * with `restoreMotions`; left out, the stored motions of a project are kept as they are.
   */
  readonly motions?: MotionProject;
  /** Puts a loaded project's motions into the studio (called right after `onRestore`). */
  readonly restoreMotions?: (motions: MotionProject) => void;
}

export interface Autosave {
  readonly state: SaveState;
  /** The error sentence while `state` is 'error'. */
  readonly message: string | null;
  readonly projects: readonly ProjectSummary[];
  readonly current: ProjectSummary | null;
  /** False until a project is open, and when the browser refuses storage. */
  readonly ready: boolean;
  switchTo(id: string): Promise<void>;
  create(name: string): Promise<void>;
  duplicate(): Promise<void>;
  rename(name: string): Promise<void>;
  /** Deletes the open project and opens the most recently changed other one (or a new empty one). */
  remove(): Promise<void>;
  /**
   * Saves `content` (and `head`, and `motions`) as a new project named `name`, or `name (2)`… when
   * that is taken, and opens it. Rejects with a `StorageError`, having changed nothing, when it cannot be saved.
   */
  importProject(name: string, content: ProjectContent, head: StoredHead | null, motions?: MotionProject): Promise<ProjectSummary>;
}

/** What was last written, to save only the difference next time. */
interface Baseline {
  readonly samples: ReadonlyMap<string, Sample>;
  /** The deck's images by slide id. */
  readonly slides: ReadonlyMap<string, Blob>;
  readonly meta: string;
  /** Null when the studio does not hand its motions to autosave. */
  readonly motions: SavedMotions | null;
}

/** What was last written of the motions: the clips by id, the class list's key, the model. */
export interface SavedMotions {
  readonly clips: ReadonlyMap<string, StoredClip>;
  readonly key: string;
  readonly trained: TrainedMotion | null;
}

/**
 * Keeps the open project saved in IndexedDB as the studio changes: new samples are written one by
 * one, removed ones deleted, the class list and settings rewritten (all in one transaction), and a
 * newly trained head saved beside them. On mount it reopens the last project (or creates
 * "My first project" from `content`) and hands it to `onRestore`; nothing is saved before that.
 */
export function useAutosave({ content, trained, resetTraining, restoreTraining, onRestore, emptyContent, motions, restoreMotions }: AutosaveOptions): Autosave {
  const [state, setState] = useState<SaveState>('loading');
  const [message, setMessage] = useState<string | null>(null);
  const [projects, setProjects] = useState<readonly ProjectSummary[]>([]);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const storeRef = useRef<ProjectStore | null>(null);
  const projectIdRef = useRef<string | null>(null);
  const baselineRef = useRef<Baseline | null>(null);
  const contentRef = useRef(content);
  contentRef.current = content;
  const motionsRef = useRef(motions);
  motionsRef.current = motions;
  const onRestoreRef = useRef(onRestore);
  onRestoreRef.current = onRestore;
  const restoreMotionsRef = useRef(restoreMotions);
  restoreMotionsRef.current = restoreMotions;
  const emptyContentRef = useRef(emptyContent);
  emptyContentRef.current = emptyContent;
  // Every store call goes through this chain, so saves, switches and deletes never interleave.
  const queueRef = useRef<Promise<unknown>>(Promise.resolve());
  const timerRef = useRef<{ handle: ReturnType<typeof setTimeout>; firstChangeAt: number } | null>(null);
  // Set while a restore puts a saved head in use, so that model is not saved straight back.
  const restoringRef = useRef(false);
  const trainingRef = useRef({ resetTraining, restoreTraining });
  trainingRef.current = { resetTraining, restoreTraining };

  const enqueue = useCallback(<T>(work: () => Promise<T>): Promise<T> => {
    const next = queueRef.current.then(work, work);
    queueRef.current = next.catch(() => undefined);
    return next;
  }, []);

  const fail = useCallback((error: unknown) => {
    setState('error');
    setMessage(toStorageError(error).message);
  }, []);

  const refreshList = useCallback(async () => {
    const store = storeRef.current;
    if (store) setProjects(await store.listProjects());
  }, []);

  const open = useCallback(async (project: StoredProject) => {
    projectIdRef.current = project.id;
    baselineRef.current = baselineOf(project, motionsRef.current && project.motions);
    setCurrentId(project.id);
    trainingRef.current.resetTraining();
    onRestoreRef.current(project);
    restoreMotionsRef.current?.(project.motions);
    const head = restorableHead(project);
    if (!head) return;
    restoringRef.current = true;
    // Not awaited: the rebuild may wait for the backbone to load, and saves must not wait for it. A
    // model that cannot be rebuilt is no loss: `restoreTraining` says so, and the person trains again.
    void trainingRef.current.restoreTraining({ ...head, augment: project.settings.augment }, project.dataset.backboneId).then((restored) => {
      if (!restored) restoringRef.current = false;
    });
  }, []);

  /** Opens a stored project and shows it as saved (after a switch, create, duplicate, delete or import). */
  const openStored = useCallback(
    async (store: ProjectStore, id: string) => {
      await open(await store.loadProject(id));
      await refreshList();
      setState('saved');
      setMessage(null);
    },
    [open, refreshList],
  );

  /** Writes whatever differs from the baseline; a failure keeps the baseline, so the next save retries it. */
  const saveNow = useCallback(async () => {
    const store = storeRef.current;
    const id = projectIdRef.current;
    const baseline = baselineRef.current;
    if (!store || !id || !baseline) return;
    const now = contentRef.current;
    const motionsNow = motionsRef.current;
    const meta = metaKey(now);
    const put: ClassSample[] = [];
    const present = new Set<string>();
    for (const c of now.dataset.classes) {
      for (const sample of c.samples) {
        present.add(sample.id);
        if (!sameStoredSample(baseline.samples.get(sample.id), sample)) put.push({ classId: c.id, sample });
      }
    }
    const remove = [...baseline.samples.keys()].filter((sampleId) => !present.has(sampleId));
    const putSlides = now.actions.slides.filter((slide) => baseline.slides.get(slide.id) !== slide.image);
    const slideIds = new Set(now.actions.slides.map((slide) => slide.id));
    const removeSlides = [...baseline.slides.keys()].filter((slideId) => !slideIds.has(slideId));
    const motionChanges = motionsNow ? motionChangesOf(motionsNow, baseline.motions) : null;
    if (put.length === 0 && remove.length === 0 && putSlides.length === 0 && removeSlides.length === 0 && meta === baseline.meta && !motionChanges) {
      setState('saved');
      return;
    }
    setState('saving');
    try {
      await store.saveChanges(id, { content: motionsNow ? { ...now, motionClasses: motionsNow.classes } : now, put, remove, putSlides, removeSlides, ...motionChanges });
      if (projectIdRef.current === id) baselineRef.current = baselineOf(now, motionsNow);
      setState('saved');
      setMessage(null);
      await refreshList();
    } catch (error) {
      fail(error);
    }
  }, [fail, refreshList]);

  const flush = useCallback(() => {
    if (timerRef.current) clearTimeout(timerRef.current.handle);
    timerRef.current = null;
    return enqueue(saveNow);
  }, [enqueue, saveNow]);

  // Open the store and the last project once.
  useEffect(() => {
    let cancelled = false;
    void enqueue(async () => {
      try {
        const store = await openProjectStore();
        if (cancelled) {
          store.close();
          return;
        }
        storeRef.current = store;
        // Ask the browser not to evict the projects under storage pressure; it may say no.
        void navigator.storage?.persist?.().catch(() => false);
        const id = (await store.lastOpenedProjectId()) ?? (await store.listProjects())[0]?.id ?? null;
        if (id === null) {
          // A first visit: what the studio holds becomes the first project, and is not replaced by
          // a restore, so nothing done while storage was opening is lost.
          const saved = contentRef.current;
          const savedMotions = motionsRef.current;
          const made = await store.createProject(FIRST_PROJECT_NAME, savedMotions ? { ...saved, motionClasses: savedMotions.classes } : saved, null, savedMotions?.trained ?? null);
          if (cancelled) return;
          projectIdRef.current = made.id;
          baselineRef.current = baselineOf(saved, savedMotions);
          setCurrentId(made.id);
          await refreshList();
          setState('saved');
          // Changes made meanwhile.
          void enqueue(saveNow);
          return;
        }
        const project = await store.loadProject(id);
        if (cancelled) return;
        await open(project);
        await refreshList();
        setState('saved');
      } catch (error) {
        if (!cancelled) fail(error);
      }
    });
    return () => {
      cancelled = true;
      if (timerRef.current) clearTimeout(timerRef.current.handle);
      timerRef.current = null;
      storeRef.current?.close();
      storeRef.current = null;
    };
  }, [enqueue, fail, open, refreshList, saveNow]);

  // Save a moment after each change; during a stream of changes (recording), at least every few seconds.
  useEffect(() => {
    if (!baselineRef.current || !storeRef.current) return;
    const motionsChanged = motions !== undefined && motionChangesOf(motions, baselineRef.current.motions) !== null;
    if (metaKey(content) === baselineRef.current.meta && !samplesDiffer(content.dataset, baselineRef.current.samples) && !motionsChanged) return;
    setState((s) => (s === 'error' ? s : 'saving'));
    const firstChangeAt = timerRef.current?.firstChangeAt ?? Date.now();
    if (timerRef.current) clearTimeout(timerRef.current.handle);
    const delay = Math.max(0, Math.min(SAVE_DELAY_MS, firstChangeAt + SAVE_MAX_WAIT_MS - Date.now()));
    timerRef.current = { handle: setTimeout(() => void flush(), delay), firstChangeAt };
  }, [content, motions, flush]);

  // A tab being hidden may be a tab about to close: save what is pending now.
  useEffect(() => {
    const onHide = () => {
      if (timerRef.current) void flush();
    };
    const onVisibility = () => document.visibilityState === 'hidden' && onHide();
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [flush]);

  // A newly trained model (a head or a fine-tuned network): save it with the project.
  useEffect(() => {
    if (trained === null) return;
    if (restoringRef.current) {
      restoringRef.current = false;
      return;
    }
    const id = projectIdRef.current;
    if (!id) return;
    void enqueue(async () => {
      const store = storeRef.current;
      if (!store) return;
      try {
        await store.saveHead(id, { ...(await savedModelOf(trained.model)), backboneId: trained.backboneId, trainedSamples: trained.samples });
      } catch (error) {
        fail(error);
      }
    });
  }, [trained, enqueue, fail]);

  const current = projects.find((p) => p.id === currentId) ?? null;

  const switchTo = useCallback(
    async (id: string) => {
      await flush();
      await enqueue(async () => {
        const store = storeRef.current;
        if (!store) return;
        try {
          setState('loading');
          await openStored(store, id);
        } catch (error) {
          fail(error);
        }
      });
    },
    [enqueue, fail, flush, openStored],
  );

  const create = useCallback(
    async (name: string) => {
      await flush();
      await enqueue(async () => {
        const store = storeRef.current;
        if (!store) return;
        try {
          const made = await store.createProject(name, emptyContentRef.current());
          await openStored(store, made.id);
        } catch (error) {
          fail(error);
        }
      });
    },
    [enqueue, fail, flush, openStored],
  );

  const duplicate = useCallback(async () => {
    await flush();
    await enqueue(async () => {
      const store = storeRef.current;
      const id = projectIdRef.current;
      if (!store || !id) return;
      try {
        const all = await store.listProjects();
        const name = all.find((p) => p.id === id)?.name ?? 'Project';
        const copy = await store.duplicateProject(id, uniqueProjectName(`${name} copy`, all.map((p) => p.name)));
        await openStored(store, copy.id);
      } catch (error) {
        fail(error);
      }
    });
  }, [enqueue, fail, flush, openStored]);

  const rename = useCallback(
    async (name: string) => {
      await enqueue(async () => {
        const store = storeRef.current;
        const id = projectIdRef.current;
        if (!store || !id) return;
        try {
          await store.renameProject(id, name);
          await refreshList();
          setState('saved');
          setMessage(null);
        } catch (error) {
          fail(error);
        }
      });
    },
    [enqueue, fail, refreshList],
  );

  const remove = useCallback(async () => {
    // Pending changes belong to the project being deleted: drop them.
    if (timerRef.current) clearTimeout(timerRef.current.handle);
    timerRef.current = null;
    await enqueue(async () => {
      const store = storeRef.current;
      const id = projectIdRef.current;
      if (!store || !id) return;
      try {
        await store.deleteProject(id);
        projectIdRef.current = null;
        baselineRef.current = null;
        const next = (await store.listProjects())[0]?.id ?? (await store.createProject(FIRST_PROJECT_NAME, emptyContentRef.current())).id;
        await openStored(store, next);
      } catch (error) {
        fail(error);
      }
    });
  }, [enqueue, fail, openStored]);

  const importProject = useCallback(
    async (name: string, content: ProjectContent, head: StoredHead | null, motions?: MotionProject): Promise<ProjectSummary> => {
      await flush();
      return enqueue(async () => {
        const store = storeRef.current;
        if (!store) throw new StorageError('unavailable', UNAVAILABLE_MESSAGE);
        let made: ProjectSummary;
        try {
          const taken = (await store.listProjects()).map((p) => p.name);
          made = await store.createProject(uniqueProjectName(name, taken), motions ? { ...content, motionClasses: motions.classes } : content, head, motions?.trained ?? null);
        } catch (error) {
          // Nothing was written (one transaction), and the open project is as it was.
          throw toStorageError(error);
        }
        try {
          setState('loading');
          await openStored(store, made.id);
        } catch (error) {
          fail(error);
        }
        return made;
      });
    },
    [enqueue, fail, flush, openStored],
  );

  return { state, message, projects, current, ready: currentId !== null, switchTo, create, duplicate, rename, remove, importProject };
}

/**
 * Whether `saved` (what is stored) still holds `sample`'s data. Augmented views are not stored, so
 * attaching them changes nothing; a re-embedding (new backbone) does.
 */
function sameStoredSample(saved: Sample | undefined, sample: Sample): boolean {
  return saved !== undefined && saved.embedding === sample.embedding && saved.image === sample.image && saved.landmarks === sample.landmarks && saved.source === sample.source;
}

function samplesDiffer(dataset: Dataset, saved: ReadonlyMap<string, Sample>): boolean {
  let count = 0;
  for (const c of dataset.classes) {
    for (const s of c.samples) {
      count += 1;
      if (!sameStoredSample(saved.get(s.id), s)) return true;
    }
  }
  return count !== saved.size;
}

function samplesById(dataset: Dataset): Map<string, Sample> {
  return new Map(dataset.classes.flatMap((c) => c.samples.map((s) => [s.id, s] as const)));
}

/**
 * Everything the project record holds besides the samples' data, as one comparable string. A slide's
 * image never changes under its id (a new image is a new slide), so the deck's ids stand for it.
 */
function metaKey({ dataset, inputMode, settings, actions }: ProjectContent): string {
  return JSON.stringify([
    dataset.backboneId,
    dataset.framing ?? 'frame',
    inputMode,
    settings,
    dataset.classes.map((c) => [c.id, c.name, c.samples.map((s) => s.id)]),
    [actions.bindings, actions.cooldownMs, actions.slides.map((s) => s.id)],
  ]);
}

/** `motions` null: the studio does not hand its motions to autosave, and they are left alone. */
function baselineOf(content: ProjectContent, motions: MotionProject | null | undefined): Baseline {
  return {
    samples: samplesById(content.dataset),
    slides: slidesById(content.actions),
    meta: metaKey(content),
    motions: motions ? savedMotionsOf(motions) : null,
  };
}

export function savedMotionsOf(motions: MotionProject): SavedMotions {
  return { clips: new Map(motions.classes.flatMap((c) => c.clips.map((k) => [k.id, k] as const))), key: motionClassesKey(motions.classes), trained: motions.trained };
}

export type MotionChanges = Required<Pick<ProjectChanges, 'putClips' | 'removeClips'>> & Pick<ProjectChanges, 'motionModel'>;

/**
 * What to write of `motions` against what was written (`saved`; null when nothing of them was): new
 * clips, removed ones, the model when it changed. Null when nothing did. A clip never changes under
 * its id, and a trained model is a new object, so identity tells.
 */
export function motionChangesOf(motions: MotionProject, saved: SavedMotions | null): MotionChanges | null {
  const putClips: ClassClip[] = [];
  const present = new Set<string>();
  for (const c of motions.classes) {
    for (const clip of c.clips) {
      present.add(clip.id);
      if (saved?.clips.get(clip.id) !== clip) putClips.push({ classId: c.id, clip });
    }
  }
  const removeClips = saved ? [...saved.clips.keys()].filter((clipId) => !present.has(clipId)) : [];
  const modelChanged = saved ? saved.trained !== motions.trained : motions.trained !== null;
  const keyChanged = saved ? saved.key !== motionClassesKey(motions.classes) : motions.classes.length > 0;
  if (putClips.length === 0 && removeClips.length === 0 && !modelChanged && !keyChanged) return null;
  return { putClips, removeClips, ...(modelChanged ? { motionModel: motions.trained } : {}) };
}

function slidesById(actions: GestureActions): Map<string, Blob> {
  return new Map(actions.slides.map((s) => [s.id, s.image]));
}

/**
 * The saved model of `project` when it was trained on its classes as they are (same names, same
 * order); `useTraining().restore` checks the backbone and says when it must be trained again.
 */
export function restorableHead(project: StoredProject): StoredHead | null {
  const { head, dataset } = project;
  if (!head) return null;
  const names = dataset.classes.map((c) => c.name);
  if (head.classNames.length !== names.length || head.classNames.some((n, i) => n !== names[i])) return null;
  return head;
}
