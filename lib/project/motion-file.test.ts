import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NO_ACTIONS } from '../actions';
import { resolveAugmentSettings } from '../augment';
import { BACKBONES } from '../backbone';
import { EMPTY_MOTION_PROJECT, LEGACY_SIZE_SCALE, loadMotionModel, MOTION_MODEL_VERSION, MOTION_ROW_SIZE, type MotionClass, type MotionProject } from '../motion';
import { storedClip, testMotionProject, testSavedMotionModel } from '../motion/test-motion-project';
import { resolveTrainParams } from '../train';
import { MOTION_LIMITS } from './limits';
import { ProjectFileError, type ProjectFileErrorKind } from './project-error';
import { readProjectFile, writeProjectFile, type ProjectData } from './project-file';
import { buildZip, text, zipEntries } from './test-zip';

const NOW = new Date('2026-05-06T07:08:09.000Z');
const DIM = BACKBONES.mobilenet_v1_025.embeddingSize;

function project(motions?: MotionProject): ProjectData {
  return {
    name: 'Motions',
    inputMode: 'frame',
    settings: { train: resolveTrainParams(), augment: resolveAugmentSettings(), threshold: 0.6 },
    dataset: { backboneId: 'mobilenet_v1_025', framing: 'frame', classes: [{ id: 'pose-a', name: 'Open hand', samples: [{ id: 's-1', embedding: new Float32Array(DIM).fill(0.5), image: null, source: 'camera' }] }] },
    head: null,
    actions: NO_ACTIONS,
    ...(motions ? { motions } : {}),
  };
}

const bits = (v: Float32Array) => Array.from(new Uint32Array(v.buffer, v.byteOffset, v.length));
/** Classes as compared: everything, each clip's rows as bits. */
const described = (classes: readonly MotionClass[]) => classes.map((c) => ({ ...c, clips: c.clips.map((k) => ({ ...k, clip: { ...k.clip, rows: bits(k.clip.rows) } })) }));

// The manifest as parsed JSON, to be broken in any way a test likes.
type Edit = (entries: Map<string, Uint8Array>, manifest: any) => unknown;

/** The test motion project written, with `edit` applied to its entries and manifest, zipped again. */
async function tampered(edit: Edit, motions?: MotionProject): Promise<Blob> {
  const entries = await zipEntries(await writeProjectFile(project(motions ?? (await testMotionProject())), { now: NOW }));
  const manifest = JSON.parse(new TextDecoder().decode(entries.get('manifest.json')));
  await edit(entries, manifest);
  entries.set('manifest.json', text(JSON.stringify(manifest)));
  return new Blob([buildZip([...entries].map(([name, data]) => ({ name, data })))]);
}

/** The kind a read fails with, having checked its message is one sentence that ends in what to do. */
async function kindOf(file: Blob): Promise<ProjectFileErrorKind | 'resolved'> {
  try {
    await readProjectFile(file);
    return 'resolved';
  } catch (error) {
    if (!(error instanceof ProjectFileError)) throw error;
    expect(error.message).toMatch(/; [a-z][^;]*\.$/);
    expect(error.message.match(/[.!?]\s+[A-Z]/g)).toBeNull();
    return error.kind;
  }
}

