import type { HandDetection } from '../hand';
import type { CropBox } from '../image';

/**
 * The live readouts change every frame; keeping them in a tiny external store means only the
 * components that show them re-render, not the whole studio with its thumbnail grids.
 */
export interface LiveSnapshot {
  readonly probabilities: Float32Array | null;
  readonly classNames: readonly string[];
  readonly fps: number;
  readonly latencyMs: number;
  readonly frames: number;
  /** When the latest frame was captured (performance.now()): the label shown is for that moment, not for now. */
  readonly capturedMs: number | null;
  /** The engine's tf.memory().numTensors after a frame it ran alone (null until one): flat while the loop runs, or something leaks. */
  readonly tensors: number | null;
  /** Whether the hand tracker runs (the hand modes); `hand` is then the hand in view, or null. */
  readonly tracking: boolean;
  readonly hand: HandDetection | null;
  /** The square the backbone sees, in video pixels, and the video's size, for drawing over the preview. */
  readonly box: CropBox | null;
  readonly frameWidth: number;
  readonly frameHeight: number;
  /** The motion model's probabilities (its class order) for the window ending at the latest frame; null when none recognises, or no hand was in the window. */
  readonly motion: Float32Array | null;
  /** Frames of the current (or last) recording: kept as samples, and dropped because no hand was in view. */
  readonly kept: number;
  readonly dropped: number;
}

/** A value that changes often, read with `useSyncExternalStore` by the few components that show it. */
export interface Store<T> {
  get(): T;
  set(next: T): void;
  subscribe(listener: () => void): () => void;
}

export type LiveStore = Store<LiveSnapshot>;

export const EMPTY_LIVE: LiveSnapshot = {
  probabilities: null,
  classNames: [],
  fps: 0,
  latencyMs: 0,
  frames: 0,
  capturedMs: null,
  tensors: null,
  tracking: false,
  hand: null,
  box: null,
  frameWidth: 0,
  frameHeight: 0,
  motion: null,
  kept: 0,
  dropped: 0,
};

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      value = next;
      listeners.forEach((l) => l());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function createLiveStore(): LiveStore {
  return createStore(EMPTY_LIVE);
}
