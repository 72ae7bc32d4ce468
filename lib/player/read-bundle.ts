import type { io } from '@tensorflow/tfjs';
import { BACKBONES, isBackboneId, type BackboneFiles } from '../backbone';
import { headFeatures, INPUT_MODES, type InputMode } from '../dataset';
import type { EngineModel } from '../engine';
import {
  backboneSource,
  LANDMARK_FEATURES_VERSION,
  METADATA_PATH,
  MODEL_BUNDLE_FORMAT,
  MODEL_BUNDLE_FORMAT_VERSION,
  type HeadInputPart,
  type ModelBundleMetadata,
} from '../export';
import { cutLayerName } from '../finetune';
import { DEFAULT_HAND_BOX_PADDING, LANDMARK_FEATURE_SIZE, LANDMARK_OPTIONS } from '../hand';
import type { SavedMotionModel } from '../motion';
import { isSafeEntryName, MANIFEST_PATH, openZip, ProjectFileError, type ProjectFileLimits, type ZipReader } from '../project';
import { AGAIN, bad, badModel, BundleError, distinctNames, record, sameJson } from './bundle-checks';
import { checkMotionPart, savedMotionModel } from './read-motion';

export { BundleError, type BundleErrorKind } from './bundle-checks';

/** A bundle as the engine runs it: the files, checked and in memory. */
export interface PlayerBundle {
  /** The zip's file name, for the page. */
  readonly name: string;
  readonly metadata: ModelBundleMetadata;
  readonly backbone: BackboneFiles;
  /** The head (or fine-tuned network) in its saved form, as `Engine.setModel` takes it. */
  readonly model: EngineModel;
  /** The hand model the bundle carries (hand modes); null for a whole-frame model, or a bundle made before bundles carried it. */
  readonly handModel: Uint8Array | null;
  /** The motion model the bundle carries (motion/), as `Engine.setMotionModel` takes it; null when it has none. */
  readonly motion: SavedMotionModel | null;
}

/**
 * A bundle is a few model files: far below the project file's limits. These stop a hostile zip
 * long before it could hurt (the reader counts bytes as they come out, whatever headers claim).
 */
export const BUNDLE_LIMITS: ProjectFileLimits = Object.freeze({
  maxTotalBytes: 256 * 1024 ** 2,
  maxEntryBytes: 64 * 1024 ** 2,
  maxJsonBytes: 8 * 1024 ** 2,
  maxCompressionRatio: 100,
  maxEntries: 500,
  maxImageSide: 1,
});

const WEIGHT_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };

/**
 * Reads a model bundle that *Export model* wrote and checks all of it before anything runs: the zip,
 * metadata.json (format, version, labels, input mode, backbone, preprocessing, landmark features),
 * and every model file it names. Rejects with a `BundleError` whose message is one sentence saying
 * what is wrong and what to do.
 */
export async function readModelBundle(file: Blob, name = file instanceof File ? file.name : 'model.zip'): Promise<PlayerBundle> {
  const zip = await openZip(file, BUNDLE_LIMITS).catch(zipError);
  const metaEntry = zip.entries.get(METADATA_PATH);
  if (!metaEntry) {
    if (zip.entries.has(MANIFEST_PATH)) {
      throw new BundleError('project-file', 'This is a Gesture Studio project file, not a model bundle: open it in the studio (Import project file), train, then use Export model and drop that zip here.');
    }
    throw new BundleError('not-a-bundle', `This zip is not a model bundle from Gesture Studio (it has no ${METADATA_PATH}); drop the .zip that Export model downloads.`);
  }
  const metadata = checkBundleMetadata(await readJson(zip, METADATA_PATH));
  const fineTuned = metadata.fineTuned !== null;
  const format = fineTuned ? 'layers-model' : metadata.backbone.embedding.format;
  const backboneArtifacts = await readModelFiles(zip, metadata.backbone.modelPath);
  checkTopology(backboneArtifacts, format, metadata.backbone.embedding.format === 'layers-model' ? metadata.backbone.embedding.layer : null, metadata.backbone.modelPath);
  const headArtifacts = await readModelFiles(zip, metadata.head.modelPath);
  checkTopology(headArtifacts, 'layers-model', null, metadata.head.modelPath);
  const handPath = metadata.handModel?.path ?? null;
  const handModel = handPath ? await zip.read(entry(zip, handPath)).catch(zipError) : null;
  const motion = metadata.motion ? savedMotionModel(metadata.motion, await readModelFiles(zip, metadata.motion.modelPath)) : null;
  const sizes = metadata.head.inputs.reduce((sum, part) => sum + part.size, 0);
  return {
    name,
    metadata,
    backbone: { id: metadata.backbone.id, format, artifacts: backboneArtifacts },
    model: {
      artifacts: headArtifacts as EngineModel['artifacts'],
      classNames: metadata.labels,
      inputMode: metadata.inputMode,
      embeddingSize: fineTuned ? BACKBONES[metadata.backbone.id].embeddingSize : sizes,
      backboneId: metadata.backbone.id,
      ...(metadata.fineTuned ? { trainableBlocks: metadata.fineTuned.trainableBlocks } : {}),
    },
    handModel,
    motion,
  };
}

