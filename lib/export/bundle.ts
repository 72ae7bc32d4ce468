import * as tf from '@tensorflow/tfjs';
import { BACKBONES, type BackboneId } from '../backbone';
import type { LiveModel } from '../classify';
import { headFeatures, type InputMode } from '../dataset';
import { cutLayerName } from '../finetune';
import { LANDMARK_FEATURE_SIZE } from '../hand';
import { loadMotionModel, type SavedMotionModel } from '../motion';
import { APP_VERSION, createStoredZip, layersModelFiles, type ZipInput } from '../project';
import {
  BACKBONE_DIR,
  backboneSource,
  createMetadata,
  HEAD_DIR,
  HEAD_WEIGHTS_FILE,
  METADATA_PATH,
  MODULE_FILES,
  MOTION_DIR,
  README_PATH,
  type FineTunedPart,
  type HeadInputPart,
  type ModelBundleMetadata,
} from './metadata';
import { createReadme } from './readme';

export type ExportErrorKind = 'not-exportable' | 'backbone-missing' | 'file-missing' | 'cancelled';

export class ExportError extends Error {
  constructor(readonly kind: ExportErrorKind, message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'ExportError';
  }
}

/** What hands over a head's topology and weights: a `Head` (lib/train) does. */
export interface SavableHead {
  save(): Promise<tf.io.ModelArtifacts>;
}

/** Reads one file of public/models by its path under it (e.g. 'mobilenet_v1_075_224/model.json'). */
export type ModelFileReader = (path: string) => Promise<Uint8Array>;

