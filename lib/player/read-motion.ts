import type { io } from '@tensorflow/tfjs';
import { LANDMARK_FEATURES_VERSION, motionBundlePart, type MotionBundlePart } from '../export';
import { LANDMARK_OPTIONS } from '../hand';
import { DEFAULT_GONE_MS, DEFAULT_PEAK_OPTIONS, DEFAULT_RESAMPLE_OPTIONS, LEGACY_MAX_GAP_MS, MOTION_INPUTS, MOTION_MODEL_VERSION, motionInputSize, temporalLengths, type MotionInput, type MotionNetSpec, type SavedMotionModel, type TemporalConv } from '../motion';
import { isSafeEntryName, MOTION_LIMITS } from '../project';
import { bad, badModel, BundleError, distinctNames, record, sameJson } from './bundle-checks';

/**
 * Checks metadata.json's `motion` part before any of its files is read: where the model is, its
 * version, labels, window, input and landmark features. The rest of what it says (rows, input
 * scaling, resampling, peaks) `savedMotionModel` checks against the model it rebuilds.
 */
export function checkMotionPart(value: unknown): MotionBundlePart {
  const part = record(value);
  const path = part?.modelPath;
  if (!part || typeof path !== 'string' || !isSafeEntryName(path) || !path.endsWith('/model.json')) bad('its motion model path is not a file of the bundle');
  const version = part.version as number;
  if (!Number.isInteger(version) || version < 1) bad('its motion model has no version');
  if (version > MOTION_MODEL_VERSION) {
    throw new BundleError(
      'newer-version',
      `This bundle’s motion model was made by a newer Gesture Studio (motion model version ${version}; this player reads up to ${MOTION_MODEL_VERSION}): open it in that version’s player, or export the model again from this one.`,
    );
  }
  const labels = part.labels;
  if (!distinctNames(labels)) bad('its motion labels are not two or more different names');
  if (part.idleClass !== null && !labels.includes(part.idleClass as string)) bad('its “no motion” class is not one of its motion labels');
  const rate = part.frameRate as number;
  const frames = part.windowFrames as number;
  const window = rate > 0 && rate <= MOTION_LIMITS.rate && Number.isInteger(frames) && frames >= 1 && frames <= MOTION_LIMITS.clipFrames;
  if (!window || !MOTION_INPUTS.includes(record(part.input)?.kind as MotionInput)) bad('its motion window or input is not one this player knows');
  const features = record(record(part.row)?.landmarkFeatures);
  if (features?.version !== LANDMARK_FEATURES_VERSION || record(features.options)?.rotation !== LANDMARK_OPTIONS.rotation) {
    throw new BundleError(
      'landmark-version',
      `This bundle’s motion model was trained on landmark features version ${JSON.stringify(features?.version ?? null)}, but this player computes version ${LANDMARK_FEATURES_VERSION}: export the model again from a Gesture Studio of this version.`,
    );
  }
  return part as unknown as MotionBundlePart;
}

/**
 * The motion model as the engine takes it (`Engine.setMotionModel`), from the part and its files.
 * A bundle does not list the network's layers: they are read back from its topology, which must be
 * the network lib/motion builds, and the part must say of it exactly what the exporter would.
 */
export function savedMotionModel(part: MotionBundlePart, artifacts: io.ModelArtifacts): SavedMotionModel {
  const spec = specOf(artifacts.modelTopology, part);
  const saved: SavedMotionModel = {
    kind: 'motion',
    version: part.version,
    spec,
    classNames: [...part.labels],
    idleClass: part.idleClass,
    artifacts: { modelTopology: artifacts.modelTopology as object, weightSpecs: artifacts.weightSpecs ?? [], weightData: artifacts.weightData as ArrayBuffer },
  };
  // A bundle exported before the saturation level, before a label yielded to a rival, or before a
  // new hand settled and a gone hand stopped the window, says nothing of them: the player fires a
  // saturated bar one row sooner than that studio did, holds back the start of a motion that another
  // one takes over, skips a newly found hand's first rows and fires nothing once the hand has gone.
  // One exported before two missed frames were bridged says 250 ms: the player bridges today's gap.
  const said = withDefaults(withDefaults(withTodaysGap(part), 'peak', { ...DEFAULT_PEAK_OPTIONS, goneMs: DEFAULT_GONE_MS }), 'resample', DEFAULT_RESAMPLE_OPTIONS);
  if (!sameJson(motionBundlePart(saved), said)) bad('its motion part describes rows, input scaling, resampling or peaks other than this player’s');
  return saved;
}

