import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InputMode } from '../dataset';
import { exportModelBundle } from '../export';
import { LEGACY_SIZE_SCALE, loadMotionModel, MOTION_MODEL_VERSION, MOTION_ROW_SIZE, type SavedMotionModel } from '../motion';
import { testSavedMotionModel, TINY_MOTION_NET } from '../motion/test-motion-project';
import { buildZip, text, zipEntries, type TestEntry } from '../project/test-zip';
import { createHead, createHeadModel } from '../train';
import { BundleError, readModelBundle, type BundleErrorKind } from './read-bundle';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const LABELS = ['Zero', 'Two', 'Five'];
const MOTION_LABELS = ['Swipe left', 'Swipe right', 'No motion'];
const HAND_MODEL = text('a hand landmarker task');
/** A stand-in for MobileNet 0.25's graph files: the reader checks their form and sizes, not what they compute. */
const BACKBONE_JSON = text(JSON.stringify({ modelTopology: { node: [] }, weightsManifest: [{ paths: ['group1-shard1of1'], weights: [{ name: 'w', shape: [2], dtype: 'float32' }] }] }));
const BACKBONE_SHARD = new Uint8Array(new Float32Array([0.5, -2]).buffer);

async function readAppFile(path: string): Promise<Uint8Array> {
  if (path === 'hand_landmarker.task') return HAND_MODEL;
  if (path.endsWith('model.json')) return BACKBONE_JSON;
  if (path.endsWith('group1-shard1of1')) return BACKBONE_SHARD;
  throw new Error(`${path}: 404`);
}

/** The files of a bundle *Export model* writes, with a small real head (and `motion`, the project's motion model). */
async function bundleFiles(mode: InputMode = 'fused', motion?: SavedMotionModel): Promise<Map<string, Uint8Array>> {
  const size = mode === 'fused' ? 256 + 87 : 256;
  const model = createHeadModel({ embeddingSize: size, classCount: LABELS.length, hiddenUnits: 0, seed: 3 });
  const head = createHead(model, LABELS, size);
  const zip = await exportModelBundle({
    head,
    labels: LABELS,
    backboneId: 'mobilenet_v1_025',
    inputMode: mode,
    date: new Date('2026-11-28T12:00:00Z'),
    readModelFile: readAppFile,
    readModuleFile: async (name) => text(`// ${name}`),
    ...(motion ? { motion } : {}),
  });
  head.dispose();
  return zipEntries(zip);
}

/** A zip of `files`, with some replaced (a value) or removed (null). */
function rezip(files: Map<string, Uint8Array>, changes: Record<string, Uint8Array | null> = {}): Blob {
  const entries: TestEntry[] = [];
  for (const [name, data] of files) if (changes[name] !== null) entries.push({ name, data: changes[name] ?? data });
  for (const [name, data] of Object.entries(changes)) if (data && !files.has(name)) entries.push({ name, data });
  return new Blob([buildZip(entries)]);
}

function withMetadata(files: Map<string, Uint8Array>, change: (meta: Record<string, unknown>) => void): Blob {
  const meta = JSON.parse(new TextDecoder().decode(files.get('metadata.json'))) as Record<string, unknown>;
  change(meta);
  return rezip(files, { 'metadata.json': text(JSON.stringify(meta)) });
}

async function refusal(file: Blob): Promise<{ kind: BundleErrorKind; message: string }> {
  const error = await readModelBundle(file, 'test.zip').then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BundleError);
  const { kind, message } = error as BundleError;
  // One sentence: it ends with a full stop and has no other sentence in it.
  expect(message).toMatch(/\.$/);
  expect(message.slice(0, -1)).not.toMatch(/[.!?]\s+[A-Z]/);
  return { kind, message };
}

