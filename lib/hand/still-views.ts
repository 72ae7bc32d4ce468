import type { Landmark } from './landmarks';

/**
 * A 2-D affine map in the order `CanvasRenderingContext2D.setTransform(a, b, c, d, e, f)` takes it:
 * a point (x, y) goes to (a·x + c·y + e, b·x + d·y + f).
 */
export type Affine = readonly [a: number, b: number, c: number, d: number, e: number, f: number];

/**
 * What one detection try looks at: a `width` x `height` canvas onto which the image is drawn with
 * `transform` (image pixels → canvas pixels); canvas pixels the image does not cover are grey.
 */
export interface StillView {
  readonly width: number;
  readonly height: number;
  readonly transform: Affine;
}

const IDENTITY: Affine = [1, 0, 0, 1, 0, 0];

/** The image as it is. */
export function plainView(width: number, height: number): StillView {
  return { width, height, transform: IDENTITY };
}

/** The margin in pixels on every side of a width x height image, for a share of its longer side. */
export function stillImageMargin(width: number, height: number, share: number): number {
  return Math.round(Math.max(width, height) * share);
}

/** The image with a grey margin of `share` of its longer side on every side: a hand cut by an edge is shown whole-ish. */
export function marginView(width: number, height: number, share: number): StillView {
  const margin = stillImageMargin(width, height, share);
  return { width: width + 2 * margin, height: height + 2 * margin, transform: [1, 0, 0, 1, margin, margin] };
}

/**
 * The image turned by `degrees` (clockwise on screen, y pointing down) about its centre, on a canvas
 * just large enough to hold all of it. The palm detector finds upright hands best; a hand held at an
 * angle is upright in one of these.
 */
export function rotationView(width: number, height: number, degrees: number): StillView {
  const radians = (degrees * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  // Snap to whole pixels so 180° keeps the image's own size.
  const outWidth = Math.round(Math.abs(width * cos) + Math.abs(height * sin));
  const outHeight = Math.round(Math.abs(width * sin) + Math.abs(height * cos));
  // Move the image's centre to the origin, rotate, move it to the canvas's centre.
  const cx = width / 2;
  const cy = height / 2;
  return {
    width: outWidth,
    height: outHeight,
    transform: [cos, sin, -sin, cos, outWidth / 2 - (cos * cx - sin * cy), outHeight / 2 - (sin * cx + cos * cy)],
  };
}

/**
 * A window of the image, `share` of each side wide and high, centred at (`centerX`, `centerY`) in
 * 0..1 of the image (kept inside it), enlarged by 1 / `share` onto a canvas of the image's size. The
 * palm detector sees a small hand at the size of a large one.
 */
export function zoomView(width: number, height: number, share: number, centerX: number, centerY: number): StillView {
  const windowWidth = width * share;
  const windowHeight = height * share;
  const left = Math.min(Math.max(centerX * width - windowWidth / 2, 0), width - windowWidth);
  const top = Math.min(Math.max(centerY * height - windowHeight / 2, 0), height - windowHeight);
  const scale = 1 / share;
  return { width: Math.round(width), height: Math.round(height), transform: [scale, 0, 0, scale, -left * scale, -top * scale] };
}

/**
 * Landmarks found on a view's canvas (0..1 of the canvas), mapped back to the image's own 0..1
 * coordinates by inverting the view's transform. z is on the scale of x (MediaPipe's convention), so
 * it is divided by the transform's scale and re-expressed in image widths.
 */
export function landmarksFromView(landmarks: readonly Landmark[], view: StillView, width: number, height: number): Landmark[] {
  const [a, b, c, d, e, f] = view.transform;
  const det = a * d - b * c;
  const scale = Math.sqrt(Math.abs(det));
  return landmarks.map(({ x, y, z }) => {
    const px = x * view.width - e;
    const py = y * view.height - f;
    return {
      x: (d * px - c * py) / det / width,
      y: (-b * px + a * py) / det / height,
      z: (z * view.width) / scale / width,
    };
  });
}

/** Where a point of the image (pixels) lands on a view's canvas (pixels). */
export function toView(view: StillView, x: number, y: number): { x: number; y: number } {
  const [a, b, c, d, e, f] = view.transform;
  return { x: a * x + c * y + e, y: b * x + d * y + f };
}
