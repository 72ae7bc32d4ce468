import type { io } from '@tensorflow/tfjs';
import { blockError, MAX_HEAD_INPUT, type Json, type VectorBlock } from './manifest';
import { EXPORT_AGAIN, ProjectFileError, quoted, type ProjectFileErrorKind } from './project-error';
import type { ProjectFileLimits } from './limits';
import type { ZipEntry, ZipInput, ZipReader } from './zip';

/*
 * The pieces project files are made of, shared by the pose part (project-file.ts) and the motion
 * part (motion-file.ts): float32 blocks and TF.js layers models (model.json + weights.bin).
 */

/**
 * A trained model as `tf.io.withSaveHandler` hands it over, kept opaque here so this module needs no
 * live model: `tf.loadLayersModel(tf.io.fromMemory(artifacts))` turns it back into one.
 */
export interface HeadArtifacts {
  /** The layers-model topology JSON. */
  readonly modelTopology: object;
  readonly weightSpecs: readonly io.WeightsManifestEntry[];
  /** All weights in `weightSpecs` order; several buffers are joined on writing, one is read back. */
  readonly weightData: ArrayBuffer | readonly ArrayBuffer[];
  readonly format?: string;
  readonly generatedBy?: string;
  readonly convertedBy?: string | null;
}

/** The name model.json gives its one weights file, beside it. */
const WEIGHTS_FILE = 'weights.bin';
const WEIGHT_DTYPE_BYTES: ReadonlyMap<string, number> = new Map([
  ['float32', 4],
  ['int32', 4],
  ['bool', 1],
]);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function entryOf(zip: ZipReader, name: string): ZipEntry {
  const entry = zip.entries.get(name);
  if (!entry) throw new ProjectFileError('missing-file', `This project file lacks ${name}, which its manifest lists; ${EXPORT_AGAIN}.`, name);
  return entry;
}

/** The entry's JSON; `notJson` makes the error for text that is not JSON. */
export async function readJsonEntry(zip: ZipReader, entry: ZipEntry, limits: ProjectFileLimits, notJson: () => ProjectFileError): Promise<unknown> {
  const bytes = await zip.read(entry, limits.maxJsonBytes);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw notJson();
  }
}

/** The block's bytes: exactly count x dimension float32 values, every one finite. */
export async function readBlock(zip: ZipReader, block: VectorBlock, kind: ProjectFileErrorKind, what: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await zip.read(entryOf(zip, block.file));
  const expected = block.count * block.dimension * 4;
  if (bytes.length !== expected) {
    throw blockError(kind, what, `${block.file} holds ${bytes.length} bytes, not the ${expected} that ${block.count} x ${block.dimension} float32 values take`);
  }
  const values = LITTLE_ENDIAN ? new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4) : takeFloats(bytes, 0, bytes.length / 4);
  if (!allFinite(values)) throw blockError(kind, what, `${block.file} holds a value that is not a finite number`);
  return bytes;
}

/**
 * A layers model's model.json (one weights group, `weights.bin`) and its weights, checked: specs of
 * known types and sane shapes, weights exactly the size they describe. `bad` makes the error.
 */
export async function readLayersModel(
  zip: ZipReader,
  modelPath: string,
  weightsPath: string,
  limits: ProjectFileLimits,
  bad: (detail: string) => ProjectFileError,
): Promise<HeadArtifacts & { readonly weightSpecs: io.WeightsManifestEntry[]; readonly weightData: ArrayBuffer }> {
  const model = objectOrNull(await readJsonEntry(zip, entryOf(zip, modelPath), limits, () => bad(`${modelPath} is not JSON text`)));
  const topology = objectOrNull(model?.modelTopology);
  if (!model || !topology) throw bad(`${modelPath} has no modelTopology`);
  const groups = Array.isArray(model.weightsManifest) ? model.weightsManifest : null;
  const group = groups?.length === 1 ? objectOrNull(groups[0]) : null;
  if (!group || !Array.isArray(group.paths) || group.paths.length !== 1 || group.paths[0] !== WEIGHTS_FILE || !Array.isArray(group.weights)) {
    throw bad(`${modelPath} must list its weights as one group in ${WEIGHTS_FILE}`);
  }
  const weightSpecs = group.weights.map((spec) => parseWeightSpec(spec, bad));
  const weights = await zip.read(entryOf(zip, weightsPath));
  const expected = weightBytes(weightSpecs);
  if (weights.length !== expected) throw bad(`${weightsPath} holds ${weights.length} bytes; its weights need ${expected}`);
  const text = (key: string): string | undefined => (typeof model[key] === 'string' ? (model[key] as string) : undefined);
  return {
    modelTopology: topology,
    weightSpecs,
    weightData: weights.buffer,
    ...(text('format') !== undefined ? { format: text('format') } : {}),
    ...(text('generatedBy') !== undefined ? { generatedBy: text('generatedBy') } : {}),
    ...(model.convertedBy === null || typeof model.convertedBy === 'string' ? { convertedBy: model.convertedBy } : {}),
  };
}