describe('motions in project files', () => {
  it('round-trip as format version 4: classes, roles, mirror pairs, clips bit for bit, and a motion model that loads and predicts the same', async () => {
    const motions = await testMotionProject();
    const zip = await writeProjectFile(project(motions), { now: NOW });
    const entries = await zipEntries(zip);
    expect([...entries.keys()].filter((name) => name.startsWith('motion/')).sort()).toEqual(['motion/clips.bin', 'motion/model.json', 'motion/weights.bin']);
    const manifest = JSON.parse(new TextDecoder().decode(entries.get('manifest.json')));
    expect(manifest.version).toBe(4);
    expect(manifest.motions.rows).toEqual({ file: 'motion/clips.bin', dtype: 'float32', byteOrder: 'little-endian', dimension: MOTION_ROW_SIZE, count: 10 + 14 + 9 + 30 });
    expect(manifest.motions.classes[0].clips[1]).toEqual({ id: 'k2', source: 'video', createdAt: 1_700_000_000_002, rate: 15, frames: 14, byteOffset: 10 * MOTION_ROW_SIZE * 4 });
    expect(entries.get('motion/clips.bin')?.length).toBe(63 * MOTION_ROW_SIZE * 4);

    const before = tf.memory().numTensors;
    const read = await readProjectFile(zip);
    // Reading proves the model loads, and lets it go.
    expect(tf.memory().numTensors).toBe(before);
    expect(read.fileInfo.formatVersion).toBe(4);
    expect(described(read.motions.classes)).toEqual(described(motions.classes));
    const { saved, ...record } = read.motions.trained as NonNullable<MotionProject['trained']>;
    const { saved: original, ...originalRecord } = motions.trained as NonNullable<MotionProject['trained']>;
    expect(record).toEqual(originalRecord);
    expect({ ...saved, artifacts: null }).toEqual({ ...original, artifacts: null });

    const [a, b] = [await loadMotionModel(original), await loadMotionModel(saved)];
    const window = new Float32Array(original.spec.windowFrames * MOTION_ROW_SIZE).map((_, i) => Math.sin(i));
    expect(Array.from(await b.classify(window))).toEqual(Array.from(await a.classify(window)));
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('motion/model.json and motion/weights.bin load with tf.loadLayersModel as any TF.js program would', async () => {
    const entries = await zipEntries(await writeProjectFile(project(await testMotionProject()), { now: NOW }));
    const json = JSON.parse(new TextDecoder().decode(entries.get('motion/model.json')));
    const weights = entries.get('motion/weights.bin') as Uint8Array;
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weights.slice().buffer }));
    expect(model.inputs[0].shape).toEqual([null, 12, 4]);
    expect(model.outputs[0].shape).toEqual([null, 4]);
    model.dispose();
  });

  it('a project without motions keeps its older version and reads back with none; classes without a model make version 4 with no model', async () => {
    const plain = await readProjectFile(await writeProjectFile(project(), { now: NOW }));
    expect(plain.fileInfo.formatVersion).toBe(1);
    expect(plain.motions).toEqual(EMPTY_MOTION_PROJECT);
    expect((await readProjectFile(await writeProjectFile(project(EMPTY_MOTION_PROJECT), { now: NOW }))).fileInfo.formatVersion).toBe(1);

    const { classes } = await testMotionProject();
    const zip = await writeProjectFile(project({ classes, trained: null }), { now: NOW });
    expect([...(await zipEntries(zip)).keys()].filter((name) => name.startsWith('motion/'))).toEqual(['motion/clips.bin']);
    const read = await readProjectFile(zip);
    expect(read.fileInfo.formatVersion).toBe(4);
    expect(read.motions.trained).toBeNull();
    expect(described(read.motions.classes)).toEqual(described(classes));
  });

  it('reports progress over the motion entries too', async () => {
    const seen: number[] = [];
    let total = 0;
    await readProjectFile(await writeProjectFile(project(await testMotionProject()), { now: NOW }), { onProgress: (p) => (seen.push(p.done), (total = p.total)) });
    // manifest, embeddings, clips, the model's two files.
    expect(total).toBe(5);
    expect(seen.at(-1)).toBe(5);
  });

  it('an action may be bound to a motion class, and reads back', async () => {
    const motions = await testMotionProject();
    const actions = { bindings: [{ classId: 'mleft', holdMs: 400, action: { kind: 'slide', direction: 'previous' } as const }], cooldownMs: 800, slides: [] };
    const read = await readProjectFile(await writeProjectFile({ ...project(motions), actions }, { now: NOW }));
    expect(read.actions.bindings).toEqual(actions.bindings);
  });
});

