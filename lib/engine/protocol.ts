import type { AugmentSettings } from '../augment';
import type { BackboneFiles, BackboneId } from '../backbone';
import type { AugmentedViews, Dataset, InputMode, TrainingSet } from '../dataset';
import type { HandDetection } from '../hand';
import type { CropBox } from '../image';
import type { EmbedFilesResult } from '../ingest';
import type { MotionStep, MotionTrainingSet, MotionTrainParams, SavedMotionModel } from '../motion';
import type { FolderEvaluation, TrainedModel } from '../pipeline';
import type { ProjectHead } from '../project';
import type { CheckClass, RobustnessReport } from '../robustness';
import type { BackendChoice, BackendOptions, BackendReport } from '../tf';
import type { EpochReport, Strategy, TrainParams } from '../train';

/**
 * The ML engine's whole surface: everything that runs a network (hand tracking, the backbone, the
 * live model, augmentation, training, and the jobs on files: embedding, evaluation, the robustness
 * check) sits behind this interface. The studio talks to it through a
 * Web Worker (lib/engine/engine.worker.ts, via Comlink), so none of that work blocks the page; the
 * same implementation can also run in the page (`?engine=main`), which is the baseline the
 * responsiveness benchmark compares with, and the fallback when a worker cannot start.
 * Every argument and result is structured-cloneable; bitmaps and buffers are transferred. Long jobs
 * take a caller-chosen id, report progress through a callback and stop with `cancel(id)`.
 */
export interface Engine {
  /**
   * Chooses the TF.js backend (probing when 'auto') and loads the backbone on it, replacing what was
   * loaded; the live model is rebuilt on the new backend. The backbone is the app's (by id, from
   * public/models) or a model bundle's files (the player), which a fine-tuned network is then split
   * from too. Rejects with a sentence when it cannot. `options.wasmThreads: 'one'` holds WASM to one
   * thread (the bench's baseline); the first load fixes it for the engine's life.
   */
  load(choice: BackendChoice, backbone: BackboneId | BackboneFiles, options?: BackendOptions): Promise<BackendReport>;
  /**
   * Loads the hand tracker (once): with `handModel` (a bundle's hand_landmarker.task) that model
   * tracks and finds hands, else the app's. Resolves to null, or to the sentence saying why it could not start.
   */
  loadHands(handModel?: Uint8Array): Promise<string | null>;
  /** The model live frames are classified with (a saved head or fine-tuned network), or none. */
  setModel(model: EngineModel | null): Promise<void>;
  /** The motion model live frames are fed to (lib/motion), or none; each new one starts its window afresh. Rejects with a `ModelRestoreError`'s sentence when it cannot be loaded. */
  setMotionModel(model: SavedMotionModel | null): Promise<void>;
  /** Trains a motion model on recorded clips (lib/motion); resolves to null when cancelled (`cancelTraining`). */
  trainMotion(request: MotionTrainRequest, progress: Pick<TrainProgress, 'onEpoch'>): Promise<EngineMotionTrainResult | null>;
  /** Runs one video frame through the per-frame path. The bitmap is the engine's: it closes it. */
  processFrame(frame: ImageBitmap, request: FrameRequest): Promise<EngineFrame>;
  /** A sample's augmented views (embedded), for training with augmentation. */
  augmentViews(sampleId: string, image: Blob, settings: AugmentSettings, findHand: boolean): Promise<AugmentedViews>;
  /** Trains a model with the loaded backbone; resolves to null when cancelled. */
  train(request: EngineTrainRequest, progress: TrainProgress): Promise<EngineTrainResult | null>;
  /** Stops the training run in progress, pose or motion (it resolves to null). */
  cancelTraining(): void;
  /**
   * Embeds image files with the loaded backbone, each cropped to the centre square, or with `hand`
   * to the hand the still-image search finds (a readable image without one fails as 'no-hand').
   * Results and failures name files by their index in `files`.
   */
  embedFiles(request: EmbedFilesRequest, progress: JobProgress): Promise<EngineEmbedResult>;
  /** Evaluates the live model (`setModel`) on a picked folder whose subfolders name classes; null when cancelled. Rejects with a sentence when it cannot. */
  evaluate(request: EvaluateRequest, progress: JobProgress): Promise<FolderEvaluation | null>;
  /** The robustness check of the live model on a few of its samples moved into other scenes (lib/robustness); null when cancelled. */
  checkRobustness(request: RobustnessRequest, progress: JobProgress): Promise<RobustnessReport | null>;
  /** Stops a job (embedding, evaluation, robustness check): it resolves as cancelled. A job of a backend being left stops by itself. */
  cancel(job: JobId): void;
  /** tf.memory().numTensors where the engine runs; null until a backbone is loaded (an uninitialised backend throws). */
  tensors(): Promise<number | null>;
}

/**
 * For `npm run bench` (lib/bench): each call times one part of the per-frame path alone, inside the
 * engine, so no message passing is counted in it. The live loop, the fused loop and recording are
 * timed through `Engine.processFrame`, the way the studio calls it. Bitmaps are the engine's: it
 * closes them.
 */
