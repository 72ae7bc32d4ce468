/**
 * Runs a model exported from Gesture Studio on any web page, the way the studio runs it: MediaPipe's
 * hand landmarker finds the hand, a square around it (steadied from frame to frame) is cropped to
 * 224x224, MobileNet embeds the crop, and the head turns the embedding and the hand's landmark
 * features into one probability per label. A whole-frame model crops the frame's centre square.
 *
 * It imports `@tensorflow/tfjs` and `@mediapipe/tasks-vision` by their package names: a page maps
 * them with an import map (README.md shows one), a bundler resolves them from node_modules. Nothing
 * is sent anywhere; the files are read from where the bundle is served.
 *
 * The hand crop and landmark features come from ./hand-geometry.js, generated from the studio's own
 * code. What differs from the studio: when the tracker loses the hand, the studio also searches a few
 * still views of the frame for it; this module waits for the tracker to find the hand again.
 */
import * as tf from '@tensorflow/tfjs';
import { FilesetResolver, HandLandmarker } from '@mediapipe/tasks-vision';
import { centerSquare, createBoxSmoother, handFocus, LANDMARK_FEATURE_SIZE } from './hand-geometry.js';

export * from './hand-geometry.js';

/** What metadata.json must say it is. */
export const MODEL_FORMAT = 'gesture-studio-model';
/** The newest bundle format this module reads (2: a fine-tuned network). */
export const READS_FORMAT_VERSION = 2;
/** The landmark features hand-geometry.js computes; a head trained on another version is refused. */
export const LANDMARK_FEATURES_VERSION = 1;
/** The backbone's input side, in pixels. */
export const INPUT_SIZE = 224;

/**
 * @typedef {{ x: number, y: number, z: number }} Landmark
 *   MediaPipe's normalised landmark: x and y as fractions of the image's width and height.
 * @typedef {{ landmarks: Landmark[], handedness: 'Left' | 'Right', score: number }} Hand
 * @typedef {{ x: number, y: number, size: number }} CropBox  A square of the frame, in pixels.
 * @typedef {object} Prediction
 * @property {string} label        The most likely label.
 * @property {number} confidence   Its probability.
 * @property {Float32Array} probabilities  One per label, in the order of `model.labels`.
 * @property {Hand | null} hand     The hand found (null for a whole-frame model).
 * @property {CropBox} box          The square the backbone saw.
 * @typedef {(path: string) => Promise<Uint8Array>} ReadFile
 *   Reads one file of the bundle by its path in the bundle (e.g. 'head/model.json').
 * @typedef {object} GestureModel
 * @property {any} metadata         The bundle's metadata.json.
 * @property {string[]} labels
 * @property {Prediction | null} latest  The last prediction (null: no hand in view), for code that polls.
 * @property {(source: CanvasImageSource, timestampMs?: number) => Promise<Prediction | null>} predict
 *   Classifies one video frame (frames of one video, in order: the hand is tracked across them).
 *   Resolves to null when a hand model finds no hand.
 * @property {(video: HTMLVideoElement, onPrediction: (p: Prediction | null) => void, onError?: (error: unknown) => void) => () => void} run
 *   Predicts every new frame of a playing video, one at a time, starting afresh; returns the stop.
 * @property {() => void} restart  Forgets the hand followed so far, as for a new video.
 * @property {() => void} close     Frees the models.
 */

/**
 * Loads the bundle served at `base` (a URL, relative to the page: './' when the page sits in the
 * unzipped bundle). `options.wasm` is the folder of `@mediapipe/tasks-vision`'s WASM files, needed
 * by models that find the hand; `options.read` replaces fetching (e.g. files from a zip in memory).
 * @param {string} [base]
 * @param {{ wasm?: string, read?: ReadFile }} [options]
 * @returns {Promise<GestureModel>}
 */