/**
 * Checks a parsed metadata.json against what this app writes and runs, and returns it typed. Throws
 * a `BundleError` naming the first thing that does not fit.
 */
export function checkBundleMetadata(value: unknown): ModelBundleMetadata {
  const meta = record(value);
  if (!meta || meta.format !== MODEL_BUNDLE_FORMAT) {
    throw new BundleError('not-a-bundle', `This zip is not a model bundle from Gesture Studio (its ${METADATA_PATH} describes something else); drop the .zip that Export model downloads.`);
  }
  const version = meta.formatVersion;
  if (!Number.isInteger(version) || (version as number) < 1) bad('its format version is missing');
  if ((version as number) > MODEL_BUNDLE_FORMAT_VERSION) {
    throw new BundleError(
      'newer-version',
      `This bundle was made by a newer Gesture Studio (format version ${String(version)}; this player reads up to ${MODEL_BUNDLE_FORMAT_VERSION}): open it in that version’s player, or export the model again from this one.`,
    );
  }
  const labels = meta.labels;
  if (!distinctNames(labels)) bad('its labels are not two or more different names');
  const mode = meta.inputMode;
  if (!INPUT_MODES.some((m) => m.id === mode)) bad('its input mode is not one this player knows');
  const inputMode = mode as InputMode;

  const backbone = record(meta.backbone);
  const id = typeof backbone?.id === 'string' ? backbone.id : '';
  if (!isBackboneId(id)) {
    throw new BundleError('unknown-backbone', `This bundle needs a backbone this player does not have (${JSON.stringify(id).slice(0, 40)}); export the model with MobileNet v1 0.25 or 0.75.`);
  }
  const fineTuned = checkFineTuned(meta.fineTuned, version as number);
  const expected = backboneSource(id, fineTuned ?? undefined);
  const preprocessing = record(meta.preprocessing);
  if (!sameJson(backbone?.embedding, expected.embedding) || !sameJson(preprocessing?.normalization, expected.normalization) || backbone?.embeddingSize !== BACKBONES[id].embeddingSize) {
    throw new BundleError('unknown-backbone', `This bundle reads its ${BACKBONES[id].label} backbone differently from how this player runs it; ${AGAIN}.`);
  }
  const crop = record(preprocessing?.crop);
  const wantsHand = inputMode !== 'frame';
  if (crop?.kind !== (wantsHand ? 'hand' : 'center-square') || (wantsHand && crop.padding !== DEFAULT_HAND_BOX_PADDING)) bad('its crop is not the one its input mode uses');

  const head = record(meta.head);
  checkHeadInputs(head, inputMode, id, fineTuned);
  if (headFeatures(inputMode).landmarks && !fineTuned) checkLandmarks(record(meta.landmarks));
  for (const path of [backbone?.modelPath, head?.modelPath]) {
    if (typeof path !== 'string' || !isSafeEntryName(path) || !path.endsWith('/model.json')) bad('a model path in it is not a file of the bundle');
  }
  const handModel = meta.handModel === undefined || meta.handModel === null ? null : record(meta.handModel);
  if (handModel && (typeof handModel.path !== 'string' || !isSafeEntryName(handModel.path))) bad('its hand model path is not a file of the bundle');
  if (handModel && !wantsHand) bad('a whole-frame model names a hand model');
  if (meta.motion !== undefined) checkMotionPart(meta.motion);
  return value as ModelBundleMetadata;
}

