import { BACKBONES, EMBEDDING_LAYER, type BackboneId } from '../backbone';
import { headFeatures, type InputMode } from '../dataset';
import { DEFAULT_HAND_BOX_PADDING, LANDMARK_FEATURE_LAYOUT, LANDMARK_FEATURE_SIZE, LANDMARK_OPTIONS } from '../hand';
import {
  DEFAULT_GONE_MS,
  DEFAULT_PEAK_OPTIONS,
  DEFAULT_RESAMPLE_OPTIONS,
  MOTION_ROW_LAYOUT,
  MOTION_ROW_SIZE,
  motionInputSize,
  PATH_SCALE,
  type MotionInput,
  type PeakDetectorOptions,
  type ResampleOptions,
  type SavedMotionModel,
} from '../motion';

/** Names this bundle kind; a reader checks it before trusting anything else in metadata.json. */
export const MODEL_BUNDLE_FORMAT = 'gesture-studio-model';
/**
 * Bumped whenever a reader of an older bundle would misread a newer one. Version 2 adds `fineTuned`;
 * a bundle of a head on the frozen backbone is still written as version 1. `motion` (a motion model
 * in motion/) needs no bump: a reader that does not know it reads the rest as before and leaves it.
 */
export const MODEL_BUNDLE_FORMAT_VERSION = 2;
/**
 * Version of the landmark feature function (lib/hand/landmark-features.ts) the head was trained on;
 * bump it whenever that function's output changes, so old bundles are not fed new features.
 */
export const LANDMARK_FEATURES_VERSION = 1;

export const METADATA_PATH = 'metadata.json';
export const README_PATH = 'README.md';
export const BACKBONE_DIR = 'backbone';
export const HEAD_DIR = 'head';
export const HEAD_WEIGHTS_FILE = 'weights.bin';
/** The motion model's model.json and weights.bin, when the project has one. */
export const MOTION_DIR = 'motion';
/** The hand landmarker the head's landmarks and crops came from, carried by hand-mode bundles. */
export const HAND_MODEL_FILE = 'hand_landmarker.task';
/** The runnable module (and the hand geometry it imports), served from the app's public/gesture-model. */
export const MODULE_FILE = 'gesture-model.js';
export const MODULE_FILES = [MODULE_FILE, 'hand-geometry.js'] as const;
/** The version of `@mediapipe/tasks-vision` the app runs (package.json pins it; a unit test checks they agree). */
export const TASKS_VISION_VERSION = '1.1.0';

/**
 * How each backbone is served under public/models and how the app reads its embedding. The app's
 * loader (lib/backbone) holds the same paths; the export test proves the two agree.
 */
export const BACKBONE_SOURCES: Readonly<Record<BackboneId, { readonly modelPath: string; readonly embedding: BackboneEmbedding; readonly normalization: Normalization }>> = {
  mobilenet_v1_025: {
    modelPath: 'mobilenet_v1_025_224/imagenet/model.json',
    embedding: {
      format: 'graph-model',
      input: 'images',
      node: 'module_apply_default/MobilenetV1/Logits/global_pool',
      then: 'squeeze axes [1, 2]: [n, 1, 1, D] → [n, D]',
    },
    // This TF-Hub graph takes images in [0, 1] (its hub_input does * 2 - 1 itself); lib/backbone asks
    // @tensorflow-models/mobilenet for exactly that range. The parity test pins the two together.
    normalization: { formula: 'x / 255', scale: 1 / 255, offset: 0 },
  },
  mobilenet_v1_075: {
    modelPath: 'mobilenet_v1_075_224/model.json',
    embedding: {
      format: 'layers-model',
      layer: EMBEDDING_LAYER,
      then: 'mean over axes [1, 2] (global average pool): [n, 7, 7, D] → [n, D]',
    },
    normalization: { formula: 'x / 127.5 - 1', scale: 1 / 127.5, offset: -1 },
  },
};

