import fs from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { MAX_SLIDES, NO_ACTIONS, type GestureActions } from '../actions';
import { resolveAugmentSettings } from '../augment';
import { BACKBONES } from '../backbone';
import type { Sample } from '../dataset';
import { createRandom, resolveTrainParams } from '../train';
import type { ProjectManifest } from './manifest';
import { ProjectFileError, type ProjectFileErrorKind } from './project-error';
import { APP_VERSION, readProjectFile, writeProjectFile, type HeadArtifacts, type ProjectData, type ReadProjectOptions } from './project-file';
import { JPEG_8X6, jpegHeaderClaiming, pngOf, WEBP_LOSSY_8X6 } from '../image/test-images';
import { buildZip, text, zipEntries } from './test-zip';

const DIM = BACKBONES.mobilenet_v1_025.embeddingSize; // 256
const LANDMARKS = 87;
const NOW = new Date('2026-05-06T07:08:09.000Z');
const MARKUP_NAME = '<img src=x onerror=alert(1)>';

function vector(length: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const v = Float32Array.from({ length }, () => (random() - 0.5) * 12);
  // Values whose bits a careless copy would change: negative zero, a subnormal, the extremes.
  v.set([-0, 1e-40, 3.4028234663852886e38, -1.1754943508222875e-38], 0);
  return v;
}

function sample(id: string, seed: number, image: Uint8Array<ArrayBuffer> | null, withLandmarks: boolean): Sample {
  return {
    id,
    embedding: vector(DIM, seed),
    image: image ? new Blob([image], { type: 'image/jpeg' }) : null,
    source: seed % 2 === 0 ? 'camera' : 'upload',
    ...(withLandmarks ? { landmarks: vector(LANDMARKS, seed + 1000) } : {}),
  };
}

/** A real (tiny) head saved the way the app will save one: through `tf.io.withSaveHandler`. */
async function headArtifacts(): Promise<{ artifacts: HeadArtifacts; model: tf.LayersModel }> {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [DIM + LANDMARKS], units: 4, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const a = saved as unknown as tf.io.ModelArtifacts;
  return {
    model,
    artifacts: {
      modelTopology: a.modelTopology as object,
      weightSpecs: a.weightSpecs ?? [],
      weightData: a.weightData as ArrayBuffer,
      format: a.format,
      generatedBy: a.generatedBy,
      convertedBy: a.convertedBy,
    },
  };
}

async function makeProject(head: HeadArtifacts | null = null, actions: GestureActions = NO_ACTIONS): Promise<ProjectData> {
  return {
    actions,
    name: 'Hand signs <draft>',
    inputMode: 'fused',
    settings: { train: resolveTrainParams({ epochs: 12, fusion: 'branches' }), augment: resolveAugmentSettings({ views: 2, mirror: true }), threshold: 0.7 },
    dataset: {
      backboneId: 'mobilenet_v1_025',
      framing: 'hand',
      classes: [
        { id: 'class-a', name: 'Thumbs up', samples: [sample('s-1', 1, JPEG_8X6, true), sample('s-2', 2, pngOf(4, 3), true), sample('s-3', 3, WEBP_LOSSY_8X6, false)] },
        { id: 'class-b', name: MARKUP_NAME, samples: [sample('s-4', 4, null, true), sample('s-5', 5, JPEG_8X6, false)] },
        { id: 'class-c', name: 'Empty for now', samples: [] },
      ],
    },
    head: head ? { artifacts: head, classNames: ['Thumbs up', MARKUP_NAME, 'Empty for now'], inputMode: 'fused', embeddingSize: DIM + LANDMARKS } : null,
  };
}

const hasTrainableBlocks = (head: ProjectData['head']) => head !== null && 'trainableBlocks' in head;
const bits = (v: Float32Array) => Array.from(new Uint32Array(v.buffer, v.byteOffset, v.length));
const bytesOf = async (blob: Blob | null) => (blob ? new Uint8Array(await blob.arrayBuffer()) : null);