describe('readModelBundle', () => {
  it('reads what Export model writes: metadata, the backbone and head files for the engine, and the hand model', async () => {
    const files = await bundleFiles('fused');
    const bundle = await readModelBundle(rezip(files), 'gesture-model.zip');
    expect(bundle.name).toBe('gesture-model.zip');
    expect(bundle.metadata).toMatchObject({ labels: LABELS, inputMode: 'fused', backbone: { id: 'mobilenet_v1_025' }, head: { fusion: 'concat' } });
    expect(bundle.backbone).toMatchObject({ id: 'mobilenet_v1_025', format: 'graph-model', artifacts: { modelTopology: { node: [] } } });
    expect(new Float32Array(bundle.backbone.artifacts.weightData as ArrayBuffer)).toEqual(new Float32Array([0.5, -2]));
    expect(bundle.model).toMatchObject({ classNames: LABELS, inputMode: 'fused', embeddingSize: 256 + 87, backboneId: 'mobilenet_v1_025' });
    expect(bundle.model.trainableBlocks).toBeUndefined();
    expect(bundle.handModel).toEqual(HAND_MODEL);
    // The head's files load back into the model that was exported.
    const head = await tf.loadLayersModel(tf.io.fromMemory(bundle.model.artifacts as tf.io.ModelArtifacts));
    expect(head.outputs[0].shape).toEqual([null, 3]);
    head.dispose();
  });

  it('opens a bundle that also carries a motion model (motion/ and metadata.json’s motion): the engine gets the model that was exported', async () => {
    const exported = await testSavedMotionModel(MOTION_LABELS, 'No motion');
    const files = await bundleFiles('fused', exported);
    expect(files.has('motion/model.json') && files.has('motion/weights.bin')).toBe(true);
    const bundle = await readModelBundle(rezip(files), 'gesture-model.zip');
    expect(bundle.metadata.motion).toMatchObject({ labels: MOTION_LABELS, idleClass: 'No motion', modelPath: 'motion/model.json' });
    expect(bundle.model).toMatchObject({ classNames: LABELS, inputMode: 'fused', embeddingSize: 256 + 87 });
    expect(bundle.handModel).toEqual(HAND_MODEL);
    // The layers are read back from the topology: the same spec, names and weights as the studio's.
    const { artifacts, ...rest } = bundle.motion as SavedMotionModel;
    const { artifacts: exportedArtifacts, ...exportedRest } = exported;
    expect(rest).toEqual(exportedRest);
    expect(new Float32Array(artifacts.weightData)).toEqual(new Float32Array(exportedArtifacts.weightData));
    // And it classifies a window as the exported model does.
    const window = Float32Array.from({ length: TINY_MOTION_NET.windowFrames * MOTION_ROW_SIZE }, (_, i) => Math.sin(i / 7));
    const [read, original] = await Promise.all([loadMotionModel(bundle.motion as SavedMotionModel), loadMotionModel(exported)]);
    expect(await read.classify(window)).toEqual(await original.classify(window));
    read.dispose();
    original.dispose();
  });

  it('opens a motion bundle exported before events fired at a saturated bar, yielded to a rival, waited for a new hand to settle (its parts say nothing of them) or bridged 350 ms', async () => {
    const files = await bundleFiles('fused', await testSavedMotionModel(MOTION_LABELS, 'No motion'));
    const peakOf = (meta: Record<string, unknown>) => (meta.motion as Record<string, unknown>).peak as Record<string, unknown>;
    const resampleOf = (meta: Record<string, unknown>) => (meta.motion as Record<string, unknown>).resample as Record<string, unknown>;
    for (const key of ['saturation', 'yieldToRival']) {
      const older = withMetadata(files, (meta) => delete peakOf(meta)[key]);
      expect((await readModelBundle(older)).motion?.classNames).toEqual(MOTION_LABELS);
    }
    const oldest = withMetadata(files, (meta) => {
      delete peakOf(meta).saturation;
      delete peakOf(meta).yieldToRival;
    });
    expect((await readModelBundle(oldest)).motion?.classNames).toEqual(MOTION_LABELS);
    // Before a new hand settled and a gone hand stopped the window, and before the log size's scale was the model's own (version 1).
    const version1 = withMetadata(files, (meta) => {
      const part = meta.motion as Record<string, unknown>;
      part.version = 1;
      (part.input as Record<string, unknown>).logSizeScale = LEGACY_SIZE_SCALE;
      delete resampleOf(meta).settleMs;
      resampleOf(meta).maxGapMs = 250;
      delete peakOf(meta).goneMs;
    });
    expect((await readModelBundle(version1)).motion?.spec.sizeScale).toBe(LEGACY_SIZE_SCALE);
    // Before two missed frames were bridged (stop 27 and earlier): 250 ms.
    const shorterGap = withMetadata(files, (meta) => (resampleOf(meta).maxGapMs = 250));
    expect((await readModelBundle(shorterGap)).motion?.classNames).toEqual(MOTION_LABELS);
    const otherGap = withMetadata(files, (meta) => (resampleOf(meta).maxGapMs = 300));
    expect((await refusal(otherGap)).kind).toBe('bad-metadata');
    const otherSaturation = withMetadata(files, (meta) => (peakOf(meta).saturation = 0.81));
    expect((await refusal(otherSaturation)).kind).toBe('bad-metadata');
    const noYielding = withMetadata(files, (meta) => (peakOf(meta).yieldToRival = false));
    expect((await refusal(noYielding)).kind).toBe('bad-metadata');
  });

  it('a bundle without a motion part has no motion model, even with stray motion/ files', async () => {
    const files = await bundleFiles('fused', await testSavedMotionModel(MOTION_LABELS, null));
    const bundle = await readModelBundle(withMetadata(files, (meta) => delete meta.motion));
    expect(bundle.motion).toBeNull();
    expect((await readModelBundle(rezip(await bundleFiles('fused')))).motion).toBeNull();
  });

  it('refuses a broken or hostile motion part in one sentence: its metadata, its files, a network of another shape', async () => {
    const files = await bundleFiles('fused', await testSavedMotionModel(MOTION_LABELS, 'No motion'));
    const motion = (change: (part: Record<string, unknown>) => void) => withMetadata(files, (meta) => change(meta.motion as Record<string, unknown>));
    const metadataCases: ((part: Record<string, unknown>) => void)[] = [
      (part) => (part.modelPath = '../../motion/model.json'),
      (part) => (part.modelPath = 7),
      (part) => (part.version = 0),
      (part) => (part.labels = ['Swipe left']),
      (part) => (part.labels = ['Swipe left', 'Swipe left', 'No motion']),
      (part) => (part.idleClass = 'Idle'),
      (part) => (part.windowFrames = 1e9),
      (part) => (part.frameRate = -15),
      (part) => (part.input = { kind: 'ears', size: 4 }),
      // What the player would run differently from the studio that exported it.
      (part) => ((part.peak as Record<string, unknown>).threshold = 0.55),
      (part) => ((part.resample as Record<string, unknown>).maxGapMs = 5000),
      (part) => ((part.input as Record<string, unknown>).pathScale = 1),
      (part) => ((part.row as Record<string, unknown>).size = 3),
    ];
    for (const change of metadataCases) expect((await refusal(motion(change))).kind).toBe('bad-metadata');
    expect(await refusal(motion((part) => (part.version = 9)))).toEqual({ kind: 'newer-version', message: expect.stringContaining(`motion model version 9; this player reads up to ${MOTION_MODEL_VERSION}`) });
    const landmarks = motion((part) => (((part.row as Record<string, unknown>).landmarkFeatures as Record<string, unknown>).version = 2));
    expect(await refusal(landmarks)).toEqual({ kind: 'landmark-version', message: expect.stringContaining('version 2') });

    expect(await refusal(rezip(files, { 'motion/weights.bin': null }))).toEqual({ kind: 'missing-file', message: expect.stringContaining('motion/weights.bin') });
    const short = (files.get('motion/weights.bin') as Uint8Array).slice(0, 8);
    expect(await refusal(rezip(files, { 'motion/weights.bin': short }))).toEqual({ kind: 'bad-model', message: expect.stringContaining('hold 8 bytes') });
    const modelJson = JSON.parse(new TextDecoder().decode(files.get('motion/model.json'))) as { modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } } };
    const topology = (change: (layers: { class_name: string; config: Record<string, unknown> }[]) => void) => {
      const copy = structuredClone(modelJson);
      change(copy.modelTopology.config.layers);
      return rezip(files, { 'motion/model.json': text(JSON.stringify(copy)) });
    };
    const networkCases: ((layers: { class_name: string; config: Record<string, unknown> }[]) => void)[] = [
      (layers) => (layers[0].config.dilation_rate = [4]),
      (layers) => (layers[0].config.activation = 'linear'),
      (layers) => (layers[0].config.filters = 1e9),
      (layers) => (layers[0].config.batch_input_shape = [null, 99, 4]),
      (layers) => Object.assign(layers[0].config, { kernel_size: [40], padding: 'valid' }),
      (layers) => (layers[1].class_name = 'Flatten'),
      (layers) => ((layers[layers.length - 1].config.units as number) += 1),
      (layers) => layers.splice(0, 1),
      (layers) => layers.push({ class_name: 'Dense', config: { units: 3, activation: 'softmax' } }),
    ];
    for (const change of networkCases) {
      expect(await refusal(topology(change))).toEqual({ kind: 'bad-model', message: expect.stringContaining('motion/model.json') });
    }
    const graph = text(JSON.stringify({ modelTopology: { node: [] }, weightsManifest: [{ paths: ['weights.bin'], weights: [] }] }));
    expect((await refusal(rezip(files, { 'motion/model.json': graph }))).kind).toBe('bad-model');
  });

  it('a whole-frame bundle carries no hand model; one made before bundles carried it still opens (the app’s hand model serves)', async () => {
    const frame = await readModelBundle(rezip(await bundleFiles('frame')));
    expect(frame.handModel).toBeNull();
    const files = await bundleFiles('crop');
    const older = await readModelBundle(
      withMetadata(files, (meta) => {
        delete meta.handModel;
        delete meta.module;
      }),
    );
    expect(older.handModel).toBeNull();
  });

  it('refuses what is not a model bundle with one sentence saying what to drop instead', async () => {
    expect(await refusal(new Blob([text('just some text, no zip at all')]))).toEqual({ kind: 'not-a-zip', message: expect.stringContaining('not a zip archive') });
    const project = rezip(new Map([['manifest.json', text('{"format":"gesture-studio-project"}')]]));
    expect(await refusal(project)).toEqual({ kind: 'project-file', message: expect.stringContaining('Import project file') });
    expect(await refusal(rezip(new Map([['photo.png', text('png')]])))).toEqual({ kind: 'not-a-bundle', message: expect.stringContaining('no metadata.json') });
    const files = await bundleFiles();
    expect((await refusal(withMetadata(files, (meta) => (meta.format = 'something-else')))).kind).toBe('not-a-bundle');
    expect(await refusal(rezip(files, { 'metadata.json': text('{ not json') }))).toEqual({ kind: 'bad-metadata', message: expect.stringContaining('not JSON text') });
  });

  it('refuses a bundle from a newer Gesture Studio, naming both versions', async () => {
    const files = await bundleFiles();
    expect(await refusal(withMetadata(files, (meta) => (meta.formatVersion = 3)))).toEqual({
      kind: 'newer-version',
      message: 'This bundle was made by a newer Gesture Studio (format version 3; this player reads up to 2): open it in that version’s player, or export the model again from this one.',
    });
  });

  it('refuses a backbone it does not have or would read differently, and landmark features of another version', async () => {
    const files = await bundleFiles();
    const unknown = await refusal(withMetadata(files, (meta) => ((meta.backbone as Record<string, unknown>).id = 'resnet_50')));
    expect(unknown).toEqual({ kind: 'unknown-backbone', message: expect.stringContaining('"resnet_50"') });
    const otherNode = withMetadata(files, (meta) => (((meta.backbone as Record<string, unknown>).embedding as Record<string, unknown>).node = 'MobilenetV1/Logits/Conv2d_1c_1x1'));
    expect((await refusal(otherNode)).kind).toBe('unknown-backbone');
    const otherScale = withMetadata(files, (meta) => (((meta.preprocessing as Record<string, unknown>).normalization as Record<string, unknown>).scale = 1 / 127.5));
    expect((await refusal(otherScale)).kind).toBe('unknown-backbone');
    const landmarks = await refusal(withMetadata(files, (meta) => ((meta.landmarks as Record<string, unknown>).version = 2)));
    expect(landmarks).toEqual({ kind: 'landmark-version', message: expect.stringContaining('version 2') });
    const rotated = withMetadata(files, (meta) => ((meta.landmarks as Record<string, unknown>).options = { rotation: true }));
    expect((await refusal(rotated)).kind).toBe('landmark-version');
  });

  it('refuses metadata that does not fit itself: labels, input mode, head inputs, crop', async () => {
    const files = await bundleFiles();
    const cases: ((meta: Record<string, unknown>) => void)[] = [
      (meta) => (meta.labels = ['only one']),
      (meta) => (meta.labels = ['Zero', 'Zero', 'Five']),
      (meta) => (meta.inputMode = 'ears'),
      (meta) => (meta.inputMode = 'crop'),
      (meta) => ((meta.head as Record<string, unknown>).inputs = [{ name: 'embedding', size: 256 }, { name: 'landmarks', size: 21 }]),
      (meta) => ((meta.preprocessing as Record<string, unknown>).crop = { kind: 'center-square' }),
      (meta) => ((meta.head as Record<string, unknown>).modelPath = '../head/model.json'),
      (meta) => (meta.handModel = { path: '/etc/passwd' }),
    ];
    for (const change of cases) expect((await refusal(withMetadata(files, change))).kind).toBe('bad-metadata');
  });

  it('refuses a bundle with a file missing, naming it, and model files that are damaged', async () => {
    const files = await bundleFiles();
    expect(await refusal(rezip(files, { 'head/weights.bin': null }))).toEqual({ kind: 'missing-file', message: expect.stringContaining('head/weights.bin') });
    expect(await refusal(rezip(files, { 'backbone/group1-shard1of1': null }))).toEqual({ kind: 'missing-file', message: expect.stringContaining('backbone/group1-shard1of1') });
    expect(await refusal(rezip(files, { 'hand_landmarker.task': null }))).toEqual({ kind: 'missing-file', message: expect.stringContaining('hand_landmarker.task') });
    const short = (files.get('head/weights.bin') as Uint8Array).slice(0, 100);
    expect(await refusal(rezip(files, { 'head/weights.bin': short }))).toEqual({ kind: 'bad-model', message: expect.stringContaining('hold 100 bytes') });
    const escaping = text(JSON.stringify({ modelTopology: { node: [] }, weightsManifest: [{ paths: ['../../secret'], weights: [] }] }));
    expect((await refusal(rezip(files, { 'backbone/model.json': escaping }))).kind).toBe('bad-model');
    const layers = text(JSON.stringify({ modelTopology: { model_config: {} }, weightsManifest: [{ paths: ['group1-shard1of1'], weights: [{ name: 'w', shape: [2], dtype: 'float32' }] }] }));
    expect(await refusal(rezip(files, { 'backbone/model.json': layers }))).toEqual({ kind: 'bad-model', message: expect.stringContaining('not a TF.js graph-model') });
  });

  it('refuses hostile zips by name, before unpacking more than its limits: a bomb, a path out of the archive, a truncated file', async () => {
    const files = await bundleFiles();
    // 80 MB of zeros deflate to 80 KB: the shard's entry is a bomb.
    const zeros = new Uint8Array(80 * 1024 ** 2);
    const bomb = new Blob([buildZip([...files].map(([name, data]) => (name === 'backbone/group1-shard1of1' ? { name, data: zeros, method: 'deflate' as const } : { name, data })))]);
    expect(await refusal(bomb)).toEqual({ kind: 'too-large', message: expect.stringContaining('far more than a model bundle holds') });
    const traversal = new Blob([buildZip([{ name: '../../outside.txt', data: text('x') }, ...[...files].map(([name, data]) => ({ name, data }))])]);
    expect(await refusal(traversal)).toEqual({ kind: 'damaged', message: expect.stringContaining('points outside it') });
    const bytes = new Uint8Array(await rezip(files).arrayBuffer());
    expect(await refusal(new Blob([bytes.slice(0, bytes.length - 300)]))).toEqual({ kind: 'damaged', message: expect.stringContaining('incomplete') });
  });
});
