import * as tf from '@tensorflow/tfjs';
import { IDBDatabase, IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NO_ACTIONS, type GestureActions } from '../actions';
import { DEFAULT_AUGMENT } from '../augment';
import { DEFAULT_BACKBONE } from '../backbone';
import { createDataset, addSamples, type Dataset, type Sample } from '../dataset';
import { EMPTY_MOTION_PROJECT, loadMotionModel, type MotionClass, type MotionProject } from '../motion';
import { storedClip, testMotionProject } from '../motion/test-motion-project';
import { DEFAULT_TRAIN_PARAMS } from '../train';
import { openProjectStore, QUOTA_MESSAGE, StorageError, toStorageError, UNAVAILABLE_MESSAGE, uniqueProjectName, type ProjectContent, type ProjectStore, type StoredHead } from './index';

const SIZE = 4;
let factory: IDBFactory;
let store: ProjectStore;
let clock: number;
let ids: number;

beforeEach(async () => {
  factory = new IDBFactory();
  clock = 1_000;
  ids = 0;
  store = await openProjectStore({ indexedDB: factory, now: () => (clock += 1), createId: () => `project-${(ids += 1)}` });
});

afterEach(() => {
  vi.restoreAllMocks();
  store.close();
});

function sample(id: string, seed: number, landmarks = false): Sample {
  return {
    id,
    embedding: Float32Array.from({ length: SIZE }, (_, i) => seed + i / 8),
    image: new Blob([new Uint8Array([0xff, 0xd8, seed])], { type: 'image/jpeg' }),
    source: 'camera',
    ...(landmarks ? { landmarks: Float32Array.from([seed, -seed]) } : {}),
  };
}

function content(dataset: Dataset, actions: GestureActions = NO_ACTIONS): ProjectContent {
  return { dataset, inputMode: 'fused', settings: { train: DEFAULT_TRAIN_PARAMS, augment: DEFAULT_AUGMENT, threshold: 0.7 }, actions };
}

/** Two classes: a with samples s1, s2 (s2 with landmarks), b with s3. */
function twoClasses(): Dataset {
  let ds = createDataset(DEFAULT_BACKBONE, ['Open hand', 'Fist']);
  ds = { ...ds, framing: 'hand' };
  ds = addSamples(ds, ds.classes[0].id, [sample('s1', 1), sample('s2', 2, true)]);
  return addSamples(ds, ds.classes[1].id, [sample('s3', 3)]);
}

/** The keys of a store ("samples", "slides") as stored, read straight from the database behind the project store. */
async function storedKeys(storeName: string): Promise<IDBValidKey[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open('gesture-studio');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
    const request = db.transaction(storeName).objectStore(storeName).getAllKeys();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
  return keys;
}

async function bytes(blob: Blob | null): Promise<number[]> {
  return blob ? [...new Uint8Array(await blob.arrayBuffer())] : [];
}

/** What a person would compare: class names, sample ids, embeddings, landmarks, image bytes. */
async function described(ds: Dataset) {
  return Promise.all(
    ds.classes.map(async (c) => ({
      id: c.id,
      name: c.name,
      samples: await Promise.all(c.samples.map(async (s) => ({ id: s.id, source: s.source, embedding: [...s.embedding], landmarks: s.landmarks ? [...s.landmarks] : null, image: await bytes(s.image) }))),
    })),
  );
}