describe('readProjectFile refuses hostile motions in one sentence', () => {
  it('bad-motion-clips: rows cut short or too many, rows of another size, non-finite values', async () => {
    expect(await kindOf(await tampered((e) => void e.set('motion/clips.bin', (e.get('motion/clips.bin') as Uint8Array).slice(4))))).toBe('bad-motion-clips');
    expect(await kindOf(await tampered((e) => void e.set('motion/clips.bin', new Uint8Array((e.get('motion/clips.bin') as Uint8Array).length + MOTION_ROW_SIZE * 4))))).toBe(
      'bad-motion-clips',
    );
    expect(await kindOf(await tampered((_, m) => (m.motions.rows.dimension = MOTION_ROW_SIZE - 1)))).toBe('bad-motion-clips');
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const file = await tampered((e) => {
        const bytes = (e.get('motion/clips.bin') as Uint8Array).slice();
        new DataView(bytes.buffer).setFloat32(MOTION_ROW_SIZE * 4 * 20 + 8, bad, true);
        e.set('motion/clips.bin', bytes);
      });
      expect(await kindOf(file)).toBe('bad-motion-clips');
    }
  });

  it('bad-manifest: a clip whose frames do not add up, a clip out of place, absurd counts and rates', async () => {
    const clip = (m: any) => m.motions.classes[0].clips[0];
    expect(await kindOf(await tampered((_, m) => (clip(m).frames += 1)))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (clip(m).byteOffset = 4)))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (clip(m).frames = MOTION_LIMITS.clipFrames + 1)))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (clip(m).rate = 0)))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (clip(m).rate = 1e9)))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (clip(m).source = 'upload')))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (m.motions.rows.count = 1e12)))).toBe('bad-manifest');
    const many = (m: any, n: number) => Array.from({ length: n }, (_, i) => ({ ...clip(m), id: `x${i}` }));
    expect(await kindOf(await tampered((_, m) => (m.motions.classes[2].clips = many(m, MOTION_LIMITS.clips + 1))))).toBe('bad-manifest');
    const classes = () => Array.from({ length: MOTION_LIMITS.classes + 1 }, (_, i) => ({ id: `c${i}`, name: `C${i}`, role: 'motion', mirror: 'off', clips: [] }));
    expect(await kindOf(await tampered((_, m) => (m.motions.classes = classes())))).toBe('bad-manifest');
  });

  it('bad-manifest: two idle classes, unknown or one-sided mirror partners, an idle class that mirrors, ids shared with pose classes or twice', async () => {
    expect(await kindOf(await tampered((_, m) => (m.motions.classes[2].role = 'idle')))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (m.motions.classes[0].mirror = { partner: 'nobody' })))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (m.motions.classes[0].mirror = { partner: 'mwave' })))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (m.motions.classes[2].mirror = { partner: 'midle' })))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (m.motions.classes[0].mirror = { partner: 'mleft' })))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (m.motions.classes[3].mirror = 'off')))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (m.motions.classes[0].mirror = 'both')))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (m.motions.classes[2].id = 'pose-a')))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (m.motions.classes[1].clips[0].id = 'k1')))).toBe('bad-manifest');
    expect(await kindOf(await tampered((_, m) => (m.motions.classes[2].id = '../x')))).toBe('bad-manifest');
  });

  it('duplicate-class and bad-class-name for motion class names', async () => {
    expect(await kindOf(await tampered((_, m) => (m.motions.classes[2].name = ' swipe LEFT ')))).toBe('duplicate-class');
    expect(await kindOf(await tampered((_, m) => (m.motions.classes[2].name = '   ')))).toBe('bad-class-name');
  });

  it('motions in a file that says version 3 are refused; a motion model of a newer format says to update', async () => {
    expect(await kindOf(await tampered((_, m) => (m.version = 3)))).toBe('bad-manifest');
    const file = await tampered((_, m) => (m.motions.model.version = MOTION_MODEL_VERSION + 1));
    expect(await kindOf(file)).toBe('newer-version');
    await expect(readProjectFile(file)).rejects.toThrow(`motion model format ${MOTION_MODEL_VERSION + 1}; this copy reads up to ${MOTION_MODEL_VERSION}`);
  });

  it('a motion model saved in format 1 (no sizeScale in its spec) reads as scaled by the legacy factor', async () => {
    const old = await tampered((_, m) => {
      m.motions.model.version = 1;
      delete m.motions.model.spec.sizeScale;
    });
    const saved = (await readProjectFile(old)).motions.trained?.saved;
    expect(saved?.version).toBe(1);
    expect(saved?.spec.sizeScale).toBe(LEGACY_SIZE_SCALE);
    expect(await kindOf(await tampered((_, m) => (m.motions.model.spec.sizeScale = 0)))).toBe('bad-manifest');
  });

  it('bad-motion-model: weights of the wrong size, a network that does not fit what the manifest says, a model.json that is not JSON', async () => {
    expect(await kindOf(await tampered((e) => void e.set('motion/weights.bin', (e.get('motion/weights.bin') as Uint8Array).slice(8))))).toBe('bad-motion-model');
    expect(await kindOf(await tampered((e) => void e.set('motion/model.json', text('{ not json'))))).toBe('bad-motion-model');
    // The manifest says 3 classes (the network gives 4), or a window of 20 frames (it takes 12).
    expect(await kindOf(await tampered((_, m) => (m.motions.model.classNames = ['Swipe left', 'Swipe right', 'No motion'])))).toBe('bad-motion-model');
    expect(await kindOf(await tampered((_, m) => (m.motions.model.spec.windowFrames = 20)))).toBe('bad-motion-model');
    // A topology whose layer does not exist in TF.js.
    const file = await tampered((e) => {
      const json = JSON.parse(new TextDecoder().decode(e.get('motion/model.json')));
      json.modelTopology.config.layers[0].class_name = 'Teleport1D';
      e.set('motion/model.json', text(JSON.stringify(json)));
    });
    expect(await kindOf(file)).toBe('bad-motion-model');
    expect(await kindOf(await tampered((_, m) => (m.motions.model.idleClass = 'Elsewhere')))).toBe('bad-manifest');
    expect(await kindOf(await tampered((e) => void e.delete('motion/model.json')))).toBe('missing-file');
  });

  it('leaves no tensor behind when a motion model is refused', async () => {
    const file = await tampered((_, m) => (m.motions.model.classNames = ['Swipe left', 'Swipe right', 'No motion']));
    const before = tf.memory().numTensors;
    await expect(readProjectFile(file)).rejects.toBeInstanceOf(ProjectFileError);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('writeProjectFile refuses motions the reader would', () => {
  it('throws a RangeError naming what to fix', async () => {
    const { classes, trained } = await testMotionProject();
    const write = (motions: MotionProject) => writeProjectFile(project(motions), { now: NOW });
    const short = { ...storedClip('bad', 5, 1), clip: { rate: 15, frames: 6, rows: new Float32Array(5 * MOTION_ROW_SIZE) } };
    await expect(write({ classes: [{ ...classes[2], clips: [short] }], trained: null })).rejects.toThrow(/Clip bad has 455 values, not the 546 of 6 rows/);
    const nan = storedClip('nan', 2, 1);
    nan.clip.rows[3] = Number.NaN;
    await expect(write({ classes: [{ ...classes[2], clips: [nan] }], trained: null })).rejects.toThrow(/Clip nan has a value that is not a finite number/);
    await expect(write({ classes: [...classes, { ...classes[3], id: 'idle2', name: 'Rest', clips: [] }], trained: null })).rejects.toThrow(/^The motions cannot be saved as they are: motions.classes has 2 "no motion" classes \("No motion", "Rest"\); a project has one at most\.$/);
    const mismatched = { ...(trained as NonNullable<MotionProject['trained']>), saved: { ...(await testSavedMotionModel(['a', 'b'], null)), classNames: ['a', 'b', 'c'] } };
    await expect(write({ classes, trained: mismatched })).rejects.toThrow(/The trained motion model cannot be saved/);
  });
});