function checkFineTuned(value: unknown, version: number): { trainableBlocks: 1 | 2; cutLayer: string; layers: readonly string[] } | null {
  if (value === null || value === undefined) return null;
  const part = record(value);
  const blocks = part?.trainableBlocks;
  if (version < 2 || (blocks !== 1 && blocks !== 2) || part?.cutLayer !== cutLayerName(blocks) || !Array.isArray(part.layers)) bad('its fine-tuned part does not fit');
  return part as unknown as { trainableBlocks: 1 | 2; cutLayer: string; layers: readonly string[] };
}

/** The head's inputs must be the parts its input mode reads, each of the size this player makes. */
function checkHeadInputs(head: Record<string, unknown> | null, mode: InputMode, id: keyof typeof BACKBONES, fineTuned: object | null): void {
  const inputs = Array.isArray(head?.inputs) ? (head.inputs as unknown[]).map(record) : [];
  const wants = headFeatures(mode);
  const expected: Pick<HeadInputPart, 'name' | 'size'>[] = fineTuned
    ? [{ name: 'activations', size: inputs[0]?.size as number }]
    : [...(wants.embedding ? [{ name: 'embedding' as const, size: BACKBONES[id].embeddingSize }] : []), ...(wants.landmarks ? [{ name: 'landmarks' as const, size: LANDMARK_FEATURE_SIZE }] : [])];
  const fits = inputs.length === expected.length && inputs.every((part, i) => part?.name === expected[i].name && Number.isInteger(part.size) && part.size === expected[i].size);
  const fusion = head?.fusion;
  const fusionFits = expected.length === 1 ? fusion === 'single' : fusion === 'concat' || fusion === 'branches';
  if (!fits || !fusionFits || (fineTuned && mode !== 'frame' && mode !== 'crop')) bad(`its head’s inputs do not fit its input mode (${mode})`);
}

function checkLandmarks(landmarks: Record<string, unknown> | null): void {
  const options = record(landmarks?.options);
  if (landmarks?.version !== LANDMARK_FEATURES_VERSION || landmarks.size !== LANDMARK_FEATURE_SIZE || options?.rotation !== LANDMARK_OPTIONS.rotation) {
    throw new BundleError(
      'landmark-version',
      `This bundle’s head was trained on landmark features version ${JSON.stringify(landmarks?.version ?? null)}${options?.rotation ? ' with rotation' : ''}, but this player computes version ${LANDMARK_FEATURES_VERSION}: export the model again from a Gesture Studio of this version.`,
    );
  }
}

/** A TF.js model.json and its weight files as in-memory artifacts, its weights exactly the size they say. */
async function readModelFiles(zip: ZipReader, modelJsonPath: string): Promise<io.ModelArtifacts> {
  const json = record(await readJson(zip, modelJsonPath));
  const topology = record(json?.modelTopology);
  const groups = Array.isArray(json?.weightsManifest) ? (json.weightsManifest as unknown[]).map(record) : null;
  if (!topology || !groups || groups.length === 0) badModel(modelJsonPath, 'it has no model topology or weights manifest');
  const dir = modelJsonPath.slice(0, modelJsonPath.lastIndexOf('/') + 1);
  const specs: io.WeightsManifestEntry[] = [];
  const shards: Uint8Array[] = [];
  for (const group of groups as Record<string, unknown>[]) {
    const paths = group?.paths;
    const weights = group?.weights;
    if (!Array.isArray(paths) || !Array.isArray(weights) || !paths.every((p) => typeof p === 'string' && isSafeEntryName(`${dir}${p}`) && !p.includes('/'))) {
      badModel(modelJsonPath, 'its weights manifest is malformed');
    }
    specs.push(...(weights as unknown[]).map((w) => weightSpec(w, modelJsonPath)));
    for (const path of paths as string[]) shards.push(await zip.read(entry(zip, `${dir}${path}`)).catch(zipError));
  }
  const size = shards.reduce((sum, shard) => sum + shard.length, 0);
  const needed = specs.reduce((sum, spec) => sum + spec.shape.reduce((n, d) => n * d, 1) * WEIGHT_BYTES[spec.dtype], 0);
  if (size !== needed) badModel(modelJsonPath, `its weight files hold ${size} bytes, but its weights need ${needed}`);
  const weightData = new Uint8Array(size);
  let at = 0;
  for (const shard of shards) {
    weightData.set(shard, at);
    at += shard.length;
  }
  return { modelTopology: topology as object, weightSpecs: specs, weightData: weightData.buffer, ...(typeof json?.format === 'string' ? { format: json.format } : {}) };
}