export type BackboneEmbedding =
  | { readonly format: 'graph-model'; readonly input: string; readonly node: string; readonly then: string }
  | { readonly format: 'layers-model'; readonly layer: string; readonly then: string };

export interface Normalization {
  /** Human-readable, applied to float RGB 0..255. */
  readonly formula: string;
  readonly scale: number;
  readonly offset: number;
}

export type ExportCrop =
  | { readonly kind: 'center-square'; readonly description: string }
  | { readonly kind: 'hand'; readonly padding: number; readonly description: string };

export interface HeadInputPart {
  /** 'activations': a fine-tuned network's input, the backbone's output at the cut, not pooled. */
  readonly name: 'embedding' | 'landmarks' | 'activations';
  readonly size: number;
  /** The activations' shape without the batch, [height, width, channels]. */
  readonly shape?: readonly number[];
}

/** What metadata.json says of a fine-tuned network: head/ holds its fine-tuned blocks, backbone/ is read up to the cut. */
export interface FineTunedPart {
  readonly trainableBlocks: 1 | 2;
  /** The layer of backbone/ whose output head/ takes. */
  readonly cutLayer: string;
  /** The backbone layers whose fine-tuned weights are in head/ (backbone/ still holds their ImageNet weights, unused). */
  readonly layers: readonly string[];
}

/** What metadata.json says of the motion model: how to make its input from the hand, frame by frame, and when a motion fires. */
export interface MotionBundlePart {
  readonly modelPath: string;
  /** lib/motion `MOTION_MODEL_VERSION` the model was saved in. */
  readonly version: number;
  /** The model's outputs, in order. */
  readonly labels: readonly string[];
  /** The "no motion" label: it never fires. Null when the project had none. */
  readonly idleClass: string | null;
  /** Rows per second the hand's frames are resampled to. */
  readonly frameRate: number;
  /** Rows the model sees at once (the sliding window). */
  readonly windowFrames: number;
  /** One motion row per frame (a row of `size` values, laid out as `layout`). */
  readonly row: { readonly size: number; readonly layout: typeof MOTION_ROW_LAYOUT; readonly landmarkFeatures: { readonly version: number; readonly options: { readonly rotation: boolean } } };
  /** How a window of rows becomes the model's input [1, windowFrames, size]. */
  readonly input: { readonly kind: MotionInput; readonly size: number; readonly pathScale: number; readonly logSizeScale: number };
  /** How the studio turns irregular frames into rows at `frameRate`. */
  readonly resample: ResampleOptions;
  /** When the studio fires a motion (lib/motion's peak detector), and how long after the hand was last seen it still may (`goneMs`). */
  readonly peak: PeakDetectorOptions & { readonly goneMs: number };
  readonly output: 'softmax probabilities [n, labels.length]';
}

