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
 *     │     warp, turn, scale, trembling; `randomOffset`, or ending just as the motion does,
 *     │     `justEndedOffset`; mirroring only by `MirrorRule`), windows showing part of a motion (a
 *     │     share of its moving frames, `motionSpan`) taught as the idle class (`partialOffset`), then
 *     │     `windowInput` (path relative to the window, optionally the pose) → the network
 *     │     (`createMotionNetwork`: Conv1D ReLU × n → global pooling over time → softmax), trained
 *     │     through its twin (`createTrainableMotionNetwork`, convolutions as pad/slice/matMul, which
 *     │     train on WASM too) with lib/train's `fitClassifier` (early stopping, curves, Cancel)
 *     └─ live: `createMotionRecognizer(model)` → per frame `{ probabilities, event }`: a sliding
 *           window (`createMotionWindow`) classified every row, and `createPeakDetector`, which fires
 *           a class once when its probability has held above the threshold and peaked, with a
 *           refractory time, never for the idle class ("no motion"), nor for a class that another
 *           motion took over from (it was that motion's start)
 *
 * The architecture view: `temporalLengths` gives each convolution's (N + 2P − F)/S + 1 (checked
 * against TF.js's own shapes) and `motionNetTable` the whole network as a lib/cnn `NetworkTable`,
 * notes included, for `components/network/network-table.tsx`.
 *
 * Where it is used: lib/studio's `MotionController` (classes, clips, recording, training through the
 * engine, live events), lib/engine (`trainMotion`, `setMotionModel`, each frame's `motionRow` and
 * recognizer step), lib/project and lib/storage (clips and the saved model), lib/export and
 * lib/player (the model in a bundle), components/motion-*.tsx (the Motions panel). The proofs:
 * `npm run bench:motion` (cost per window, and MOTION_SYNTHETIC=1 for synthetic sessions) and
 * `npm run bench:motion-videos` (the studio in Chromium, fed a rendered fake-camera video).
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