async function kindOf(file: Blob | Uint8Array<ArrayBuffer>, options?: ReadProjectOptions): Promise<ProjectFileErrorKind | 'resolved'> {
  try {
    await readProjectFile(file instanceof Blob ? file : new Blob([file]), options);
    return 'resolved';
  } catch (error) {
    if (error instanceof ProjectFileError) {
      // Every message is one sentence, ending in what to do.
      expect(error.message).toMatch(/; [a-z][^;]*\.$/);
      expect(error.message.match(/[.!?]\s+[A-Z]/g)).toBeNull();
      return error.kind;
    }
    throw error;
  }
}

// The manifest as parsed JSON, to be broken in any way a test likes.
type Edit = (entries: Map<string, Uint8Array>, manifest: any) => void;

/** A written project with `edit` applied to its entries and manifest, zipped again (CRCs fixed up). */
async function tampered(edit: Edit, method: 'stored' | 'deflate' = 'stored', actions: GestureActions = NO_ACTIONS): Promise<Uint8Array<ArrayBuffer>> {
  const entries = await zipEntries(await writeProjectFile(await makeProject(null, actions), { now: NOW }));
  const manifest = JSON.parse(new TextDecoder().decode(entries.get('manifest.json')));
  edit(entries, manifest);
  entries.set('manifest.json', text(JSON.stringify(manifest)));
  return buildZip([...entries].map(([name, data]) => ({ name, data, method })));
}