export async function loadGestureModel(base = './', options = {}) {
  const read = options.read ?? fetchFiles(base);
  const metadata = checkMetadata(JSON.parse(new TextDecoder().decode(await read('metadata.json'))));
  const handModel = metadata.preprocessing.crop.kind === 'hand';
  if (handModel && !options.wasm) throw new Error('This model finds the hand first: pass `wasm`, the folder of @mediapipe/tasks-vision’s WASM files.');
  const classifier = await loadClassifier(metadata, read);
  let tracker = null;
  try {
    tracker = handModel ? await loadHandTracker(await read(metadata.handModel?.path ?? 'hand_landmarker.task'), /** @type {string} */ (options.wasm)) : null;
  } catch (error) {
    classifier.dispose();
    throw error;
  }
  const canvas = createCanvas(INPUT_SIZE, INPUT_SIZE);
  const context = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d', { willReadFrequently: true }));
  /** @type {{ width: number, height: number, boxes: ReturnType<typeof createBoxSmoother> } | null} */
  let smoother = null;

  /** @type {GestureModel} */
  const model = {
    metadata,
    labels: [...metadata.labels],
    latest: null,
    async predict(source, timestampMs = performance.now()) {
      // The studio classifies an ImageBitmap of each video frame: the same pixels here.
      const frame = await createImageBitmap(source);
      try {
        const { width, height } = frame;
        let box = centerSquare(width, height);
        /** @type {Hand | null} */
        let hand = null;
        /** @type {Float32Array | null} */
        let features = null;
        if (tracker) {
          hand = tracker.detect(frame, timestampMs);
          const focus = hand ? handFocus(hand, width, height) : null;
          if (smoother?.width !== width || smoother.height !== height) smoother = { width, height, boxes: createBoxSmoother({ frameWidth: width, frameHeight: height }) };
          const steadied = smoother.boxes.next(focus?.box ?? null);
          if (!hand || !focus || !steadied) return (model.latest = null);
          box = steadied;
          features = focus.landmarks;
        }
        const pixels = classifier.needsPixels ? cropPixels(context, frame, box) : null;
        const probabilities = await classifier.predict(pixels, features);
        let top = 0;
        for (let i = 1; i < probabilities.length; i += 1) if (probabilities[i] > probabilities[top]) top = i;
        return (model.latest = { label: metadata.labels[top], confidence: probabilities[top], probabilities, hand, box });
      } finally {
        frame.close();
      }
    },
    restart() {
      tracker?.restart();
      smoother = null;
    },
    run(video, onPrediction, onError = (error) => reportError(error)) {
      // A new stream, as the studio starts one when its camera starts: the same frames then give
      // the same predictions as there.
      model.restart();
      let running = true;
      const next = () => {
        if (!running) return;
        if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(tick);
        else requestAnimationFrame(tick);
      };
      const tick = async () => {
        if (video.readyState < 2 || video.videoWidth === 0) return next();
        try {
          const prediction = await model.predict(video, performance.now());
          if (running) onPrediction(prediction);
          next();
        } catch (error) {
          running = false;
          onError(error);
        }
      };
      next();
      return () => {
        running = false;
      };
    },
    close() {
      classifier.dispose();
      tracker?.close();
    },
  };
  return model;
}

/**
 * Checks that metadata.json describes a model this module runs, and returns it. Throws an Error
 * whose message says what is wrong.
 * @param {any} metadata
 */
export function checkMetadata(metadata) {
  if (metadata?.format !== MODEL_FORMAT) throw new Error('metadata.json does not describe a Gesture Studio model.');
  if (!(metadata.formatVersion <= READS_FORMAT_VERSION)) {
    throw new Error(`This bundle has format version ${metadata.formatVersion}; this gesture-model.js reads up to ${READS_FORMAT_VERSION}.`);
  }
  const needsLandmarks = metadata.head.inputs.some((/** @type {{ name: string }} */ part) => part.name === 'landmarks');
  if (needsLandmarks && (metadata.landmarks?.version !== LANDMARK_FEATURES_VERSION || metadata.landmarks.size !== LANDMARK_FEATURE_SIZE)) {
    throw new Error(`The head reads landmark features version ${metadata.landmarks?.version}; this gesture-model.js computes version ${LANDMARK_FEATURES_VERSION}.`);
  }
  return metadata;
}

/**
 * The bundle's networks, loaded from its files: `predict(pixels, landmarks)` takes the 224x224 crop
 * (RGB floats 0..255, [224 * 224 * 3], or null for a landmarks-only model) and the hand's landmark
 * features, and resolves to the probabilities. `classify` is the same on tensors, synchronous, for
 * use inside `tf.tidy`: pixels [n, 224, 224, 3] and landmarks [n, 87] → probabilities [n, labels],
 * which the caller disposes.
 * @param {any} metadata  checked by `checkMetadata`
 * @param {ReadFile} read
 */
