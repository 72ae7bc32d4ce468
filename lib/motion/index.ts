/**
 * Motion gestures — swipes, waves, circles, pushes — learned in the page with a convolution over
 * time. This folder is the pure core (all of it runs and is unit-tested in Node on TF.js's CPU
 * backend); nothing here touches the camera, the engine, storage or React.
 *
 * How the pieces fit, from camera to event:
 *
 *   live frame (hand landmarks, frame size, time)
 *     → `motionRow`            one row per frame: pose features (lib/hand), wrist path in frame
 *                              heights, log palm size, a no-hand flag (`MOTION_ROW_LAYOUT`)
 *     → `createResampler`      irregular frames → rows at `MOTION_FRAME_RATE` (15/s); short gaps
 *                              bridged, long ones marked absent
 *     ├─ recording: `createClipRecorder` → `MotionClip` (plain data: rate, frames, rows);
 *     │  `wristPath` draws it on a card
 *     ├─ training: `trainMotionModel(set, params, { onEpoch, signal })` → `MotionModel`
 *     │     clips placed in the window (`fitToWindow`), augmented (`augmentClip`: speed, time
 *     │     warp, turn, scale, trembling; `randomOffset`; mirroring only by `MirrorRule`), windows
 *     │     showing part of a motion taught as the idle class (`partialOffset`), then
 *     │     `windowInput` (path relative to the window, optionally the pose) → the network
 *     │     (`createMotionNetwork`: Conv1D ReLU × n → global pooling over time → softmax), trained
 *     │     through its twin (`createTrainableMotionNetwork`, convolutions as pad/slice/matMul, which
 *     │     train on WASM too) with lib/train's `fitClassifier` (early stopping, curves, Cancel)
 *     └─ live: `createMotionRecognizer(model)` → per frame `{ probabilities, event }`: a sliding
 *           window (`createMotionWindow`) classified every row, and `createPeakDetector`, which fires
 *           a class once when its probability has held above the threshold and peaked, with a
 *           refractory time, never for the idle class ("no motion")
 *
 * The architecture view: `temporalLengths` gives each convolution's (N + 2P − F)/S + 1 (checked
 * against TF.js's own shapes) and `motionNetTable` the whole network as a lib/cnn `NetworkTable`,
 * notes included, for `components/network/network-table.tsx`.
 *
 * Left to wire (nothing here needs to change shape for it):
 * - Dataset: a class is a pose or a motion; a motion class keeps `MotionClip`s (delete one by one),
 *   one class may be the idle "no motion" class (offered like "None of these"), and each motion
 *   class has a `MirrorRule` (the UI says that a left swipe's mirror is a right swipe, another
 *   class). Train with `checkMotionTrainable` first to show its `TrainingError` sentences.
 * - Recording: the frame loop must track the hand while a motion is recorded (also in whole-frame
 *   mode). For each frame, `motionRow(frame.hand, videoWidth, videoHeight)` (or null without a
 *   hand) goes to a `ClipRecorder` while the button is held, or for a fixed 1–2 s after a
 *   countdown; stop at `spec.windowFrames` rows. Uploaded videos: play the file, track each frame in
 *   VIDEO mode and give `recordClip` the frames with their media times, one clip per file.
 * - Engine (lib/engine): a `trainMotion` call beside `train` (progress = `EpochReport`s, cancel =
 *   the signal), returning `SavedMotionModel` (structured-cloneable; its `weightData` can be
 *   transferred); a `setMotionModel(saved | null)` that `loadMotionModel`s it and makes one
 *   `MotionRecognizer`; in `processFrame`, `recognizer.push(timestampMs, row)` and a `motion:
 *   MotionStep` field on `EngineFrame`; `reset()` on a new model, a camera change or a pause.
 * - Live UI and actions: show `MotionStep.event` beside the pose label; `MotionEvent.className`
 *   drives part 8's actions and presentation mode like a pose label does.
 * - Persistence, project files, export: a project keeps its clips (rows as Float32Array) and its
 *   `SavedMotionModel` (`kind: 'motion'`, `version`); `loadMotionModel` opens every version up to
 *   `MOTION_MODEL_VERSION` and refuses newer or mismatched ones with a `ModelRestoreError`. The
 *   saved network is plain Conv1D layers: any TF.js program (the part 8 player) can load it.
 * - Bench: `npm run bench:motion` prints the network's cost per window in Node (CPU and WASM);
 *   `npm run bench`'s ratio to the fused loop needs `MotionModel.classify` timed inside the engine.
 * - Proof data set: lib/motion/test-motions.ts (`placeAt`, `MOTION_KINDS`, `motionSession`,
 *   `scoreEvents`) makes landmark streams directly; the videos need a hand photo moved
 *   along the same `placeAt` paths (lib/scenes, e2e/support/camera-videos).
 *
 * Conventions worth knowing: paths are in the camera image's coordinates (x right in the image, not
 * in a mirrored preview: draw cards mirrored like the preview); mirroring a clip flips only the
 * wrist's x, since lib/hand's features already make a left hand look like a right one (this assumes
 * MediaPipe labels a mirrored hand as the other hand).
 */
export * from './clip';
export * from './resample';
export * from './window';
export * from './temporal-net';
export * from './augment';
export * from './unfolded-conv';
export * from './motion-model';
export * from './train-motion';
export * from './peak-detector';
export * from './recognizer';
export * from './motion-classes';
