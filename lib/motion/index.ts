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
 */
export * from './clip';
export * from './resample';
export * from './window';
export * from './temporal-net';
export * from './augment';