describe('writeProjectFile → readProjectFile', () => {
  it('gives back the same project: names, ids, embeddings bit for bit, landmarks, images, settings, head', async () => {
    const { artifacts, model } = await headArtifacts();
    const project = await makeProject(artifacts);
    const before = project.dataset.classes.flatMap((c) => c.samples.map((s) => bits(s.embedding)));
    const progress: number[] = [];
    const file = await writeProjectFile(project, { now: NOW, onProgress: (p) => progress.push(p.done / p.total) });
    expect(progress.at(-1)).toBe(1);
    const read = await readProjectFile(file);

    expect(read.name).toBe('Hand signs <draft>');
    expect(read.inputMode).toBe('fused');
    expect(read.settings).toEqual(project.settings);
    // A head on the frozen backbone needs nothing newer than version 1: older copies of the app still open it.
    expect(read.fileInfo).toEqual({ formatVersion: 1, appVersion: APP_VERSION, createdAt: NOW.toISOString() });
    expect(hasTrainableBlocks(read.head)).toBe(false);
    expect(read.dataset.backboneId).toBe('mobilenet_v1_025');
    expect(read.dataset.framing).toBe('hand');
    expect(read.dataset.classes.map((c) => [c.id, c.name])).toEqual(project.dataset.classes.map((c) => [c.id, c.name]));
    // The markup is kept as the text it is.
    expect(read.dataset.classes[1].name).toBe(MARKUP_NAME);

    const original = project.dataset.classes.flatMap((c) => c.samples);
    const back = read.dataset.classes.flatMap((c) => c.samples);
    expect(back.map((s) => [s.id, s.source])).toEqual(original.map((s) => [s.id, s.source]));
    for (const [i, s] of back.entries()) {
      const o = original[i];
      expect(s.embedding).toBeInstanceOf(Float32Array);
      expect(bits(s.embedding)).toEqual(bits(o.embedding));
      // Each vector has a buffer of its own, so storing one sample does not clone the whole file.
      expect(s.embedding.buffer.byteLength).toBe(DIM * 4);
      expect(s.landmarks === undefined).toBe(o.landmarks === undefined);
      if (s.landmarks && o.landmarks) expect(bits(s.landmarks)).toEqual(bits(o.landmarks));
      expect(await bytesOf(s.image)).toEqual(await bytesOf(o.image));
      expect('views' in s).toBe(false);
    }
    expect(back.map((s) => s.image?.type ?? null)).toEqual(['image/jpeg', 'image/png', 'image/webp', null, 'image/jpeg']);

    // Writing changed nothing in the caller's project.
    expect(project.dataset.classes.flatMap((c) => c.samples.map((s) => bits(s.embedding)))).toEqual(before);

    const head = read.head;
    expect(head?.classNames).toEqual(['Thumbs up', MARKUP_NAME, 'Empty for now']);
    expect(head?.inputMode).toBe('fused');
    expect(head?.embeddingSize).toBe(DIM + LANDMARKS);
    expect(head?.artifacts.modelTopology).toEqual(artifacts.modelTopology);
    expect(head?.artifacts.weightSpecs).toEqual(artifacts.weightSpecs);
    expect(new Uint8Array(head?.artifacts.weightData as ArrayBuffer)).toEqual(new Uint8Array(artifacts.weightData as ArrayBuffer));
    // The artifacts load back into a model that predicts exactly what the saved one did.
    const loaded = await tf.loadLayersModel(tf.io.fromMemory({ ...head?.artifacts, weightSpecs: [...(head?.artifacts.weightSpecs ?? [])] } as tf.io.ModelArtifacts));
    const x = tf.tensor2d(vector(DIM + LANDMARKS, 9), [1, DIM + LANDMARKS]);
    const [p, q] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(await q.data())).toEqual(Array.from(await p.data()));
    tf.dispose([x, p, q]);
    model.dispose();
    loaded.dispose();
  });

  it('writes the documented layout: a versioned manifest, stored entries, offsets and the backbone tag', async () => {
    const entries = await zipEntries(await writeProjectFile(await makeProject(), { now: NOW, appVersion: '9.9.9' }));
    expect([...entries.keys()]).toEqual(['manifest.json', 'embeddings.bin', 'landmarks.bin', 'samples/s-1.jpg', 'samples/s-2.png', 'samples/s-3.webp', 'samples/s-5.jpg']);
    const manifest = JSON.parse(new TextDecoder().decode(entries.get('manifest.json'))) as ProjectManifest;
    expect(manifest).toMatchObject({
      format: 'gesture-studio-project',
      version: 1,
      appVersion: '9.9.9',
      createdAt: NOW.toISOString(),
      backboneId: 'mobilenet_v1_025',
      framing: 'hand',
      inputMode: 'fused',
      embeddings: { file: 'embeddings.bin', backboneId: 'mobilenet_v1_025', dtype: 'float32', byteOrder: 'little-endian', dimension: DIM, count: 5 },
      landmarks: { file: 'landmarks.bin', dtype: 'float32', byteOrder: 'little-endian', dimension: LANDMARKS, count: 3 },
      head: null,
    });
    expect(manifest.settings.threshold).toBe(0.7);
    expect(manifest.classes[0].samples[2]).toEqual({ id: 's-3', source: 'upload', image: 'samples/s-3.webp', embeddingByteOffset: 2 * DIM * 4, landmarksByteOffset: null });
    expect(manifest.classes[1].samples[0]).toMatchObject({ id: 's-4', image: null, landmarksByteOffset: 2 * LANDMARKS * 4 });
    expect(entries.get('embeddings.bin')?.length).toBe(5 * DIM * 4);
    expect(entries.get('landmarks.bin')?.length).toBe(3 * LANDMARKS * 4);
    // Little-endian float32: the first value of s-1 is -0, bits 0x80000000.
    expect(Array.from(entries.get('embeddings.bin')?.subarray(0, 4) ?? [])).toEqual([0, 0, 0, 0x80]);
  });

  it('reads the same project re-zipped with deflate', async () => {
    const file = await writeProjectFile(await makeProject(), { now: NOW });
    const stored = await readProjectFile(file);
    const deflated = await readProjectFile(new Blob([await tampered(() => undefined, 'deflate')]));
    const summary = async (p: ProjectData) =>
      Promise.all(p.dataset.classes.flatMap((c) => c.samples.map(async (s) => [c.name, s.id, bits(s.embedding), s.landmarks ? bits(s.landmarks) : null, await bytesOf(s.image)])));
    expect(await summary(deflated)).toEqual(await summary(stored));
  });

  it('makes new, unshared data on every read', async () => {
    const file = await writeProjectFile(await makeProject(), { now: NOW });
    const [a, b] = [await readProjectFile(file), await readProjectFile(file)];
    a.dataset.classes[0].samples[0].embedding[5] = 12345;
    expect(b.dataset.classes[0].samples[0].embedding[5]).not.toBe(12345);
  });

  it('reports progress up to every entry and stops when cancelled', async () => {
    const file = await writeProjectFile(await makeProject(), { now: NOW });
    const seen: [number, number][] = [];
    await readProjectFile(file, { onProgress: ({ done, total }) => seen.push([done, total]) });
    expect(seen.at(-1)).toEqual([7, 7]);
    const controller = new AbortController();
    const reading = readProjectFile(file, { signal: controller.signal, onProgress: ({ done }) => done === 3 && controller.abort() });
    await expect(reading).rejects.toThrow(/abort/i);
  });

  it('keeps APP_VERSION equal to package.json', () => {
    expect(APP_VERSION).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
  });
});

