import { loadMotionModel, MOTION_ROW_SIZE, type MotionClass, type MotionProject, type SavedMotionModel, type TrainedMotion } from '../motion';
import { allFinite, layersModelFiles, putFloats, readBlock, readLayersModel, takeFloats } from './file-parts';
import type { ProjectFileLimits } from './limits';
import {
  MOTION_CLIPS_PATH,
  MOTION_MODEL_PATH,
  MOTION_WEIGHTS_PATH,
  MOTIONS_FORMAT_VERSION,
  parseMotions,
  type ManifestMotionModel,
  type ManifestMotions,
} from './motion-manifest';
import { EXPORT_AGAIN, ProjectFileError } from './project-error';
import type { ZipInput, ZipReader } from './zip';

/**
 * The manifest's `motions` and the zip entries of `motions` (the clips' rows, the motion model's
 * files), checked as the reader checks them, so a file written always opens again; null when there
 * is nothing to save (no motion class, no model), so the file keeps an older format version. Throws
 * a RangeError naming what to fix.
 */
export async function motionFiles(motions: MotionProject | undefined, poseClassIds: ReadonlySet<string>): Promise<{ meta: ManifestMotions; entries: ZipInput[] } | null> {
  if (!motions || (motions.classes.length === 0 && motions.trained === null)) return null;
  const clips = motions.classes.flatMap((c) => c.clips);
  const rows = new Uint8Array(clips.reduce((n, k) => n + k.clip.frames, 0) * MOTION_ROW_SIZE * 4);
  let byteOffset = 0;
  const classes = motions.classes.map((c) => ({
    id: c.id,
    name: c.name.trim(),
    role: c.role,
    mirror: c.mirror,
    clips: c.clips.map(({ id, source, createdAt, clip }) => {
      if (clip.rows.length !== clip.frames * MOTION_ROW_SIZE) throw new RangeError(`Clip ${id} has ${clip.rows.length} values, not the ${clip.frames * MOTION_ROW_SIZE} of ${clip.frames} rows.`);
      if (!allFinite(clip.rows)) throw new RangeError(`Clip ${id} has a value that is not a finite number.`);
      putFloats(rows, byteOffset, clip.rows);
      const entry = { id, source, createdAt, rate: clip.rate, frames: clip.frames, byteOffset };
      byteOffset += clip.rows.byteLength;
      return entry;
    }),
  }));
  const model = motions.trained ? await motionModelFiles(motions.trained) : null;
  const meta = {
    rows: { file: MOTION_CLIPS_PATH, dtype: 'float32', byteOrder: 'little-endian', dimension: MOTION_ROW_SIZE, count: rows.length / (MOTION_ROW_SIZE * 4) },
    classes,
    model: model?.meta ?? null,
  };
  let checked: ManifestMotions;
  try {
    checked = parseMotions(JSON.parse(JSON.stringify(meta)), MOTIONS_FORMAT_VERSION, poseClassIds);
  } catch (error) {
    if (error instanceof ProjectFileError) throw new RangeError(`The motions cannot be saved as they are: ${problemOf(error)}.`);
    throw error;
  }
  return { meta: checked, entries: [{ name: MOTION_CLIPS_PATH, data: rows }, ...(model ? [model.files.model, model.files.weights] : [])] };
}

async function motionModelFiles(trained: TrainedMotion): Promise<{ meta: ManifestMotionModel; files: ReturnType<typeof layersModelFiles> }> {
  const { saved } = trained;
  try {
    (await loadMotionModel(saved)).dispose();
  } catch (error) {
    throw new RangeError(`The trained motion model cannot be saved: ${(error as Error).message}`);
  }
  return {
    meta: {
      model: MOTION_MODEL_PATH,
      weights: MOTION_WEIGHTS_PATH,
      version: saved.version,
      spec: saved.spec,
      classNames: [...saved.classNames],
      idleClass: saved.idleClass,
      training: {
        history: trained.history,
        bestEpoch: trained.bestEpoch,
        stoppedEarly: trained.stoppedEarly,
        validationAccuracy: trained.validationAccuracy,
        trainedOn: trained.trainedOn,
        trainedAt: trained.trainedAt,
      },
    },
    files: layersModelFiles(saved.artifacts, MOTION_MODEL_PATH, MOTION_WEIGHTS_PATH, 'motion model'),
  };
}

/**
 * The motions a checked manifest describes, read from the zip: each clip's rows (all of them finite,
 * exactly as many as the clips' frames take) and the motion model, which must load. New data, built
 * only from the file. Calls `step` once per entry read.
 */
export async function readMotions(zip: ZipReader, meta: ManifestMotions, limits: ProjectFileLimits, step: () => void): Promise<MotionProject> {
  const bytes = await readBlock(zip, meta.rows, 'bad-motion-clips', 'motion clips');
  const classes = meta.classes.map(
    (c): MotionClass => ({
      id: c.id,
      name: c.name,
      role: c.role,
      mirror: c.mirror,
      clips: c.clips.map((k) => ({ id: k.id, source: k.source, createdAt: k.createdAt, clip: { rate: k.rate, frames: k.frames, rows: takeFloats(bytes, k.byteOffset, k.frames * MOTION_ROW_SIZE) } })),
    }),
  );
  step();
  if (!meta.model) return { classes, trained: null };
  const trained = await readMotionModel(zip, meta.model, limits);
  // Two entries read: model.json and weights.bin.
  step();
  step();
  return { classes, trained };
}

/** Entries `readMotions` reads besides the manifest: the clips, and the model's two files. */
export function motionEntryCount(meta: ManifestMotions | undefined): number {
  return meta ? 1 + (meta.model ? 2 : 0) : 0;
}

async function readMotionModel(zip: ZipReader, meta: ManifestMotionModel, limits: ProjectFileLimits): Promise<TrainedMotion> {
  const artifacts = await readLayersModel(zip, meta.model, meta.weights, limits, badMotionModel);
  const saved: SavedMotionModel = { kind: 'motion', version: meta.version, spec: meta.spec, classNames: meta.classNames, idleClass: meta.idleClass, artifacts };
  try {
    // Built once to prove it loads (topology, weights and what the manifest says of it agree), then let go.
    (await loadMotionModel(saved)).dispose();
  } catch (error) {
    throw badMotionModel(firstClause((error as Error).message));
  }
  return { saved, ...meta.training };
}

/**
 * The first sentence of an error from `loadMotionModel` (its own, or TF.js's, which run to several
 * sentences and lines), without the "train again" it tells a person in the studio, for a detail in brackets.
 */
function firstClause(message: string): string {
  const sentence = message.split(/\.\s|\n/)[0];
  return sentence.replace(/[:;,.]?\s*(update the studio or )?train again\.?$/i, '').replace(/\.$/, '').slice(0, 200);
}

/** What the reader's error says is wrong, without the way out it offers a person importing a file. */
function problemOf(error: ProjectFileError): string {
  const sentence = error.message.slice(0, error.message.lastIndexOf('; '));
  return sentence.replace(/^This project's manifest\.json is not valid \((.*)\)$/, '$1');
}

function badMotionModel(detail: string): ProjectFileError {
  return new ProjectFileError('bad-motion-model', `The trained motion model in this project does not load (${detail}); ${EXPORT_AGAIN}.`, MOTION_MODEL_PATH);
}