async function tinyHead(): Promise<StoredHead> {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [SIZE], units: 2, activation: 'softmax' })] });
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (artifacts) => ((saved = artifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  model.dispose();
  const artifacts = saved as unknown as tf.io.ModelArtifacts;
  return {
    artifacts: { modelTopology: artifacts.modelTopology as object, weightSpecs: artifacts.weightSpecs ?? [], weightData: artifacts.weightData as ArrayBuffer },
    classNames: ['Open hand', 'Fist'],
    inputMode: 'crop',
    embeddingSize: SIZE,
    backboneId: DEFAULT_BACKBONE,
    trainedSamples: 3,
  };
}

/** A database as version 1 (before actions) or 2 (before motions) of the app left it, holding one project "old" with `fields`. */
async function oldDatabase(version: 1 | 2, fields: object): Promise<IDBFactory> {
  const old = new IDBFactory();
  await new Promise<void>((resolve, reject) => {
    const request = old.open('gesture-studio', version);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('projects', { keyPath: 'id' }).put({
        id: 'old',
        name: 'Old project',
        createdAt: 1,
        updatedAt: 2,
        backboneId: DEFAULT_BACKBONE,
        framing: 'frame',
        inputMode: 'frame',
        settings: { train: DEFAULT_TRAIN_PARAMS, augment: DEFAULT_AUGMENT, threshold: 0.6 },
        ...fields,
      });
      db.createObjectStore('samples', { keyPath: ['projectId', 'id'] }).createIndex('by-project', 'projectId');
      db.createObjectStore('heads', { keyPath: 'projectId' });
      db.createObjectStore('app', { keyPath: 'key' });
      if (version >= 2) db.createObjectStore('slides', { keyPath: ['projectId', 'id'] }).createIndex('by-project', 'projectId');
    };
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error);
  });
  return old;
}