describe('writeProjectFile refuses data it could not read back', () => {
  const withClasses = async (edit: (p: ProjectData) => ProjectData) => writeProjectFile(edit(await makeProject()), { now: NOW });
  const classes = (p: ProjectData) => p.dataset.classes;
  const setClasses = (p: ProjectData, cs: ProjectData['dataset']['classes']): ProjectData => ({ ...p, dataset: { ...p.dataset, classes: cs } });

  it('throws a RangeError naming what to fix', async () => {
    await expect(withClasses((p) => setClasses(p, [...classes(p), { id: 'class-d', name: 'thumbs UP', samples: [] }]))).rejects.toThrow(/Rename the class "thumbs UP"/);
    await expect(withClasses((p) => setClasses(p, [...classes(p), { id: 'class/d', name: 'D', samples: [] }]))).rejects.toThrow(RangeError);
    await expect(withClasses((p) => setClasses(p, [{ ...classes(p)[0], samples: [{ ...sample('x', 1, null, false), embedding: new Float32Array(768) }] }]))).rejects.toThrow(/768/);
    await expect(withClasses((p) => setClasses(p, [{ ...classes(p)[0], samples: [{ ...sample('x', 1, null, false), embedding: new Float32Array(DIM).fill(NaN) }] }]))).rejects.toThrow(/finite/);
    await expect(withClasses((p) => setClasses(p, [{ ...classes(p)[0], samples: [{ ...sample('x', 1, null, false), image: new Blob([text('a text file')]) }] }]))).rejects.toThrow(/not a JPEG/);
    await expect(withClasses((p) => setClasses(p, [{ ...classes(p)[0], samples: [sample('x', 1, null, true), { ...sample('y', 2, null, false), landmarks: new Float32Array(3) }] }]))).rejects.toThrow(/landmark/);
    await expect(withClasses((p) => ({ ...p, settings: { ...p.settings, threshold: 2 } }))).rejects.toThrow(/threshold/);
    await expect(withClasses((p) => setClasses(p, [{ ...classes(p)[0], samples: [{ ...sample('x', 1, null, false), image: new Blob([jpegHeaderClaiming(5000, 10)]) }] }]))).rejects.toThrow(/5000x10/);
  });
});