/** Everything metadata.json says. Plain data: safe to JSON.stringify as is. */
export interface ModelBundleMetadata {
  readonly format: typeof MODEL_BUNDLE_FORMAT;
  readonly formatVersion: number;
  readonly createdAt: string;
  readonly versions: { readonly app: string; readonly tfjs: string; readonly format: number };
  /** The head's outputs, in order: probability i is for labels[i]. */
  readonly labels: readonly string[];
  readonly inputSize: { readonly width: number; readonly height: number; readonly channels: 3 };
  readonly inputMode: InputMode;
  readonly backbone: {
    readonly id: BackboneId;
    readonly label: string;
    readonly alpha: number;
    readonly modelPath: string;
    readonly embeddingSize: number;
    readonly embedding: BackboneEmbedding;
  };
  readonly preprocessing: {
    readonly crop: ExportCrop;
    readonly resize: { readonly width: number; readonly height: number; readonly method: 'bilinear'; readonly note: string };
    readonly pixels: { readonly channels: 'RGB'; readonly range: readonly [0, 255]; readonly dtype: 'float32'; readonly layout: 'NHWC [n, 224, 224, 3]' };
    readonly normalization: Normalization;
  };
  readonly head: {
    readonly modelPath: string;
    /**
     * 'concat': one input, the row [embedding, landmarks]; 'branches': one input per part, in this
     * order; 'single': one part only.
     */
    readonly fusion: 'single' | 'concat' | 'branches';
    readonly inputs: readonly HeadInputPart[];
    readonly output: 'softmax probabilities [n, labels.length]';
  };
  /** Null for a head on the frozen backbone (format version 1). */
  readonly fineTuned: (FineTunedPart & { readonly note: string }) | null;
  /**
   * Hand modes: the MediaPipe hand landmarker the studio found the hands with, in the bundle. Another
   * hand model (such as Google's published one) places landmarks differently, and the head would get
   * landmarks and crops unlike those it learnt from.
   */
  readonly handModel: { readonly path: string; readonly note: string } | null;
  /** The ES module that runs this bundle on a web page, and the packages it imports by name. */
  readonly module: { readonly path: typeof MODULE_FILE; readonly imports: { readonly '@tensorflow/tfjs': string; readonly '@mediapipe/tasks-vision': string } };
  /** Null when the head reads no landmarks. */
  readonly landmarks: {
    readonly version: number;
    readonly size: number;
    readonly layout: typeof LANDMARK_FEATURE_LAYOUT;
    readonly options: { readonly rotation: boolean };
    readonly source: string;
    readonly reference: string;
  } | null;
  /** Present when the bundle carries a motion model (motion/). */
  readonly motion?: MotionBundlePart;
}

export interface MetadataInput {
  readonly labels: readonly string[];
  readonly backboneId: BackboneId;
  readonly inputMode: InputMode;
  /** The head's inputs as the saved model has them (one per model input). */
  readonly headInputs: readonly (readonly HeadInputPart[])[];
  readonly appVersion: string;
  readonly tfjsVersion: string;
  readonly date: Date;
  readonly fineTuned?: FineTunedPart;
  /** The project's trained motion model, when it has one. */
  readonly motion?: SavedMotionModel;
}

/**
 * Where the backbone files come from and what of them the head reads: the app's frozen backbone, or
 * for a fine-tuned network the Keras MobileNet it was split from, up to the cut.
 */
export function backboneSource(id: BackboneId, fineTuned?: FineTunedPart): (typeof BACKBONE_SOURCES)[BackboneId] {
  if (!fineTuned) return BACKBONE_SOURCES[id];
  return {
    modelPath: `${id}_224/model.json`,
    embedding: { format: 'layers-model', layer: fineTuned.cutLayer, then: 'nothing: the activations, not pooled, are what head/model.json takes' },
    normalization: { formula: 'x / 127.5 - 1', scale: 1 / 127.5, offset: -1 },
  };
}