describe('project store', () => {
  it('round-trips a project: classes, samples (images, embeddings, landmarks), settings, mode', async () => {
    const ds = twoClasses();
    const created = await store.createProject('  Hands  ', content(ds));
    expect(created).toMatchObject({ id: 'project-1', name: 'Hands', classCount: 2, sampleCount: 3 });

    // A second connection sees exactly what was committed.
    const other = await openProjectStore({ indexedDB: factory });
    const loaded = await other.loadProject(created.id);
    other.close();
    expect(loaded.name).toBe('Hands');
    expect(loaded.dataset.backboneId).toBe(DEFAULT_BACKBONE);
    expect(loaded.dataset.framing).toBe('hand');
    expect(loaded.inputMode).toBe('fused');
    expect(loaded.settings).toEqual({ train: DEFAULT_TRAIN_PARAMS, augment: DEFAULT_AUGMENT, threshold: 0.7 });
    expect(loaded.head).toBeNull();
    expect(await described(loaded.dataset)).toEqual(await described(ds));
    expect(loaded.dataset.classes[0].samples[1].landmarks).toBeInstanceOf(Float32Array);
    expect(loaded.dataset.classes[0].samples[0].image?.type).toBe('image/jpeg');
    expect(await store.lastOpenedProjectId()).toBe(created.id);
  });

  it('saves one new sample without rewriting the others, and deletes removed ones', async () => {
    const ds = twoClasses();
    const { id } = await store.createProject('P', content(ds));
    const putSpy = vi.spyOn(IDBObjectStore.prototype, 'put');
    const added = addSamples(ds, ds.classes[1].id, [sample('s4', 4)]);
    await store.saveChanges(id, { content: content(added), put: [{ classId: ds.classes[1].id, sample: sample('s4', 4) }] });
    // One sample record and the project record: the other three samples were not written again.
    const written = putSpy.mock.calls.map(([value]) => (value as { id: string }).id);
    expect(written.sort()).toEqual([id, 's4'].sort());

    const loaded = await store.loadProject(id);
    expect(loaded.dataset.classes.map((c) => c.samples.map((s) => s.id))).toEqual([['s1', 's2'], ['s3', 's4']]);

    const withoutS1 = { ...added, classes: added.classes.map((c, i) => (i === 0 ? { ...c, samples: c.samples.slice(1) } : c)) };
    await store.saveChanges(id, { content: content(withoutS1), remove: ['s1'] });
    const after = await store.loadProject(id);
    expect(after.dataset.classes.map((c) => c.samples.map((s) => s.id))).toEqual([['s2'], ['s3', 's4']]);
    expect((await store.listProjects())[0]).toMatchObject({ id, sampleCount: 3 });
  });

  it('putSamples, deleteSamples and saveProjectMeta each work alone', async () => {
    const ds = twoClasses();
    const { id } = await store.createProject('P', content(ds));
    const added = addSamples(ds, ds.classes[0].id, [sample('s9', 9)]);
    await store.putSamples(id, [{ classId: ds.classes[0].id, sample: sample('s9', 9) }]);
    // Not in the class list yet: a sample record alone does not join the project.
    expect((await store.loadProject(id)).dataset.classes[0].samples.map((s) => s.id)).toEqual(['s1', 's2']);
    await store.saveProjectMeta(id, content(added));
    expect((await store.loadProject(id)).dataset.classes[0].samples.map((s) => s.id)).toEqual(['s1', 's2', 's9']);
    await store.deleteSamples(id, ['s9']);
    expect((await store.loadProject(id)).dataset.classes[0].samples.map((s) => s.id)).toEqual(['s1', 's2']);
  });

  it('saves, restores and clears a trained head that tf.loadLayersModel can load', async () => {
    const { id } = await store.createProject('P', content(twoClasses()));
    const head = await tinyHead();
    await store.saveHead(id, head);
    const loaded = (await store.loadProject(id)).head;
    expect(loaded).toMatchObject({ classNames: ['Open hand', 'Fist'], inputMode: 'crop', embeddingSize: SIZE, backboneId: DEFAULT_BACKBONE, trainedSamples: 3 });
    const before = tf.memory().numTensors;
    const model = await tf.loadLayersModel(tf.io.fromMemory({ ...loaded?.artifacts, weightSpecs: [...(loaded?.artifacts.weightSpecs ?? [])] } as tf.io.ModelArtifacts));
    const out = tf.tidy(() => model.predict(tf.ones([1, SIZE])) as tf.Tensor);
    expect(out.shape).toEqual([1, 2]);
    out.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // A head saved before fine-tuned models were kept has no trainableBlocks, and still reads back as a head.
    expect(loaded && 'trainableBlocks' in loaded).toBe(false);
    await store.clearHead(id);
    expect((await store.loadProject(id)).head).toBeNull();
  });

  it('keeps a fine-tuned network with the number of blocks it fine-tuned', async () => {
    const { id } = await store.createProject('P', content(twoClasses()));
    await store.saveHead(id, { ...(await tinyHead()), trainableBlocks: 2 });
    expect((await store.loadProject(id)).head).toMatchObject({ trainableBlocks: 2, classNames: ['Open hand', 'Fist'], backboneId: DEFAULT_BACKBONE });
  });

  it('creates a project with its head in one transaction, or nothing when the name is taken', async () => {
    const ds = twoClasses();
    const made = await store.createProject('Imported', content(ds), await tinyHead());
    const loaded = await store.loadProject(made.id);
    expect(await described(loaded.dataset)).toEqual(await described(ds));
    expect(loaded.head).toMatchObject({ classNames: ['Open hand', 'Fist'], embeddingSize: SIZE, backboneId: DEFAULT_BACKBONE, trainedSamples: 3 });
    expect(new Uint8Array(loaded.head?.artifacts.weightData as ArrayBuffer).length).toBe((SIZE * 2 + 2) * 4);

    await expect(store.createProject('IMPORTED', content(ds), await tinyHead())).rejects.toMatchObject({ kind: 'bad-name' });
    expect((await store.listProjects()).map((p) => p.id)).toEqual([made.id]);
  });

  it('duplicates a project with its samples and head; the copy is independent', async () => {
    const ds = twoClasses();
    const { id } = await store.createProject('Hands', content(ds));
    await store.saveHead(id, await tinyHead());
    const copy = await store.duplicateProject(id, 'Hands (2)');
    expect(copy).toMatchObject({ name: 'Hands (2)', sampleCount: 3, classCount: 2 });
    expect(copy.id).not.toBe(id);
    const loadedCopy = await store.loadProject(copy.id);
    expect(await described(loadedCopy.dataset)).toEqual(await described(ds));
    expect(loadedCopy.head?.classNames).toEqual(['Open hand', 'Fist']);

    await store.deleteSamples(copy.id, ['s1']);
    await store.saveProjectMeta(copy.id, content({ ...ds, classes: ds.classes.slice(1) }));
    expect((await store.loadProject(id)).dataset.classes.map((c) => c.samples.length)).toEqual([2, 1]);
    expect((await store.loadProject(copy.id)).dataset.classes.map((c) => c.samples.length)).toEqual([1]);
  });

  it('deletes a project with its samples and head, leaving the others', async () => {
    const a = await store.createProject('A', content(twoClasses()));
    const b = await store.createProject('B', content(twoClasses()));
    await store.saveHead(a.id, await tinyHead());
    await store.loadProject(a.id);
    await store.deleteProject(a.id);
    expect((await store.listProjects()).map((p) => p.name)).toEqual(['B']);
    await expect(store.loadProject(a.id)).rejects.toMatchObject({ name: 'StorageError', kind: 'not-found' });
    expect(await store.lastOpenedProjectId()).toBeNull();
    // Same sample ids in B were untouched.
    expect((await store.loadProject(b.id)).dataset.classes.map((c) => c.samples.length)).toEqual([2, 1]);
  });

  it('lists projects newest change first, renames, and refuses empty or taken names', async () => {
    const a = await store.createProject('A', content(createDataset(DEFAULT_BACKBONE)));
    await store.createProject('B', content(createDataset(DEFAULT_BACKBONE)));
    expect((await store.listProjects()).map((p) => p.name)).toEqual(['B', 'A']);
    await store.renameProject(a.id, 'Alpha');
    expect((await store.listProjects()).map((p) => p.name)).toEqual(['Alpha', 'B']);
    await expect(store.renameProject(a.id, '  ')).rejects.toMatchObject({ kind: 'bad-name' });
    await expect(store.renameProject(a.id, 'b')).rejects.toMatchObject({ kind: 'bad-name', message: 'Another project is already called "b"; pick a different name.' });
    await expect(store.createProject('ALPHA', content(createDataset(DEFAULT_BACKBONE)))).rejects.toMatchObject({ kind: 'bad-name' });
    await expect(store.duplicateProject(a.id, 'B')).rejects.toMatchObject({ kind: 'bad-name' });
    expect(await store.listProjects()).toHaveLength(2);
    expect(uniqueProjectName('Alpha', ['alpha', 'Alpha (2)'])).toBe('Alpha (3)');
  });

  it('rejects writes to a missing project with kind not-found', async () => {
    await expect(store.saveChanges('nope', { remove: ['x'] })).rejects.toMatchObject({ kind: 'not-found' });
    await expect(store.saveHead('nope', await tinyHead())).rejects.toMatchObject({ kind: 'not-found' });
    await expect(store.duplicateProject('nope', 'X')).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('gesture actions and the slide deck', () => {
  const slide = (id: string, byte: number) => ({ id, image: new Blob([new Uint8Array([0xff, 0xd8, 0xff, byte])], { type: 'image/jpeg' }) });
  function withActions(ds: Dataset, slides = [slide('d1', 1), slide('d2', 2)]): ProjectContent {
    return content(ds, {
      bindings: [
        { classId: ds.classes[0].id, holdMs: 500, action: { kind: 'sound', sound: 'drum' } },
        { classId: ds.classes[1].id, holdMs: 400, action: { kind: 'slide', direction: 'previous' } },
      ],
      cooldownMs: 1500,
      slides,
    });
  }
  const deckOf = async (actions: GestureActions) => Promise.all(actions.slides.map(async (s) => [s.id, await bytes(s.image)]));

  it('round-trips the mapping, the cooldown and the deck (images in order)', async () => {
    const saved = withActions(twoClasses());
    const { id } = await store.createProject('P', saved);
    const loaded = await store.loadProject(id);
    expect(loaded.actions.bindings).toEqual(saved.actions.bindings);
    expect(loaded.actions.cooldownMs).toBe(1500);
    expect(await deckOf(loaded.actions)).toEqual([['d1', [0xff, 0xd8, 0xff, 1]], ['d2', [0xff, 0xd8, 0xff, 2]]]);
  });

  it('saves added, removed and reordered slides with the project record, and leaves the samples alone', async () => {
    const ds = twoClasses();
    const { id } = await store.createProject('P', withActions(ds));
    const putSpy = vi.spyOn(IDBObjectStore.prototype, 'put');
    await store.saveChanges(id, { content: withActions(ds, [slide('d3', 3), slide('d2', 2)]), putSlides: [slide('d3', 3)], removeSlides: ['d1'] });
    expect(putSpy.mock.calls.map(([value]) => (value as { id: string }).id).sort()).toEqual(['d3', id].sort());
    const loaded = await store.loadProject(id);
    expect(await deckOf(loaded.actions)).toEqual([['d3', [0xff, 0xd8, 0xff, 3]], ['d2', [0xff, 0xd8, 0xff, 2]]]);
    expect((await storedKeys('slides')).length).toBe(2);
    expect(await described(loaded.dataset)).toEqual(await described(ds));
  });

  it('duplicates the deck with the project, and deletes it with the project', async () => {
    const { id } = await store.createProject('P', withActions(twoClasses()));
    const copy = await store.duplicateProject(id, 'P copy');
    expect(await deckOf((await store.loadProject(copy.id)).actions)).toEqual(await deckOf((await store.loadProject(id)).actions));
    expect(await storedKeys('slides')).toHaveLength(4);
    await store.deleteProject(id);
    expect(await storedKeys('slides')).toEqual([
      [copy.id, 'd1'],
      [copy.id, 'd2'],
    ]);
  });

  it('a stored mapping that no longer reads is dropped, keeping the deck; a slide missing from the store is skipped', async () => {
    const ds = twoClasses();
    const { id } = await store.createProject('P', withActions(ds));
    const broken = withActions(ds);
    await store.saveChanges(id, { content: { ...broken, actions: { ...broken.actions, bindings: [{ classId: ds.classes[0].id, holdMs: 400, action: { kind: 'teleport' } as never }] } }, removeSlides: ['d2'] });
    const loaded = await store.loadProject(id);
    expect(loaded.actions.bindings).toEqual([]);
    expect(loaded.actions.slides.map((s) => s.id)).toEqual(['d1']);
  });

  it('opens a version 1 database (made before actions): its projects load with no actions, and slides can be added', async () => {
    const old = await oldDatabase(1, { classes: [{ id: 'c1', name: 'Wave', sampleIds: [] }] });
    const upgraded = await openProjectStore({ indexedDB: old });
    const project = await upgraded.loadProject('old');
    expect(project.actions).toEqual(NO_ACTIONS);
    expect(project.dataset.classes.map((c) => c.name)).toEqual(['Wave']);
    await upgraded.saveChanges('old', { content: { ...content(project.dataset), actions: { ...NO_ACTIONS, slides: [slide('n1', 9)] } }, putSlides: [slide('n1', 9)] });
    expect((await upgraded.loadProject('old')).actions.slides.map((s) => s.id)).toEqual(['n1']);
    upgraded.close();
  });
});

describe('motion classes, clips and the motion model', () => {
  const withMotions = (classes: readonly MotionClass[]): ProjectContent => ({ ...content(twoClasses()), motionClasses: classes });
  /** What a person would compare: classes in order, roles, mirroring, and each clip's data bit for bit. */
  const describedMotions = (classes: readonly MotionClass[]) =>
    classes.map((c) => ({ ...c, clips: c.clips.map((k) => ({ ...k, clip: { rate: k.clip.rate, frames: k.clip.frames, rows: [...k.clip.rows] } })) }));

  it('round-trips the motion classes (roles, mirror partners, clips in order) and the trained motion model, which loads', async () => {
    const motions = await testMotionProject();
    const { id } = await store.createProject('P', withMotions(motions.classes), null, motions.trained);
    const other = await openProjectStore({ indexedDB: factory });
    const loaded = (await other.loadProject(id)).motions;
    other.close();
    expect(describedMotions(loaded.classes)).toEqual(describedMotions(motions.classes));
    expect(loaded.classes[0].clips[0].clip.rows).toBeInstanceOf(Float32Array);
    const { saved, ...record } = loaded.trained ?? ({} as NonNullable<MotionProject['trained']>);
    const { saved: original, ...originalRecord } = motions.trained as NonNullable<MotionProject['trained']>;
    expect(record).toEqual(originalRecord);
    expect(saved.classNames).toEqual(['Swipe left', 'Swipe right', 'Wave', 'No motion']);
    expect(new Float32Array(saved.artifacts.weightData)).toEqual(new Float32Array(original.artifacts.weightData));
    const before = tf.memory().numTensors;
    const model = await loadMotionModel(saved);
    expect(model.idleClass).toBe('No motion');
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a project made without motions has none, and its pose data is as before', async () => {
    const ds = twoClasses();
    const { id } = await store.createProject('P', content(ds));
    const loaded = await store.loadProject(id);
    expect(loaded.motions).toEqual(EMPTY_MOTION_PROJECT);
    expect(await described(loaded.dataset)).toEqual(await described(ds));
  });

  it('saves one new clip without rewriting the others, deletes removed ones, and keeps or drops the motion model', async () => {
    const { classes, trained } = await testMotionProject();
    const { id } = await store.createProject('P', withMotions(classes));
    expect((await store.loadProject(id)).motions.trained).toBeNull();
    const putSpy = vi.spyOn(IDBObjectStore.prototype, 'put');
    const added = storedClip('k5', 12, 5);
    const grown = classes.map((c) => (c.id === 'mwave' ? { ...c, clips: [added] } : c));
    await store.saveChanges(id, { content: withMotions(grown), putClips: [{ classId: 'mwave', clip: added }], motionModel: trained });
    expect(putSpy.mock.calls.map(([value]) => (value as { id?: string; projectId?: string }).id ?? 'model').sort()).toEqual(['k5', 'model', id].sort());
    putSpy.mockRestore();
    let loaded = (await store.loadProject(id)).motions;
    expect(loaded.classes.map((c) => c.clips.map((k) => k.id))).toEqual([['k1', 'k2'], ['k3'], ['k5'], ['k4']]);
    expect(loaded.trained?.bestEpoch).toBe(2);

    const shrunk = grown.map((c) => (c.id === 'mleft' ? { ...c, clips: c.clips.slice(1) } : c));
    await store.saveChanges(id, { content: withMotions(shrunk), removeClips: ['k1'], motionModel: null });
    loaded = (await store.loadProject(id)).motions;
    expect(loaded.classes.map((c) => c.clips.map((k) => k.id))).toEqual([['k2'], ['k3'], ['k5'], ['k4']]);
    expect(loaded.trained).toBeNull();
    expect(await storedKeys('motion-clips')).toHaveLength(4);
  });

  it('a save whose content leaves the motion classes out keeps them (a caller that does not know motions loses none)', async () => {
    const { classes, trained } = await testMotionProject();
    const { id } = await store.createProject('P', withMotions(classes), null, trained);
    const ds = twoClasses();
    await store.saveChanges(id, { content: content({ ...ds, classes: ds.classes.slice(1) }) });
    const loaded = await store.loadProject(id);
    expect(loaded.dataset.classes).toHaveLength(1);
    expect(describedMotions(loaded.motions.classes)).toEqual(describedMotions(classes));
    expect(loaded.motions.trained?.trainedOn).toBe(trained?.trainedOn);
  });

  it('ignores a clip record the class list does not name, and lets go of a mirror partner that is gone', async () => {
    const { classes } = await testMotionProject();
    const { id } = await store.createProject('P', withMotions(classes));
    // A save cut short: the clip was written, the class list that would name it was not.
    await store.saveChanges(id, { putClips: [{ classId: 'mwave', clip: storedClip('stray', 3, 9) }] });
    // The right swipe removed, its partner's record still pointing at it (written by hand: removeMotionClass would have released it).
    const broken = classes.filter((c) => c.id !== 'mright');
    await store.saveChanges(id, { content: withMotions(broken), removeClips: ['k3'] });
    const loaded = (await store.loadProject(id)).motions;
    expect(loaded.classes.map((c) => [c.id, c.mirror, c.clips.map((k) => k.id)])).toEqual([
      ['mleft', 'off', ['k1', 'k2']],
      ['mwave', 'self', []],
      ['midle', 'self', ['k4']],
    ]);
  });

  it('duplicates the clips and the motion model with the project, and deletes them with it', async () => {
    const { classes, trained } = await testMotionProject();
    const { id } = await store.createProject('P', withMotions(classes), null, trained);
    const copy = await store.duplicateProject(id, 'P copy');
    const copied = (await store.loadProject(copy.id)).motions;
    expect(describedMotions(copied.classes)).toEqual(describedMotions(classes));
    expect(copied.trained?.trainedAt).toBe(trained?.trainedAt);
    expect(await storedKeys('motion-clips')).toHaveLength(8);
    await store.deleteProject(id);
    expect((await storedKeys('motion-clips')).every((key) => (key as string[])[0] === copy.id)).toBe(true);
    expect(await storedKeys('motion-models')).toEqual([copy.id]);
  });

  it('a quota error on a clip leaves the earlier save whole: no clip, class list or model of the batch is written', async () => {
    const { classes, trained } = await testMotionProject();
    const { id } = await store.createProject('P', withMotions(classes));
    const put = IDBObjectStore.prototype.put;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if ((value as { id?: string }).id === 'k6') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    });
    const grown = classes.map((c) => (c.id === 'mwave' ? { ...c, clips: [storedClip('k5', 4, 5), storedClip('k6', 4, 6)] } : c));
    await expect(
      store.saveChanges(id, {
        content: withMotions(grown),
        putClips: [
          { classId: 'mwave', clip: storedClip('k5', 4, 5) },
          { classId: 'mwave', clip: storedClip('k6', 4, 6) },
        ],
        removeClips: ['k1'],
        motionModel: trained,
      }),
    ).rejects.toMatchObject({ kind: 'quota', message: QUOTA_MESSAGE });
    spy.mockRestore();
    const loaded = (await store.loadProject(id)).motions;
    expect(describedMotions(loaded.classes)).toEqual(describedMotions(classes));
    expect(loaded.trained).toBeNull();
    expect(await storedKeys('motion-clips')).toHaveLength(4);
  });

  it('opens a version 2 database (made before motions): its projects load with no motions, and clips can be added', async () => {
    const old = await oldDatabase(2, { classes: [{ id: 'c1', name: 'Wave', sampleIds: [] }], actions: { bindings: [], cooldownMs: 1000, slideIds: [] } });
    const upgraded = await openProjectStore({ indexedDB: old });
    const project = await upgraded.loadProject('old');
    expect(project.motions).toEqual(EMPTY_MOTION_PROJECT);
    expect(project.dataset.classes.map((c) => c.name)).toEqual(['Wave']);
    const idle: MotionClass = { id: 'i', name: 'No motion', role: 'idle', mirror: 'self', clips: [storedClip('n1', 5, 1)] };
    await upgraded.saveChanges('old', { content: { ...content(project.dataset), motionClasses: [idle] }, putClips: [{ classId: 'i', clip: idle.clips[0] }] });
    expect((await upgraded.loadProject('old')).motions.classes.map((c) => c.clips.map((k) => k.id))).toEqual([['n1']]);
    upgraded.close();
  });
});

describe('storage errors', () => {
  /** Makes `put` throw the browser's quota error for records matching `when`, as a full disk would. */
  function quotaOn(when: (value: unknown) => boolean) {
    const put = IDBObjectStore.prototype.put;
    return vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (when(value)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    });
  }

  it('maps QuotaExceededError to a StorageError of kind quota that says what to do', async () => {
    const { id } = await store.createProject('P', content(twoClasses()));
    quotaOn((v) => (v as { id?: string }).id === 's4');
    const error = await store.putSamples(id, [{ classId: 'c', sample: sample('s4', 4) }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ kind: 'quota', message: QUOTA_MESSAGE });
    expect((error as StorageError).cause).toMatchObject({ name: 'QuotaExceededError' });
  });

  it('a save of 600 samples (written a chunk per transaction) reads back whole and in order', async () => {
    const ds = twoClasses();
    const { id } = await store.createProject('P', content(ds));
    const many = Array.from({ length: 600 }, (_, i) => sample(`m${i}`, i));
    const transactions = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await store.saveChanges(id, { content: content(addSamples(ds, ds.classes[1].id, many)), put: many.map((m) => ({ classId: ds.classes[1].id, sample: m })) });
    expect(transactions.mock.calls.length).toBe(3);
    transactions.mockRestore();
    const loaded = await store.loadProject(id);
    expect(loaded.dataset.classes[1].samples.map((m) => m.id)).toEqual(['s3', ...many.map((m) => m.id)]);
    expect(Array.from(loaded.dataset.classes[1].samples[600].embedding.slice(0, 2))).toEqual([599, 599.125]);
  });

  it('a failed transaction leaves earlier data intact: none of the batch is written', async () => {
    const ds = twoClasses();
    const { id } = await store.createProject('P', content(ds));
    await store.saveHead(id, await tinyHead());
    const before = await described((await store.loadProject(id)).dataset);
    const [summaryBefore] = await store.listProjects();
    const keysBefore = await storedKeys('samples');
    expect(keysBefore).toHaveLength(3);

    // The batch adds s4 (written), then s5 hits the quota; s1's removal and the new class list must roll back too.
    const spy = quotaOn((v) => (v as { id?: string }).id === 's5');
    const grown = addSamples(addSamples(ds, ds.classes[1].id, [sample('s4', 4)]), ds.classes[1].id, [sample('s5', 5)]);
    const changed = { ...grown, classes: grown.classes.map((c, i) => (i === 0 ? { ...c, name: 'Renamed', samples: c.samples.slice(1) } : c)) };
    await expect(
      store.saveChanges(id, {
        content: content(changed),
        put: [
          { classId: ds.classes[1].id, sample: sample('s4', 4) },
          { classId: ds.classes[1].id, sample: sample('s5', 5) },
        ],
        remove: ['s1'],
      }),
    ).rejects.toMatchObject({ kind: 'quota' });
    spy.mockRestore();

    const after = await store.loadProject(id);
    expect(await described(after.dataset)).toEqual(before);
    expect(after.head?.classNames).toEqual(['Open hand', 'Fist']);
    // The project record is unchanged too (not even its updatedAt), and s4 was not left behind.
    expect((await store.listProjects())[0]).toEqual(summaryBefore);
    expect(await storedKeys('samples')).toEqual(keysBefore);
  });

  it('a quota error while creating or duplicating leaves no half-made project', async () => {
    const { id } = await store.createProject('P', content(twoClasses()));
    const spy = quotaOn((v) => (v as { id?: string }).id === 's3');
    await expect(store.duplicateProject(id, 'Copy')).rejects.toMatchObject({ kind: 'quota' });
    await expect(store.createProject('Other', content(twoClasses()))).rejects.toMatchObject({ kind: 'quota' });
    spy.mockRestore();
    expect((await store.listProjects()).map((p) => p.name)).toEqual(['P']);
    expect((await store.loadProject(id)).dataset.classes.map((c) => c.samples.length)).toEqual([2, 1]);
  });

  it('reports a missing IndexedDB as kind unavailable', async () => {
    // Node has no global indexedDB, like a browser with storage turned off.
    expect(globalThis.indexedDB).toBeUndefined();
    await expect(openProjectStore({ databaseName: 'x' })).rejects.toMatchObject({ name: 'StorageError', kind: 'unavailable', message: UNAVAILABLE_MESSAGE });
  });

  it('maps errors by name: quota (as a transaction abort reports it), unavailable, failed', () => {
    expect(toStorageError(new DOMException('full', 'QuotaExceededError'))).toMatchObject({ kind: 'quota', message: QUOTA_MESSAGE });
    expect(toStorageError({ name: 'QuotaExceededError', message: 'full' }).kind).toBe('quota');
    expect(toStorageError(new DOMException('closing', 'InvalidStateError')).kind).toBe('unavailable');
    const other = toStorageError(new DOMException('disk broke', 'UnknownError'));
    expect(other.kind).toBe('failed');
    expect(other.message).toContain('disk broke');
    const same = new StorageError('not-found', 'x');
    expect(toStorageError(same)).toBe(same);
  });
});