describe('readProjectFile on hostile input', () => {
  it('not-a-zip: an image renamed .zip', async () => {
    expect(await kindOf(pngOf(4, 4))).toBe('not-a-zip');
  });

  it('truncated: a project cut off part way', async () => {
    const bytes = new Uint8Array(await (await writeProjectFile(await makeProject(), { now: NOW })).arrayBuffer());
    expect(await kindOf(bytes.slice(0, Math.floor(bytes.length / 2)))).toBe('truncated');
    expect(await kindOf(bytes.slice(0, bytes.length - 10))).toBe('truncated');
  });

  it('too-large: a deflate bomb as embeddings.bin or as manifest.json stops at the cap, fast', async () => {
    // 200 MB of zeros, deflated once (about 200 KB) and used as both entries.
    const zeros = new Uint8Array(200 * 1024 ** 2);
    const bomb = { data: zeros, method: 'deflate' as const, rawBody: deflateRawSync(zeros), crc: crc32(zeros) };
    const entries = await zipEntries(await writeProjectFile(await makeProject(), { now: NOW }));
    const asEmbeddings = buildZip([...entries].map(([name, data]) => (name === 'embeddings.bin' ? { name, ...bomb } : { name, data })));
    const asManifest = buildZip([{ name: 'manifest.json', ...bomb }]);
    const started = performance.now();
    expect(await kindOf(asEmbeddings)).toBe('too-large');
    expect(await kindOf(asManifest)).toBe('too-large');
    const seconds = (performance.now() - started) / 1000;
    console.log(`two 200 MB project bombs refused in ${seconds.toFixed(2)} s`);
  });

  it('too-many-entries: more files than the limit', async () => {
    const file = await writeProjectFile(await makeProject(), { now: NOW });
    expect(await kindOf(file, { limits: { maxEntries: 3 } })).toBe('too-many-entries');
  });

  it('unsafe-path: an entry that climbs out of the archive, even if unused', async () => {
    expect(await kindOf(await tampered((entries) => entries.set('../../evil.sh', text('rm -rf /'))))).toBe('unsafe-path');
    expect(await kindOf(await tampered((entries) => entries.set('/abs/evil', text('x'))))).toBe('unsafe-path');
    // A manifest pointing a sample outside samples/ is refused before anything is read.
    expect(await kindOf(await tampered((_, m) => (m.classes[0].samples[0].image = '../manifest.json')))).toBe('bad-manifest');
  });

  it('missing-manifest, bad-manifest, unknown-format', async () => {
    expect(await kindOf(buildZip([{ name: 'photo.jpg', data: JPEG_8X6 }]))).toBe('missing-manifest');
    expect(await kindOf(buildZip([{ name: 'manifest.json', data: text('{"format": "gesture-studio-project", ') }]))).toBe('bad-manifest');
    expect(await kindOf(buildZip([{ name: 'manifest.json', data: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }]))).toBe('bad-manifest');
    expect(await kindOf(buildZip([{ name: 'manifest.json', data: text('{"manifest_version": 3, "name": "A browser extension"}') }]))).toBe('unknown-format');
    expect(await kindOf(buildZip([{ name: 'manifest.json', data: text('[1, 2, 3]') }]))).toBe('unknown-format');
    expect(await kindOf(await tampered((_, m) => (m.version = '1')))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (m.settings.train.epochs = 9999)))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (m.settings.threshold = -1)))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (m.classes[0].samples[1].id = 'a/b')))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (m.classes[1].samples[0].id = 's-1')))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (m.classes[0].samples[0].source = 'webcam')))).toBe('bad-manifest');
  });

  it('newer-version: the message names both versions', async () => {
    const file = await tampered((_, m) => (m.version = 999));
    const error = await readProjectFile(new Blob([file])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectFileError);
    expect((error as ProjectFileError).kind).toBe('newer-version');
    expect((error as ProjectFileError).message).toMatch(/version 999.*up to 4\b/);
  });

  it('writes a fine-tuned network as format version 2 with head.trainableBlocks, reads it back, and refuses a bad block count', async () => {
    const { artifacts, model } = await headArtifacts();
    model.dispose();
    const project = await makeProject(artifacts);
    const fineTuned = { ...project, head: { ...(project.head as NonNullable<ProjectData['head']>), trainableBlocks: 1 as const } };
    const file = await writeProjectFile(fineTuned, { now: NOW });
    const manifest = JSON.parse(new TextDecoder().decode((await zipEntries(file)).get('manifest.json')));
    expect(manifest.version).toBe(2);
    expect(manifest.head.trainableBlocks).toBe(1);
    const read = await readProjectFile(file);
    expect(read.fileInfo.formatVersion).toBe(2);
    expect(read.head?.trainableBlocks).toBe(1);
    expect(new Uint8Array(read.head?.artifacts.weightData as ArrayBuffer)).toEqual(new Uint8Array(artifacts.weightData as ArrayBuffer));
    const entries = await zipEntries(file);
    manifest.head.trainableBlocks = 3;
    entries.set('manifest.json', text(JSON.stringify(manifest)));
    expect(await kindOf(buildZip([...entries].map(([name, data]) => ({ name, data, method: 'stored' as const }))))).toBe('bad-manifest');
  });

  it('unknown-backbone, including names that exist on every object', async () => {
    for (const id of ['mobilenet_v9', 'constructor', '__proto__']) {
      expect(await kindOf(await tampered((_, m) => (m.backboneId = m.embeddings.backboneId = id)))).toBe('unknown-backbone');
    }
  });

  it('missing-file: a listed image that is not in the zip', async () => {
    expect(await kindOf(await tampered((entries) => entries.delete('samples/s-5.jpg')))).toBe('missing-file');
    expect(await kindOf(await tampered((entries) => entries.delete('embeddings.bin')))).toBe('missing-file');
  });

  it('bad-image: a .txt renamed .jpg; image-too-large: a 20,000 x 20,000 header', async () => {
    expect(await kindOf(await tampered((entries) => entries.set('samples/s-1.jpg', text('I am a text file.'))))).toBe('bad-image');
    expect(await kindOf(await tampered((entries) => entries.set('samples/s-1.jpg', JPEG_8X6.subarray(0, 30))))).toBe('bad-image');
    expect(await kindOf(await tampered((entries) => entries.set('samples/s-1.jpg', jpegHeaderClaiming(20_000, 20_000))))).toBe('image-too-large');
    expect(await kindOf(await tampered((entries) => entries.set('samples/s-2.png', pngOf(4097, 1))))).toBe('image-too-large');
  });

  it('bad-embeddings: wrong length for the backbone or the count, out-of-range offsets, non-finite values', async () => {
    const cut = (entries: Map<string, Uint8Array>) => entries.set('embeddings.bin', (entries.get('embeddings.bin') as Uint8Array).subarray(4));
    expect(await kindOf(await tampered(cut))).toBe('bad-embeddings');
    expect(await kindOf(await tampered((_, m) => (m.embeddings.dimension = 768)))).toBe('bad-embeddings');
    expect(await kindOf(await tampered((_, m) => (m.embeddings.count = 4)))).toBe('bad-embeddings');
    expect(await kindOf(await tampered((_, m) => (m.classes[0].samples[0].embeddingByteOffset = 5 * DIM * 4)))).toBe('bad-embeddings');
    expect(await kindOf(await tampered((_, m) => (m.classes[0].samples[0].embeddingByteOffset = 2)))).toBe('bad-embeddings');
    const nan = (entries: Map<string, Uint8Array>) => {
      const bytes = (entries.get('embeddings.bin') as Uint8Array).slice();
      new DataView(bytes.buffer).setFloat32(40, NaN, true);
      entries.set('embeddings.bin', bytes);
    };
    expect(await kindOf(await tampered(nan))).toBe('bad-embeddings');
  });

  it('bad-landmarks: a landmarks file of the wrong length or count', async () => {
    expect(await kindOf(await tampered((entries) => entries.set('landmarks.bin', new Uint8Array(10))))).toBe('bad-landmarks');
    expect(await kindOf(await tampered((_, m) => (m.classes[0].samples[2].landmarksByteOffset = 0)))).toBe('bad-landmarks');
  });

  it('duplicate-class (ignoring case and spaces) and bad-class-name (empty, too long)', async () => {
    expect(await kindOf(await tampered((_, m) => (m.classes[2].name = '  THUMBS up ')))).toBe('duplicate-class');
    expect(await kindOf(await tampered((_, m) => (m.classes[2].name = '   ')))).toBe('bad-class-name');
    expect(await kindOf(await tampered((_, m) => (m.classes[2].name = 'x'.repeat(41))))).toBe('bad-class-name');
    expect(await kindOf(await tampered((_, m) => (m.classes[2].name = 42)))).toBe('bad-manifest');
  });

  it('bad-head: weights that do not match their specs, a model.json that is not JSON', async () => {
    const { artifacts, model } = await headArtifacts();
    model.dispose();
    const withHead = async (edit: Edit) => {
      const entries = await zipEntries(await writeProjectFile(await makeProject(artifacts), { now: NOW }));
      const manifest = JSON.parse(new TextDecoder().decode(entries.get('manifest.json')));
      edit(entries, manifest);
      entries.set('manifest.json', text(JSON.stringify(manifest)));
      return buildZip([...entries].map(([name, data]) => ({ name, data })));
    };
    expect(await kindOf(await withHead(() => undefined))).toBe('resolved');
    expect(await kindOf(await withHead((entries) => entries.set('head/weights.bin', new Uint8Array(12))))).toBe('bad-head');
    expect(await kindOf(await withHead((entries) => entries.set('head/model.json', text('not json'))))).toBe('bad-head');
    expect(await kindOf(await withHead((entries) => entries.set('head/model.json', text('{"modelTopology": {}, "weightsManifest": [{"paths": ["../../x"], "weights": []}]}'))))).toBe('bad-head');
    expect(await kindOf(await withHead((entries) => entries.delete('head/weights.bin')))).toBe('missing-file');
  });

  it('corrupt: a byte changed inside a stored image', async () => {
    const bytes = new Uint8Array(await (await writeProjectFile(await makeProject(), { now: NOW })).arrayBuffer());
    const at = Buffer.from(bytes).indexOf(Buffer.from(JPEG_8X6.subarray(100, 120)));
    expect(at).toBeGreaterThan(0);
    bytes[at] ^= 0xff;
    expect(await kindOf(bytes)).toBe('corrupt');
  });
});