function weightSpec(value: unknown, modelJsonPath: string): io.WeightsManifestEntry {
  const spec = record(value);
  const shape = spec?.shape;
  const valid =
    typeof spec?.name === 'string' &&
    typeof spec.dtype === 'string' &&
    Object.hasOwn(WEIGHT_BYTES, spec.dtype) &&
    spec.quantization === undefined &&
    Array.isArray(shape) &&
    shape.length <= 8 &&
    shape.every((d) => Number.isInteger(d) && d >= 0 && d <= 1 << 24);
  if (!valid) badModel(modelJsonPath, 'a weight has no valid name, type or shape');
  return { name: spec.name as string, shape: [...(shape as number[])], dtype: spec.dtype as io.WeightsManifestEntry['dtype'] };
}

/**
 * The topology must be of the kind metadata.json says (a graph has nodes, a layers model a config),
 * and a layers backbone must have the layer the embedding is read from.
 */
function checkTopology(artifacts: io.ModelArtifacts, format: 'graph-model' | 'layers-model', layer: string | null, path: string): void {
  const topology = artifacts.modelTopology as Record<string, unknown>;
  if (format === 'graph-model' ? !Array.isArray(topology.node) : !record(topology.model_config) && !record(topology.config)) {
    badModel(path, `it is not a TF.js ${format}`);
  }
  if (layer && !JSON.stringify(topology).includes(JSON.stringify(layer))) badModel(path, `it has no layer ${layer}`);
}

async function readJson(zip: ZipReader, path: string): Promise<unknown> {
  const bytes = await zip.read(entry(zip, path), BUNDLE_LIMITS.maxJsonBytes).catch(zipError);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    if (path === METADATA_PATH) bad('it is not JSON text');
    return badModel(path, 'it is not JSON text');
  }
}

function entry(zip: ZipReader, path: string) {
  const found = zip.entries.get(path);
  if (!found) throw new BundleError('missing-file', `This bundle is missing ${path.slice(0, 80)}: ${AGAIN}, whole.`);
  return found;
}

/** The zip reader's failures, in the player's words. */
function zipError(error: unknown): never {
  if (!(error instanceof ProjectFileError)) throw error;
  switch (error.kind) {
    case 'not-a-zip':
      throw new BundleError('not-a-zip', 'This file is not a model bundle (it is not a zip archive); drop the .zip that Export model in Gesture Studio downloads.');
    case 'too-large':
    case 'too-many-entries':
      throw new BundleError('too-large', `This zip unpacks to far more than a model bundle holds, so it was not opened; ${AGAIN}.`);
    case 'truncated':
      throw new BundleError('damaged', `This bundle is incomplete (cut off while downloading or copying); ${AGAIN}.`);
    case 'unsafe-path':
      throw new BundleError('damaged', `This zip holds an entry named ${JSON.stringify((error.entry ?? '').slice(0, 60))} that points outside it, so it was not opened; ${AGAIN}.`);
    default:
      throw new BundleError('damaged', `This bundle is damaged or was repacked (${error.entry ? `at ${JSON.stringify(error.entry.slice(0, 60))}` : error.kind}); ${AGAIN}.`);
  }
}