export async function loadClassifier(metadata, read) {
  const how = metadata.backbone.embedding;
  const parts = metadata.head.inputs.map((/** @type {{ name: string }} */ part) => part.name);
  const usesPixels = parts.includes('embedding') || parts.includes('activations');
  const backboneArtifacts = usesPixels ? await readArtifacts(read, metadata.backbone.modelPath) : null;
  const head = await tf.loadLayersModel(tf.io.fromMemory(await readArtifacts(read, metadata.head.modelPath)));
  /** @type {tf.GraphModel | null} */
  let graph = null;
  /** @type {tf.LayersModel | null} */
  let layers = null;
  try {
    if (backboneArtifacts && how.format === 'graph-model') graph = await tf.loadGraphModel(tf.io.fromMemory(backboneArtifacts));
    else if (backboneArtifacts && how.format === 'layers-model') layers = await tf.loadLayersModel(tf.io.fromMemory(backboneArtifacts));
    else if (backboneArtifacts) throw new Error(`This gesture-model.js cannot run a backbone of format ${how.format}.`);
  } catch (error) {
    head.dispose();
    throw error;
  }
  const cut = layers ? tf.model({ inputs: layers.inputs, outputs: /** @type {tf.SymbolicTensor} */ (layers.getLayer(how.layer).output) }) : null;
  const { scale, offset } = metadata.preprocessing.normalization;

  /** The backbone's output the head reads: the pooled embedding [n, D], or a fine-tuned network's activations at the cut. */
  const backboneOutput = (/** @type {tf.Tensor4D} */ pixels) => {
    const x = tf.add(tf.mul(pixels, scale), offset);
    if (graph) return tf.squeeze(/** @type {tf.Tensor4D} */ (graph.execute(x, how.node)), [1, 2]); // [n, D]
    const activations = /** @type {tf.Tensor4D} */ (/** @type {tf.LayersModel} */ (cut).predict(x)); // [n, h, w, c]
    return metadata.fineTuned ? activations : tf.mean(activations, [1, 2]); // [n, D]
  };

  /**
   * @param {tf.Tensor4D | null} pixels
   * @param {tf.Tensor2D | null} landmarks
   * @returns {tf.Tensor2D}
   */
  const classify = (pixels, landmarks) =>
    tf.tidy(() => {
      const output = usesPixels ? backboneOutput(/** @type {tf.Tensor4D} */ (pixels)) : null;
      const inputs = parts.map((/** @type {string} */ name) => (name === 'landmarks' ? landmarks : output));
      if (inputs.some((/** @type {unknown} */ input) => input === null)) throw new Error('This model needs the crop’s pixels and the hand’s landmark features.');
      const input = metadata.head.fusion === 'branches' ? inputs : inputs.length === 1 ? inputs[0] : tf.concat(inputs, 1);
      return /** @type {tf.Tensor2D} */ (head.predict(input));
    });

  return {
    needsPixels: usesPixels,
    classify,
    /**
     * @param {Float32Array | null} rgb  [224 * 224 * 3]
     * @param {Float32Array | null} features  [87]
     * @returns {Promise<Float32Array>}
     */
    async predict(rgb, features) {
      const probabilities = tf.tidy(() =>
        classify(rgb ? tf.tensor4d(rgb, [1, INPUT_SIZE, INPUT_SIZE, 3]) : null, features ? tf.tensor2d(features, [1, features.length]) : null),
      );
      try {
        return /** @type {Float32Array} */ (await probabilities.data());
      } finally {
        probabilities.dispose();
      }
    },
    dispose() {
      head.dispose();
      graph?.dispose();
      // `cut` reuses the layers of `layers`: disposing `layers` frees them all.
      layers?.dispose();
    },
  };
}

/**
 * MediaPipe's hand landmarker in VIDEO mode, one hand, as the studio runs it.
 * @param {Uint8Array} modelBytes  hand_landmarker.task
 * @param {string} wasm
 */