/** `part` with an earlier studio's bridged gap read as this player's (the network does not depend on it). */
function withTodaysGap(part: MotionBundlePart): MotionBundlePart {
  const given = record(part.resample);
  return given?.maxGapMs === LEGACY_MAX_GAP_MS ? { ...part, resample: { ...given, maxGapMs: DEFAULT_RESAMPLE_OPTIONS.maxGapMs } as MotionBundlePart['resample'] } : part;
}

/** `part` with the keys of `defaults` its `key` part lacks filled in from them. */
function withDefaults(part: MotionBundlePart, key: 'peak' | 'resample', defaults: object): MotionBundlePart {
  const given = record(part[key]);
  if (!given) return part;
  const missing = Object.entries(defaults).filter(([name]) => !(name in given));
  return missing.length > 0 ? { ...part, [key]: { ...given, ...Object.fromEntries(missing) } } : part;
}

/** Conv1D ReLU × n → global pooling over time → dropout (when trained with it) → dense softmax: what `createMotionNetwork` makes. */
function specOf(topology: unknown, part: MotionBundlePart): MotionNetSpec {
  const not = (what: string): never => badModel(part.modelPath, `${what}, not the motion network Gesture Studio trains`);
  const model = record(topology);
  const layers = model?.class_name === 'Sequential' && Array.isArray(record(model.config)?.layers) ? (record(model.config)?.layers as unknown[]).map(record) : [];
  const convs: TemporalConv[] = [];
  let at = 0;
  for (; layers[at]?.class_name === 'Conv1D'; at += 1) convs.push(convOf(record(layers[at]?.config)) ?? not(`its convolution ${at + 1} is of another kind`));
  if (convs.length === 0 || convs.length > MOTION_LIMITS.layers) not('it has no convolutions over time, or too many');
  const inputShape = record(layers[0]?.config)?.batch_input_shape;
  if (!sameJson(inputShape, [null, part.windowFrames, motionInputSize(part.input.kind)])) not(`it does not take ${part.windowFrames} frames of ${motionInputSize(part.input.kind)} values`);
  const pooling = { GlobalAveragePooling1D: 'avg', GlobalMaxPooling1D: 'max' }[String(layers[at++]?.class_name)] as 'avg' | 'max' | undefined;
  const dropoutRate = layers[at]?.class_name === 'Dropout' ? record(layers[at++]?.config)?.rate : 0;
  const dense = record(layers[at]?.config);
  const dropout = typeof dropoutRate === 'number' && dropoutRate >= 0 && dropoutRate < 1 ? dropoutRate : not('its dropout is out of range');
  if (!pooling || layers[at]?.class_name !== 'Dense' || dense?.activation !== 'softmax' || dense.units !== part.labels.length || at !== layers.length - 1) {
    not(`it does not pool over time into ${part.labels.length} probabilities`);
  }
  try {
    temporalLengths(part.windowFrames, convs);
  } catch {
    not(`its convolutions do not fit its window of ${part.windowFrames} frames`);
  }
  const sizeScale = part.input.logSizeScale;
  if (!(sizeScale > 0 && sizeScale <= MOTION_LIMITS.sizeScale)) bad('its motion input scaling is out of range');
  return { rate: part.frameRate, windowFrames: part.windowFrames, input: part.input.kind, sizeScale, layers: convs, pooling: pooling as 'avg' | 'max', dropout };
}

function convOf(config: Record<string, unknown> | null): TemporalConv | null {
  const [kernel] = Array.isArray(config?.kernel_size) ? config.kernel_size : [];
  const [stride] = Array.isArray(config?.strides) ? config.strides : [];
  const { filters, padding, activation } = config ?? {};
  const whole = (n: unknown, max: number): n is number => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= max;
  const plain = activation === 'relu' && (config?.dilation_rate === undefined || sameJson(config.dilation_rate, [1]));
  if (!whole(filters, MOTION_LIMITS.filters) || !whole(kernel, MOTION_LIMITS.clipFrames) || !whole(stride, MOTION_LIMITS.clipFrames) || (padding !== 'same' && padding !== 'valid') || !plain) return null;
  return { filters, kernel, stride, padding };
}