/**
 * model.json and weights.bin of `artifacts` at `modelPath` and `weightsPath`, after the reader's own
 * checks (so what is written reads back); throws a RangeError naming `what` when they would be refused.
 */
export function layersModelFiles(artifacts: HeadArtifacts, modelPath: string, weightsPath: string, what: string): { model: ZipInput; weights: ZipInput } {
  const buffers = artifacts.weightData instanceof ArrayBuffer ? [artifacts.weightData] : artifacts.weightData;
  const weights = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  buffers.reduce((at, b) => {
    weights.set(new Uint8Array(b), at);
    return at + b.byteLength;
  }, 0);
  const weightSpecs = artifacts.weightSpecs.map((spec) =>
    parseWeightSpec(spec, (detail) => {
      throw new RangeError(`The ${what} cannot be saved: ${detail}.`);
    }),
  );
  const expected = weightBytes(weightSpecs);
  if (expected !== weights.length) throw new RangeError(`The ${what}'s weights take ${weights.length} bytes, but its weight specs describe ${expected}.`);
  const modelJson = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: weightSpecs }],
  };
  return { model: { name: modelPath, data: new TextEncoder().encode(JSON.stringify(modelJson)) }, weights: { name: weightsPath, data: weights } };
}

function parseWeightSpec(value: unknown, bad: (detail: string) => Error): io.WeightsManifestEntry {
  const spec = objectOrNull(value);
  const shape = spec?.shape;
  if (!spec || typeof spec.name !== 'string' || !Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isInteger(d) && d >= 0 && d <= MAX_HEAD_INPUT)) {
    throw bad('a weight has no valid name or shape');
  }
  if (typeof spec.dtype !== 'string' || !WEIGHT_DTYPE_BYTES.has(spec.dtype) || spec.quantization !== undefined) throw bad(`weight ${quoted(spec.name)} has an unsupported type`);
  const group = spec.group === 'model' || spec.group === 'optimizer' ? { group: spec.group as io.WeightGroup } : {};
  return { name: spec.name, shape: [...(shape as number[])], dtype: spec.dtype as io.WeightsManifestEntry['dtype'], ...group };
}

function weightBytes(specs: readonly io.WeightsManifestEntry[]): number {
  return specs.reduce((sum, spec) => sum + spec.shape.reduce((n, d) => n * d, 1) * (WEIGHT_DTYPE_BYTES.get(spec.dtype) as number), 0);
}

export function objectOrNull(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

export function allFinite(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i += 1) if (!Number.isFinite(values[i])) return false;
  return true;
}

/** Writes `values` as little-endian float32 at `byteOffset`, bit for bit. */
export function putFloats(target: Uint8Array, byteOffset: number, values: Float32Array): void {
  target.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), byteOffset);
  if (!LITTLE_ENDIAN) swapEach4(target.subarray(byteOffset, byteOffset + values.byteLength));
}

/**
 * `length` little-endian float32 values from `byteOffset`, bit for bit, in a buffer of their own: a
 * view into the whole file's buffer would be cloned whole with each sample when it is stored.
 */
export function takeFloats(source: Uint8Array, byteOffset: number, length: number): Float32Array {
  const bytes = source.slice(byteOffset, byteOffset + length * 4);
  if (!LITTLE_ENDIAN) swapEach4(bytes);
  return new Float32Array(bytes.buffer, 0, length);
}

function swapEach4(bytes: Uint8Array): void {
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    [bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]] = [bytes[i + 3], bytes[i + 2], bytes[i + 1], bytes[i]];
  }
}
