/**
 * Motion gestures (swipes, waves, circles, pushes): the pure core, in Node-testable pieces.
 *
 * - `clip`: one frame of a motion as a row (the hand's landmark features, the wrist's place in the
 *   frame, the palm's apparent size, a no-hand flag) and a `MotionClip` of such rows at a steady rate.
 * - `resample`: frames at the live loop's irregular times → rows at the steady rate (short gaps
 *   interpolated, long ones marked absent); `createClipRecorder` keeps a clip while a button is held.
 * - `window`: a clip placed in the network's fixed window, and a window's rows → the network's input
 *   (the path relative to the window, optionally the pose).
 * - `temporal-net`: the 1-D convolutional network over time, the sequence length of each layer by the
 *   chapter's formula, and its table for the architecture view.
 * - `augment`: seeded augmentation made for motions (speed, time warp, turn, scale, trembling, the
 *   place in the window) and mirroring only as each class allows (`MirrorRule`).
 * - `unfolded-conv`: the network's training twin, whose convolutions are pad/slice/matMul so they
 *   train on every backend (TF.js's Conv1D gradient is missing on WASM and slow on the CPU).
 * - `motion-model`: a trained network with its classes and window (`MotionModel`), and its plain-data
 *   form for storage, files and the engine (`SavedMotionModel`, versioned).
 * - `train-motion`: training on clips with a held-out split, augmentation, mirror pairs, early
 *   stopping and Cancel, as for poses (lib/train `fitClassifier`).
 * - `peak-detector` and `recognizer`: live recognition. Frames → resampler → sliding window →
 *   network → peak detector, which fires a motion once when its probability peaks, with a
 *   refractory time, never for the idle class.
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