/** Fetches from the app's own origin, where public/models is served: nothing leaves the device. */
export function fetchModelFiles(modelBaseUrl = '/models'): ModelFileReader {
  return async (path) => {
    const response = await fetch(`${modelBaseUrl}/${path}`);
    if (!response.ok) throw new Error(`${modelBaseUrl}/${path}: status code ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}

export interface ExportModelBundleRequest {
  /**
   * The trained head, [n, D] (or its branches' parts) → probabilities [n, labels]; or, with
   * `trainableBlocks`, a fine-tuned network: the top blocks and head, cut activations → probabilities.
   */
  readonly head: SavableHead;
  /** Backbone blocks fine-tuned with the head (lib/finetune); absent for a head on the frozen backbone. */
  readonly trainableBlocks?: 1 | 2;
  /** The head's outputs, in order. */
  readonly labels: readonly string[];
  readonly backboneId: BackboneId;
  readonly inputMode: InputMode;
  /** The project's trained motion model: it goes into motion/ with its part of metadata.json. */
  readonly motion?: SavedMotionModel | null;
  /** Stamped into metadata.json, the README and every zip entry. */
  readonly date: Date;
  /** Default: `fetchModelFiles()`, the app's own origin. */
  readonly readModelFile?: ModelFileReader;
  /** Reads the runnable module's files (public/gesture-model); default: fetched from the app's own origin. */
  readonly readModuleFile?: ModelFileReader;
  readonly signal?: AbortSignal;
  /** For a progress line: done of total steps. */
  readonly onProgress?: (label: string, done: number, total: number) => void;
}

/**
 * A zip with everything needed to classify outside the app: `backbone/` (the backbone's TF.js files,
 * byte for byte the ones the app runs), `head/model.json` + `head/weights.bin`, `metadata.json`,
 * `README.md`, the runnable `gesture-model.js` (+ the `hand-geometry.js` it imports) and, in the hand
 * modes, the `hand_landmarker.task` the studio tracks hands with; with a motion model, `motion/model.json`
 * + `motion/weights.bin`. Leaves no tensor behind. Throws an `ExportError` when a file cannot be read,
 * the head does not match `labels` and `inputMode`, or the motion model does not load.
 */
export async function exportModelBundle(request: ExportModelBundleRequest): Promise<Blob> {
  const { backboneId, inputMode, labels, signal } = request;
  const read = request.readModelFile ?? fetchModelFiles();
  const progress = request.onProgress ?? (() => {});
  const check = () => {
    if (signal?.aborted) throw new ExportError('cancelled', 'The model export was cancelled.');
  };

  progress('Saving the head', 0, 3);
  const headArtifacts = await saveArtifacts(request.head);
  const { headInputs, fineTuned } = await describeHeadInputs(headArtifacts, BACKBONES[backboneId].embeddingSize, inputMode, labels.length, request.trainableBlocks);
  const motion = request.motion ? await motionFiles(request.motion) : null;
  check();

  progress('Reading the model files', 1, 3);
  const metadata = createMetadata({
    labels,
    backboneId,
    inputMode,
    headInputs,
    appVersion: APP_VERSION,
    tfjsVersion: tf.version.tfjs,
    date: request.date,
    ...(fineTuned ? { fineTuned } : {}),
    ...(request.motion ? { motion: request.motion } : {}),
  });
  const backboneFiles = await readBackboneFiles(backboneId, backboneSource(backboneId, fineTuned).modelPath, read, signal);
  check();
  const runtimeFiles = await readRuntimeFiles(metadata, read, request.readModuleFile ?? fetchModelFiles('/gesture-model'));
  check();

  progress('Packing the zip', 2, 3);
  const text = new TextEncoder();
  const entries: ZipInput[] = [
    { name: METADATA_PATH, data: text.encode(`${JSON.stringify(metadata, null, 2)}\n`) },
    { name: README_PATH, data: text.encode(createReadme(metadata)) },
    ...runtimeFiles,
    ...backboneFiles,
    ...headFiles(headArtifacts),
    ...(motion ?? []),
  ];
  const zip = await createStoredZip(entries, { date: request.date, ...(signal ? { signal } : {}) }).catch((error: unknown) => {
    check();
    throw error;
  });
  progress('Done', 3, 3);
  return zip;
}

/** The download's file name: gesture-model-2026-11-28.zip (the local date). */
export function modelBundleFileName(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `gesture-model-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.zip`;
}

export interface ExportTrainedModelOptions {
  readonly date: Date;
  /** The project's trained motion model, carried beside the pose model. */
  readonly motion?: SavedMotionModel | null;
  readonly readModelFile?: ModelFileReader;
  readonly readModuleFile?: ModelFileReader;
  readonly signal?: AbortSignal;
  readonly onProgress?: (label: string, done: number, total: number) => void;
}

/** `exportModelBundle` for the app's trained model, whatever its recipe and input mode. */
export async function exportTrainedModel(trained: { readonly model: LiveModel; readonly backboneId: BackboneId }, options: ExportTrainedModelOptions): Promise<Blob> {
  const { model } = trained;
  const saved = await model.save().catch((error: unknown) => {
    throw new ExportError('not-exportable', 'The trained model could not be saved. Train again, then export.', error);
  });
  const trainableBlocks = saved.trainableBlocks > 0 ? { trainableBlocks: saved.trainableBlocks as 1 | 2 } : {};
  return exportModelBundle({ ...options, ...trainableBlocks, head: { save: async () => saved.artifacts }, labels: model.classNames, backboneId: trained.backboneId, inputMode: model.inputMode });
}

async function saveArtifacts(head: SavableHead): Promise<tf.io.ModelArtifacts> {
  try {
    return await head.save();
  } catch (error) {
    throw new ExportError('not-exportable', 'The trained head could not be saved. Train again, then export.', error);
  }
}

/**
 * The head's inputs, read back from the saved files rather than assumed: a concatenated row, one
 * input per branch (lib/train createHeadModel), or a fine-tuned network's cut activations (and which
 * backbone layers it fine-tuned). Also checks the head fits the labels and the mode.
 */
async function describeHeadInputs(
  artifacts: tf.io.ModelArtifacts,
  embeddingSize: number,
  mode: InputMode,
  classCount: number,
  trainableBlocks: 1 | 2 | undefined,
): Promise<{ headInputs: HeadInputPart[][]; fineTuned?: FineTunedPart }> {
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  try {
    const outputs = (model.outputs[0]?.shape[1] ?? 0) as number;
    if (trainableBlocks) {
      const [, ...shape] = model.inputs[0].shape as number[];
      if (model.inputs.length !== 1 || shape.length !== 3 || outputs !== classCount) {
        throw new ExportError('not-exportable', `The fine-tuned network takes inputs of shape [${shape.join(', ')}] and gives ${outputs} outputs, not cut activations and ${classCount} classes. Train again, then export.`);
      }
      const pool = model.layers.findIndex((layer) => layer.getClassName() === 'GlobalAveragePooling2D');
      const layers = model.layers.slice(0, Math.max(0, pool)).filter((layer) => layer.weights.length > 0).map((layer) => layer.name);
      return {
        headInputs: [[{ name: 'activations', size: shape.reduce((a, b) => a * b, 1), shape }]],
        fineTuned: { trainableBlocks, cutLayer: cutLayerName(trainableBlocks), layers },
      };
    }
    const sizes = model.inputs.map((input) => input.shape[1] as number);
    const wants = headFeatures(mode);
    const parts: HeadInputPart[] = [...(wants.embedding ? [{ name: 'embedding' as const, size: embeddingSize }] : []), ...(wants.landmarks ? [{ name: 'landmarks' as const, size: LANDMARK_FEATURE_SIZE }] : [])];
    const total = parts.reduce((s, p) => s + p.size, 0);
    const grouped = sizes.length === 1 ? [parts] : parts.map((p) => [p]);
    const fits = outputs === classCount && grouped.length === sizes.length && grouped.every((g, i) => g.reduce((s, p) => s + p.size, 0) === sizes[i]);
    if (!fits) {
      throw new ExportError('not-exportable', `The trained head takes inputs of ${sizes.join(' + ')} values and gives ${outputs} outputs, but mode ${mode} gives ${total} values and there are ${classCount} classes. Train again, then export.`);
    }
    return { headInputs: grouped };
  } finally {
    model.dispose();
  }
}

function headFiles(artifacts: tf.io.ModelArtifacts): ZipInput[] {
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)));
  const modelJson = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [HEAD_WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
  };
  return [
    { name: `${HEAD_DIR}/model.json`, data: new TextEncoder().encode(JSON.stringify(modelJson)) },
    { name: `${HEAD_DIR}/${HEAD_WEIGHTS_FILE}`, data: weights },
  ];
}

/** The motion model's files, once it has been shown to load (what a bundle carries must run). */
async function motionFiles(saved: SavedMotionModel): Promise<ZipInput[]> {
  try {
    (await loadMotionModel(saved)).dispose();
    const { model, weights } = layersModelFiles(saved.artifacts, `${MOTION_DIR}/model.json`, `${MOTION_DIR}/${HEAD_WEIGHTS_FILE}`, 'motion model');
    return [model, weights];
  } catch (error) {
    throw new ExportError('not-exportable', 'The trained motion model could not be saved. Train the motions again, then export.', error);
  }
}

/** The runnable module's files and, for a hand mode, the hand model. */
async function readRuntimeFiles(metadata: ModelBundleMetadata, readModel: ModelFileReader, readModule: ModelFileReader): Promise<ZipInput[]> {
  const files: ZipInput[] = [];
  for (const name of MODULE_FILES) {
    const data = await readModule(name).catch((error: unknown) => {
      throw new ExportError('file-missing', `public/gesture-model/${name} could not be read. Restore it (git checkout public/gesture-model), reload, then export again.`, error);
    });
    files.push({ name, data });
  }
  if (metadata.handModel) {
    const { path } = metadata.handModel;
    const data = await readModel(path).catch((error: unknown) => {
      throw new ExportError('file-missing', `The hand model public/models/${path} could not be read. Run "npm install" in the project folder, reload, then export again.`, error);
    });
    files.push({ name: path, data });
  }
  return files;
}

/** The backbone's model.json and every shard its weights manifest names, under backbone/. */
async function readBackboneFiles(id: BackboneId, modelPath: string, read: ModelFileReader, signal?: AbortSignal): Promise<ZipInput[]> {
  const dir = modelPath.slice(0, modelPath.lastIndexOf('/') + 1);
  const missing = (error: unknown) =>
    new ExportError('backbone-missing', `The ${BACKBONES[id].label} model files could not be read from public/models. Run "npm install" in the project folder, reload, then export again.`, error);
  let modelJson: Uint8Array;
  let shards: string[];
  try {
    modelJson = await read(modelPath);
    const parsed = JSON.parse(new TextDecoder().decode(modelJson)) as { weightsManifest?: { paths?: unknown }[] };
    shards = (parsed.weightsManifest ?? []).flatMap((group) => (Array.isArray(group.paths) ? group.paths.map(String) : []));
  } catch (error) {
    throw missing(error);
  }
  if (shards.length === 0 || shards.some((p) => p.includes('/') || p.includes('\\') || p.startsWith('.'))) throw missing(new Error(`Unexpected weight paths in ${modelPath}.`));
  const files: ZipInput[] = [{ name: `${BACKBONE_DIR}/model.json`, data: modelJson }];
  for (const shard of shards) {
    if (signal?.aborted) throw new ExportError('cancelled', 'The model export was cancelled.');
    try {
      files.push({ name: `${BACKBONE_DIR}/${shard}`, data: await read(`${dir}${shard}`) });
    } catch (error) {
      throw missing(error);
    }
  }
  return files;
}

export type { ModelBundleMetadata };
