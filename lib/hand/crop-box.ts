import type { CropBox } from '../image';
import type { Landmark } from './landmarks';

/** The margin around the hand, as a share of its longer side on each side. */
export const DEFAULT_HAND_BOX_PADDING = 0.25;
/** The newest box's share of the smoothed box. */
export const DEFAULT_BOX_SMOOTHING = 0.5;
/** How far, in box sides, the hand's centre may jump before the smoothed box snaps to it. */
export const DEFAULT_BOX_RESET_DISTANCE = 0.5;

export interface HandBoxOptions {
  /**
   * Margin added on every side as a share of the hand's longer side, default
   * `DEFAULT_HAND_BOX_PADDING`: it keeps the whole hand and a little context in the crop, as in the
   * photos the backbone learnt from, and absorbs fingertips the landmarks fall short of.
   */
  readonly padding?: number;
}

/**
 * The square, in frame pixels, to crop a hand from (a `CropBox`, as `drawCrop` takes): the
 * landmarks' bounding box made square on its longer side about its centre, grown by `padding` of that
 * side on each side, then fitted into the frame. A square wider than the frame's shorter side shrinks
 * to that side; otherwise it is shifted, never shrunk, to lie inside the frame, so the hand keeps the
 * same scale in the crop near an edge. Coordinates are not rounded, so smoothing stays sub-pixel;
 * the side is at least one pixel (where the frame allows) so the box can always be drawn.
 */
export function handBox(landmarks: readonly Pick<Landmark, 'x' | 'y'>[], frameWidth: number, frameHeight: number, options: HandBoxOptions = {}): CropBox {
  checkFrame(frameWidth, frameHeight);
  const padding = options.padding ?? DEFAULT_HAND_BOX_PADDING;
  if (!(padding >= 0 && Number.isFinite(padding))) throw new RangeError(`The hand box padding must be 0 or more, not ${padding}.`);
  if (landmarks.length === 0) throw new RangeError('A hand box needs at least one landmark.');
  let left = Infinity;
  let right = -Infinity;
  let top = Infinity;
  let bottom = -Infinity;
  for (const { x, y } of landmarks) {
    if (!(Number.isFinite(x) && Number.isFinite(y))) throw new RangeError('A hand landmark coordinate is not a finite number.');
    left = Math.min(left, x * frameWidth);
    right = Math.max(right, x * frameWidth);
    top = Math.min(top, y * frameHeight);
    bottom = Math.max(bottom, y * frameHeight);
  }
  const side = Math.max(right - left, bottom - top);
  const size = Math.max(side * (1 + 2 * padding), 1);
  return fitSquare((left + right) / 2, (top + bottom) / 2, size, frameWidth, frameHeight);
}

export interface BoxSmootherOptions {
  /** The frame the boxes are in, in pixels; the smoothed box is kept inside it. */
  readonly frameWidth: number;
  readonly frameHeight: number;
  /**
   * The newest box's share of the average, in (0, 1], default `DEFAULT_BOX_SMOOTHING`: lower is
   * steadier but lags a moving hand; 1 follows every box exactly.
   */
  readonly alpha?: number;
  /**
   * Snap to the new box, instead of gliding to it, when its centre is more than this many sides of
   * the current smoothed box away, default `DEFAULT_BOX_RESET_DISTANCE`: a jump that far is a fast
   * move or another hand, and gliding would crop empty background on the way. `Infinity` never snaps.
   */
  readonly resetDistance?: number;
}

/** Steadies the hand crop from frame to frame, so the backbone does not see the crop jitter. */
export interface BoxSmoother {
  /**
   * Takes this frame's box, or null when no hand was found, and returns the box to crop: an
   * exponential moving average of the centre and side, or null while there is no hand. After a null
   * (the hand was lost) the next box is taken as it is.
   */
  next(box: CropBox | null): CropBox | null;
  /** Forgets the hand, as a null frame does. */
  reset(): void;
}

export function createBoxSmoother(options: BoxSmootherOptions): BoxSmoother {
  const { frameWidth, frameHeight, alpha = DEFAULT_BOX_SMOOTHING, resetDistance = DEFAULT_BOX_RESET_DISTANCE } = options;
  checkFrame(frameWidth, frameHeight);
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`The box smoothing alpha must be in (0, 1], not ${alpha}.`);
  if (!(resetDistance > 0)) throw new RangeError(`The box reset distance must be positive, not ${resetDistance}.`);
  // The box last returned, so a jump is measured from what was shown.
  let state: CropBox | null = null;
  return {
    next(box) {
      if (box === null) {
        state = null;
        return null;
      }
      if (!(Number.isFinite(box.x) && Number.isFinite(box.y) && box.size > 0 && Number.isFinite(box.size))) {
        throw new RangeError(`Cannot smooth the box ${JSON.stringify(box)}.`);
      }
      let cx = box.x + box.size / 2;
      let cy = box.y + box.size / 2;
      let size = box.size;
      if (state !== null) {
        const sx = state.x + state.size / 2;
        const sy = state.y + state.size / 2;
        if (Math.hypot(cx - sx, cy - sy) <= resetDistance * state.size) {
          cx = sx + alpha * (cx - sx);
          cy = sy + alpha * (cy - sy);
          size = state.size + alpha * (size - state.size);
        }
      }
      state = fitSquare(cx, cy, size, frameWidth, frameHeight);
      return state;
    },
    reset() {
      state = null;
    },
  };
}

function checkFrame(width: number, height: number): void {
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) {
    throw new RangeError(`Cannot place a hand box in a ${width}x${height} frame.`);
  }
}

/** The square of side `size` centred on (cx, cy), shrunk to the frame's shorter side if wider, then shifted inside the frame. */
function fitSquare(cx: number, cy: number, size: number, width: number, height: number): CropBox {
  const side = Math.min(size, width, height);
  return { x: clamp(cx - side / 2, 0, width - side), y: clamp(cy - side / 2, 0, height - side), size: side };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
