import * as tf from '@tensorflow/tfjs';
import { ModelRestoreError, saveModelArtifacts } from '../train';
import { MOTION_ROW_SIZE } from './clip';
import { temporalLengths, type MotionNetSpec } from './temporal-net';
import { LEGACY_SIZE_SCALE, MOTION_INPUTS, motionInputSize, windowInput } from './window';

/** A trained motion network with what it needs to be used live: its classes and its window. */
export interface MotionModel {
  readonly classNames: readonly string[];
  /** The class that means "no motion": it never fires an event. Null when the person made none. */
  readonly idleClass: string | null;
  readonly spec: MotionNetSpec;
  /** `windows`: [batch, windowFrames, motionInputSize] network inputs → probabilities [batch, classes]; the caller disposes. */
  predict(windows: tf.Tensor3D): tf.Tensor2D;
  /** One window of motion rows ([windowFrames × MOTION_ROW_SIZE], oldest first) → one probability per class. Leaves no tensor. */
  classify(rows: Float32Array): Promise<Float32Array>;
  /** The plain-data form kept in storage, project files and exports; `loadMotionModel` rebuilds it. */
  save(): Promise<SavedMotionModel>;
  dispose(): void;
}

/**
 * Bumped when a saved motion model changes shape; `loadMotionModel` opens every version up to this one.
 * 2: the spec says how the log palm size is scaled (`sizeScale`); version 1 models scaled it by
 * `LEGACY_SIZE_SCALE`.
 */
export const MOTION_MODEL_VERSION = 2;

/** A motion model as plain, structured-cloneable data: what crosses to the engine and goes into files. */
export interface SavedMotionModel {
  readonly kind: 'motion';
  readonly version: number;
  readonly spec: MotionNetSpec;
  readonly classNames: readonly string[];
  readonly idleClass: string | null;
  readonly artifacts: {
    /** The layers-model topology JSON. */
    readonly modelTopology: object;
    readonly weightSpecs: readonly tf.io.WeightsManifestEntry[];
    /** Every weight in `weightSpecs` order, in one buffer. */
    readonly weightData: ArrayBuffer;
  };
}

/** Wraps a network built by `createMotionNetwork(spec, classNames.length, …)`; the model owns it from here on. */
export function createMotionModel(network: tf.LayersModel, spec: MotionNetSpec, classNames: readonly string[], idleClass: string | null): MotionModel {
  const frames = spec.windowFrames;
  const inputs = motionInputSize(spec.input);
  return {
    classNames: [...classNames],
    idleClass,
    spec,
    predict: (windows) => tf.tidy(() => network.predict(windows) as tf.Tensor2D),
    async classify(rows) {
      if (rows.length !== frames * MOTION_ROW_SIZE) throw new RangeError(`The model takes windows of ${frames} rows (${frames * MOTION_ROW_SIZE} values), not ${rows.length} values.`);
      const probabilities = tf.tidy(() => network.predict(tf.tensor3d(windowInput(rows, spec.input, spec.sizeScale), [1, frames, inputs])) as tf.Tensor2D); // [1, classes]
      try {
        return (await probabilities.data()) as Float32Array;
      } finally {
        probabilities.dispose();
      }
    },
    async save() {
      const { modelTopology, weightSpecs, weightData } = await saveModelArtifacts(network);
      if (!modelTopology || modelTopology instanceof ArrayBuffer || !weightSpecs || !weightData) {
        throw new Error('The motion model could not be saved (tf.io handed over no topology or weights).');
      }
      const buffer = Array.isArray(weightData) ? tf.io.concatenateArrayBuffers(weightData) : (weightData as ArrayBuffer);
      return { kind: 'motion', version: MOTION_MODEL_VERSION, spec, classNames: [...classNames], idleClass, artifacts: { modelTopology, weightSpecs, weightData: buffer } };
    },
    dispose: () => network.dispose(),
  };
}

/**
 * Rebuilds a model `MotionModel.save` made (from storage, a project file, the engine). Rejects with a
 * `ModelRestoreError` when the data is not a motion model this version can open or its network does
 * not match what it says of itself. The model is the caller's.
 */
export async function loadMotionModel(saved: SavedMotionModel): Promise<MotionModel> {
  checkSaved(saved);
  const { classNames } = saved;
  const spec = saved.version < 2 ? { ...saved.spec, sizeScale: LEGACY_SIZE_SCALE } : saved.spec;
  const network = await tf.loadLayersModel(tf.io.fromMemory({ ...saved.artifacts, weightSpecs: [...saved.artifacts.weightSpecs] }));
  const input = network.inputs[0]?.shape;
  const output = network.outputs[0]?.shape;
  if (network.inputs.length !== 1 || network.outputs.length !== 1 || input?.[1] !== spec.windowFrames || input[2] !== motionInputSize(spec.input) || output?.[1] !== classNames.length) {
    network.dispose();
    throw new ModelRestoreError(`The saved motion network does not take ${spec.windowFrames} frames of ${motionInputSize(spec.input)} values or does not give ${classNames.length} classes: train again.`);
  }
  return createMotionModel(network, spec, classNames, saved.idleClass);
}

function checkSaved(saved: SavedMotionModel): void {
  if (saved?.kind !== 'motion' || !Number.isInteger(saved.version) || saved.version < 1) throw new ModelRestoreError('This is not a saved motion model: train again.');
  if (saved.version > MOTION_MODEL_VERSION) throw new ModelRestoreError(`This motion model was saved by a newer version of the studio (format ${saved.version}); update the studio or train again.`);
  const { spec, classNames, idleClass } = saved;
  const scaleOk = saved.version < 2 || (spec?.sizeScale > 0 && Number.isFinite(spec.sizeScale));
  const specOk = spec && spec.rate > 0 && Number.isInteger(spec.windowFrames) && spec.windowFrames > 0 && MOTION_INPUTS.includes(spec.input) && Array.isArray(spec.layers) && scaleOk;
  if (!specOk || !Array.isArray(classNames) || classNames.length < 2 || (idleClass !== null && !classNames.includes(idleClass))) {
    throw new ModelRestoreError('The saved motion model does not say what its window and classes are: train again.');
  }
  try {
    temporalLengths(spec.windowFrames, spec.layers);
  } catch (error) {
    throw new ModelRestoreError(`The saved motion model's layers do not fit its window (${(error as Error).message}): train again.`);
  }
}