export function createMetadata(input: MetadataInput): ModelBundleMetadata {
  const info = BACKBONES[input.backboneId];
  const source = backboneSource(input.backboneId, input.fineTuned);
  const wants = headFeatures(input.inputMode);
  const parts = input.headInputs.flat();
  const fusion = input.headInputs.length > 1 ? 'branches' : parts.length > 1 ? 'concat' : 'single';
  const version = input.fineTuned ? MODEL_BUNDLE_FORMAT_VERSION : 1;
  return {
    format: MODEL_BUNDLE_FORMAT,
    formatVersion: version,
    createdAt: input.date.toISOString(),
    versions: { app: input.appVersion, tfjs: input.tfjsVersion, format: version },
    labels: [...input.labels],
    inputSize: { width: info.inputSize, height: info.inputSize, channels: 3 },
    inputMode: input.inputMode,
    backbone: {
      id: info.id,
      label: info.label,
      alpha: info.alpha,
      modelPath: `${BACKBONE_DIR}/model.json`,
      embeddingSize: info.embeddingSize,
      embedding: source.embedding,
    },
    preprocessing: {
      crop:
        input.inputMode === 'frame'
          ? { kind: 'center-square', description: 'The largest centred square of the image: side = min(width, height), left = floor((width - side) / 2), top = floor((height - side) / 2).' }
          : {
              kind: 'hand',
              padding: DEFAULT_HAND_BOX_PADDING,
              description:
                "A square around the hand: the 21 landmarks' bounding box (in image pixels) made square on its longer side about its centre, grown by `padding` of that side on every side, shrunk to the image's shorter side if wider, then shifted (not shrunk) to lie inside the image. Live video also smooths the box from frame to frame.",
            },
      resize: {
        width: info.inputSize,
        height: info.inputSize,
        method: 'bilinear',
        note: "The app draws the crop onto a 224x224 canvas (drawImage, imageSmoothingQuality 'low'); any bilinear resize gives nearly the same pixels, and the same 224x224 pixels give the same probabilities.",
      },
      pixels: { channels: 'RGB', range: [0, 255], dtype: 'float32', layout: 'NHWC [n, 224, 224, 3]' },
      normalization: source.normalization,
    },
    head: {
      modelPath: `${HEAD_DIR}/model.json`,
      fusion,
      inputs: parts,
      output: 'softmax probabilities [n, labels.length]',
    },
    fineTuned: input.fineTuned
      ? {
          ...input.fineTuned,
          note: `head/model.json holds the fine-tuned weights of ${input.fineTuned.layers.join(', ')} and the new head; backbone/ is the ImageNet MobileNet, run only up to ${input.fineTuned.cutLayer}.`,
        }
      : null,
    handModel:
      input.inputMode === 'frame'
        ? null
        : { path: HAND_MODEL_FILE, note: 'MediaPipe Hand Landmarker (full), built by Gesture Studio from the tflite files of @mediapipe/hands; run it in VIDEO mode, one hand, CPU delegate.' },
    module: { path: MODULE_FILE, imports: { '@tensorflow/tfjs': input.tfjsVersion, '@mediapipe/tasks-vision': TASKS_VISION_VERSION } },
    landmarks: wants.landmarks
      ? {
          version: LANDMARK_FEATURES_VERSION,
          size: LANDMARK_FEATURE_SIZE,
          layout: LANDMARK_FEATURE_LAYOUT,
          options: { rotation: LANDMARK_OPTIONS.rotation },
          source: "MediaPipe Hand Landmarker: 21 normalised landmarks (x, y as fractions of the image's width and height, z relative depth) and handedness ('Left' | 'Right').",
          reference: 'landmarkFeatures in lib/hand/landmark-features.ts of Gesture Studio; README.md describes each step.',
        }
      : null,
    ...(input.motion ? { motion: motionBundlePart(input.motion) } : {}),
  };
}

/** What metadata.json says of `saved`: a reader rebuilding the model checks its part against this. */
export function motionBundlePart(saved: SavedMotionModel): MotionBundlePart {
  const { spec } = saved;
  return {
    modelPath: `${MOTION_DIR}/model.json`,
    version: saved.version,
    labels: [...saved.classNames],
    idleClass: saved.idleClass,
    frameRate: spec.rate,
    windowFrames: spec.windowFrames,
    row: { size: MOTION_ROW_SIZE, layout: MOTION_ROW_LAYOUT, landmarkFeatures: { version: LANDMARK_FEATURES_VERSION, options: { rotation: LANDMARK_OPTIONS.rotation } } },
    input: { kind: spec.input, size: motionInputSize(spec.input), pathScale: PATH_SCALE, logSizeScale: spec.sizeScale },
    resample: { ...DEFAULT_RESAMPLE_OPTIONS, rate: spec.rate },
    peak: { ...DEFAULT_PEAK_OPTIONS, goneMs: DEFAULT_GONE_MS },
    output: 'softmax probabilities [n, labels.length]',
  };
}