export interface EngineBench {
  /** ms of one bare backbone pass (embed and read back) on the frame's centre square, cropped before the clock starts. */
  timeBackbone(frame: ImageBitmap): Promise<number>;
  /** One bare `detectVideo` of the loaded hand tracker (`loadHands`); rejects when it is not loaded. */
  timeHandTracker(frame: ImageBitmap, timestampMs: number): Promise<HandTrackerTiming>;
  /**
   * ms of one live motion step (lib/motion's recognizer: a frame's row resampled into the sliding
   * window, the window classified) with an untrained motion network of the default shape and
   * `classes` classes on the loaded backend: what recognising motions adds to each live frame.
   */
  timeMotionStep(classes: number): Promise<number>;
  /** Trains a head on `set` with the default settings and every epoch (no early stopping: backends stay comparable). */
  timeHeadTraining(set: TrainingSet): Promise<HeadTrainingTiming>;
}

export interface HandTrackerTiming {
  readonly ms: number;
  /** A frame without a hand times the palm detector's search instead: the bench reports no figure then. */
  readonly found: boolean;
}

export interface HeadTrainingTiming {
  readonly seconds: number;
  readonly epochs: number;
  readonly validationAccuracy: number | null;
}

/** A live model as the engine receives it: its saved form (lib/pipeline `savedModelOf`) and the backbone it was made with. */
export type EngineModel = ProjectHead & { readonly backboneId: BackboneId };

export interface FrameRequest {
  /** Run the backbone on the frame (it is being recorded or classified). */
  readonly embed: boolean;
  /** Classify with the live model, when one is set. */
  readonly classify: boolean;
  /** Keep the crop the backbone saw as a sample image. */
  readonly keepImage: boolean;
  /** Hand modes: track the hand and crop to it; nothing runs without a hand. */
  readonly hand: boolean;
  /** Increasing from frame to frame (the hand tracker follows the hand through time). */
  readonly timestampMs: number;
  /**
   * The first frame of a new stream (the camera started, or the loop restarted on a new backend):
   * the hand tracker and the steadied crop box start afresh, so the same frames give the same
   * results in every stream, and in every player of an exported model.
   */
  readonly restart?: boolean;
  /**
   * Motions: track the hand (in every mode) and return the frame's motion row; with a motion model
   * set, the row goes to its recognizer too.
   */
  readonly motion?: boolean;
}

/** One processed frame; see lib/live `ProcessedFrame`, whose fields it carries across the thread boundary. */
export interface EngineFrame {
  readonly embedding: Float32Array | null;
  readonly probabilities: Float32Array | null;
  readonly image: Blob | null;
  readonly hand: HandDetection | null;
  readonly tracked: boolean;
  readonly box: CropBox | null;
  readonly landmarks: Float32Array | null;
  /** Time in the engine, from receiving the frame to having probabilities. */
  readonly latencyMs: number;
  /** tf.memory().numTensors in the engine after the frame: flat while the loop runs, or something leaks. */
  readonly tensors: number | null;
  /** The live model's class names, when it classified the frame. */
  readonly classNames: readonly string[] | null;
  /** With `motion`: the frame's motion row (lib/motion `motionRow`), or null when no hand was found. */
  readonly motionRow: Float32Array | null;
  /** With `motion` and a motion model set: the recognizer's step for this frame. */
  readonly motion: MotionStep | null;
}

export interface EngineTrainRequest {
  readonly dataset: Dataset;
  readonly strategy: Strategy;
  readonly augment: AugmentSettings;
  readonly params: TrainParams;
  readonly mode: InputMode;
}

export interface MotionTrainRequest {
  readonly set: MotionTrainingSet;
  readonly params?: Partial<MotionTrainParams>;
}

/** A trained motion model in its saved form, with its training record and how it does on its held-out clips. */
export interface EngineMotionTrainResult {
  readonly saved: SavedMotionModel;
  readonly history: readonly EpochReport[];
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  /** Accuracy on the held-out clips of the best epoch (null when none were held out). */
  readonly validationAccuracy: number | null;
}

/** Progress of a training run, called from the engine (a Comlink proxy when it runs in a worker). */
export interface TrainProgress {
  onEpoch(report: EpochReport): void;
  onStage(label: string, done: number, total: number): void;
}

/** A trained model leaves the engine in its saved form; the page rebuilds its own copy from it. */
export type EngineTrainResult = Omit<TrainedModel, 'model'> & { readonly saved: EngineModel };

/** Names a job (embedding files, evaluating, the robustness check) so `cancel` can reach it: an AbortSignal cannot cross to a worker. */
export type JobId = string;

/** Progress of a job in items done of a total (a Comlink proxy when the engine runs in a worker). */
export type JobProgress = (done: number, total: number) => void;

interface JobRequest {
  readonly job: JobId;
}

export interface EmbedFilesRequest extends JobRequest {
  readonly files: readonly File[];
  /** Crop to the hand found in each image (the hand modes) instead of the centre square. */
  readonly hand: boolean;
}

/** What `embedFiles` made, with files named by their index in the request, and the backbone that embedded them. */
export type EngineEmbedResult = EmbedFilesResult<number> & { readonly backboneId: BackboneId };

/** A picked file as it crosses to the engine: structured cloning keeps its name and bytes but drops its folder path. */
export interface FolderFile {
  readonly file: File;
  /** `webkitRelativePath`: `<picked folder>/<class>/<name>`. */
  readonly path: string;
}

export interface EvaluateRequest extends JobRequest {
  readonly files: readonly FolderFile[];
}

export interface RobustnessRequest extends JobRequest {
  /** The classes the model was trained on, with their samples' images. */
  readonly classes: readonly CheckClass[];
}