/** Two gestures with actions, a cooldown and a two-slide deck (a JPEG and a PNG). */
const ACTIONS: GestureActions = {
  bindings: [
    { classId: 'class-a', holdMs: 450, action: { kind: 'sound', sound: 'whoosh' } },
    { classId: 'class-b', holdMs: 300, action: { kind: 'game', move: 'left' } },
    { classId: 'class-c', holdMs: 5000, action: { kind: 'slide', direction: 'next' } },
  ],
  cooldownMs: 1200,
  slides: [
    { id: 'slide-1', image: new Blob([JPEG_8X6], { type: 'image/jpeg' }) },
    { id: 'slide-2', image: new Blob([pngOf(6, 4)], { type: 'image/png' }) },
  ],
};

describe('gesture actions and the slide deck in project files', () => {
  it('round-trips the mapping, the cooldown and the slides (bytes and order), as format version 3', async () => {
    const file = await writeProjectFile(await makeProject(null, ACTIONS), { now: NOW });
    const entries = await zipEntries(file);
    expect([...entries.keys()].filter((name) => name.startsWith('slides/'))).toEqual(['slides/slide-1.jpg', 'slides/slide-2.png']);
    const manifest = JSON.parse(new TextDecoder().decode(entries.get('manifest.json')));
    expect(manifest.version).toBe(3);
    expect(manifest.actions.slides).toEqual([
      { id: 'slide-1', image: 'slides/slide-1.jpg' },
      { id: 'slide-2', image: 'slides/slide-2.png' },
    ]);
    const read = await readProjectFile(file);
    expect(read.fileInfo.formatVersion).toBe(3);
    expect(read.actions.bindings).toEqual(ACTIONS.bindings);
    expect(read.actions.cooldownMs).toBe(1200);
    expect(read.actions.slides.map((s) => [s.id, s.image.type])).toEqual([['slide-1', 'image/jpeg'], ['slide-2', 'image/png']]);
    for (const [i, slide] of read.actions.slides.entries()) expect(await bytesOf(slide.image)).toEqual(await bytesOf(ACTIONS.slides[i].image));
  });

  it('a deck with no actions, or actions with no deck, is saved too; a project with neither stays version 1 and reads back with none', async () => {
    const deckOnly = await readProjectFile(await writeProjectFile(await makeProject(null, { ...NO_ACTIONS, slides: ACTIONS.slides }), { now: NOW }));
    expect([deckOnly.fileInfo.formatVersion, deckOnly.actions.slides.length, deckOnly.actions.bindings]).toEqual([3, 2, []]);
    const mappingOnly = await readProjectFile(await writeProjectFile(await makeProject(null, { ...ACTIONS, slides: [] }), { now: NOW }));
    expect([mappingOnly.fileInfo.formatVersion, mappingOnly.actions.bindings.length, mappingOnly.actions.slides]).toEqual([3, 3, []]);
    const file = await writeProjectFile(await makeProject(), { now: NOW });
    const manifest = JSON.parse(new TextDecoder().decode((await zipEntries(file)).get('manifest.json')));
    expect(manifest.version).toBe(1);
    expect('actions' in manifest).toBe(false);
    expect((await readProjectFile(file)).actions).toEqual(NO_ACTIONS);
  });

  it('older files (versions 1 and 2, written before actions existed) still open, with no actions', async () => {
    for (const version of [1, 2]) {
      const read = await readProjectFile(new Blob([await tampered((_, m) => (m.version = version))]));
      expect(read.actions).toEqual(NO_ACTIONS);
    }
  });

  it('unknown-action: a kind this app does not know, in one sentence', async () => {
    const file = await tampered((_, m) => (m.actions.bindings[1].action = { kind: 'open-url', url: 'https://example.com' }), 'stored', ACTIONS);
    expect(await kindOf(file)).toBe('unknown-action');
    const error = (await readProjectFile(new Blob([file])).catch((e: unknown) => e)) as ProjectFileError;
    expect(error.message).toBe('This project gives a gesture an action ("open-url") this copy of Gesture Studio does not know; reload the page to update Gesture Studio, then import the file again.');
  });

  it('bad-manifest: hostile actions (versions, classes, ranges, ids, paths, caps) are refused', async () => {
    const edits: [Edit, string][] = [
      [(_, m) => (m.version = 2), 'actions need project format version 3'],
      [(_, m) => (m.actions = 'play everything'), 'actions must be an object'],
      [(_, m) => (m.actions.bindings[0].classId = 'class-z'), "classId must be the id of one of the project's classes"],
      [(_, m) => (m.actions.bindings[0].classId = '__proto__'), "classId must be the id of one of the project's classes"],
      [(_, m) => (m.actions.bindings[1].classId = 'class-a'), 'gives a class a second action'],
      [(_, m) => (m.actions.bindings[0].holdMs = 1e9), 'holdMs must be a whole number from 100 to 5000'],
      [(_, m) => (m.actions.cooldownMs = -1), 'cooldownMs must be a whole number from 0 to 10000'],
      [(_, m) => (m.actions.bindings[0].action = { kind: 'sound', sound: '../../etc/passwd' }), 'action.sound must be one of'],
      [(_, m) => (m.actions.bindings = {}), 'actions.bindings must be a list'],
      [(_, m) => (m.actions.slides[0].id = '../x'), 'actions.slides[0].id must be an id'],
      [(_, m) => (m.actions.slides[0].image = 'slides/../samples/s-1.jpg'), 'actions.slides[0].image must be slides/slide-1.jpg'],
      [(_, m) => (m.actions.slides[0].image = 'samples/s-1.jpg'), 'actions.slides[0].image must be slides/slide-1.jpg'],
      [(_, m) => (m.actions.slides[1].id = 'slide-1'), 'the slide id "slide-1" is used twice'],
      [(_, m) => (m.actions.slides = Array.from({ length: MAX_SLIDES + 1 }, (_, i) => ({ id: `s${i}`, image: `slides/s${i}.jpg` }))), `actions.slides has more than ${MAX_SLIDES} items`],
    ];
    for (const [edit, problem] of edits) {
      const file = await tampered(edit, 'stored', ACTIONS);
      expect(await kindOf(file)).toBe('bad-manifest');
      expect(((await readProjectFile(new Blob([file])).catch((e: unknown) => e)) as Error).message).toContain(problem);
    }
  });

  it('missing-file and bad-image for slides', async () => {
    expect(await kindOf(await tampered((entries) => entries.delete('slides/slide-2.png'), 'stored', ACTIONS))).toBe('missing-file');
    expect(await kindOf(await tampered((entries) => entries.set('slides/slide-1.jpg', text('<svg onload=alert(1)>')), 'stored', ACTIONS))).toBe('bad-image');
    expect(await kindOf(await tampered((entries) => entries.set('slides/slide-1.jpg', jpegHeaderClaiming(20_000, 20_000)), 'stored', ACTIONS))).toBe('image-too-large');
  });

  it('the writer refuses actions the reader would: a binding to a class not in the project, an unsafe slide id, a slide that is not an image', async () => {
    const bad: GestureActions[] = [
      { ...ACTIONS, bindings: [{ classId: 'deleted', holdMs: 400, action: { kind: 'speak' } }] },
      { ...ACTIONS, slides: [{ id: '../up', image: ACTIONS.slides[0].image }] },
      { ...ACTIONS, slides: [ACTIONS.slides[0], ACTIONS.slides[0]] },
      { ...ACTIONS, slides: [{ id: 'text', image: new Blob(['not an image']) }] },
    ];
    for (const actions of bad) await expect(writeProjectFile(await makeProject(null, actions), { now: NOW })).rejects.toThrow(RangeError);
  });
});