async function loadHandTracker(modelBytes, wasm) {
  const fileset = await FilesetResolver.forVisionTasks(wasm);
  const canvas = typeof OffscreenCanvas === 'undefined' ? undefined : new OffscreenCanvas(1, 1);
  const landmarker = await HandLandmarker.createFromOptions(fileset, { baseOptions: { modelAssetBuffer: modelBytes, delegate: 'CPU' }, runningMode: 'VIDEO', numHands: 1, canvas });
  // Its first call builds the graph (over a second): pay it now, on a blank frame at time 0, as the
  // studio does. A blank frame (no hand) is also how it forgets a hand it was following.
  const blank = createCanvas(64, 64);
  /** @type {CanvasRenderingContext2D} */ (blank.getContext('2d')).fillRect(0, 0, 64, 64);
  landmarker.detectForVideo(blank, 0);
  let last = 0;
  return {
    restart() {
      last += 1;
      landmarker.detectForVideo(blank, last);
    },
    /**
     * @param {ImageBitmap} frame
     * @param {number} timestampMs
     * @returns {Hand | null}
     */
    detect(frame, timestampMs) {
      // MediaPipe rejects a timestamp that does not increase.
      last = Math.max(timestampMs, last + 1);
      const result = landmarker.detectForVideo(frame, last);
      const landmarks = result.landmarks[0];
      const category = result.handedness[0]?.[0];
      if (!landmarks || !category) return null;
      return { landmarks: landmarks.map(({ x, y, z }) => ({ x, y, z })), handedness: category.categoryName === 'Left' ? 'Left' : 'Right', score: category.score };
    },
    close: () => landmarker.close(),
  };
}

/**
 * The crop as the studio makes it: drawn onto a 224x224 canvas (low-quality smoothing, i.e.
 * bilinear), read back as RGB floats 0..255.
 * @param {CanvasRenderingContext2D} context
 * @param {ImageBitmap} frame
 * @param {CropBox} box
 */
function cropPixels(context, frame, box) {
  context.imageSmoothingQuality = 'low';
  context.drawImage(frame, box.x, box.y, box.size, box.size, 0, 0, INPUT_SIZE, INPUT_SIZE);
  const rgba = context.getImageData(0, 0, INPUT_SIZE, INPUT_SIZE).data;
  const rgb = new Float32Array(INPUT_SIZE * INPUT_SIZE * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i];
    rgb[j + 1] = rgba[i + 1];
    rgb[j + 2] = rgba[i + 2];
  }
  return rgb;
}

/** An OffscreenCanvas where there is one (as in the studio's ML worker), else a page canvas. */
function createCanvas(/** @type {number} */ width, /** @type {number} */ height) {
  if (typeof OffscreenCanvas !== 'undefined') return /** @type {HTMLCanvasElement} */ (/** @type {unknown} */ (new OffscreenCanvas(width, height)));
  return Object.assign(document.createElement('canvas'), { width, height });
}

/**
 * A TF.js model.json and its weight files as in-memory artifacts, the shards joined in manifest order.
 * @param {ReadFile} read
 * @param {string} modelJsonPath
 * @returns {Promise<tf.io.ModelArtifacts>}
 */
export async function readArtifacts(read, modelJsonPath) {
  const dir = modelJsonPath.slice(0, modelJsonPath.lastIndexOf('/') + 1);
  const json = JSON.parse(new TextDecoder().decode(await read(modelJsonPath)));
  const groups = /** @type {{ paths: string[], weights: tf.io.WeightsManifestEntry[] }[]} */ (json.weightsManifest);
  const shards = await Promise.all(groups.flatMap((group) => group.paths).map((path) => read(dir + path)));
  const weightData = tf.io.concatenateArrayBuffers(shards.map((shard) => shard.slice().buffer));
  return { modelTopology: json.modelTopology, format: json.format, weightSpecs: groups.flatMap((group) => group.weights), weightData };
}

/**
 * Fetches bundle files from `base`, relative to the page.
 * @param {string} base
 * @returns {ReadFile}
 */
function fetchFiles(base) {
  const root = new URL(base.endsWith('/') ? base : `${base}/`, globalThis.location?.href);
  return async (path) => {
    const response = await fetch(new URL(path, root));
    if (!response.ok) throw new Error(`${path} could not be read from ${root.href} (HTTP ${response.status}).`);
    return new Uint8Array(await response.arrayBuffer());
  };
}
