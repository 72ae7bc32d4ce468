import { FINGERS, WRIST, type Landmark } from '../hand/landmarks';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The convex hull of `points`, counter-clockwise in y-down pixels, without repeated or collinear points (Andrew's monotone chain). */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (sorted.length < 3) return sorted;
  const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const half = (list: Point[]) => {
    const chain: Point[] = [];
    for (const p of list) {
      while (chain.length >= 2 && cross(chain[chain.length - 2], chain[chain.length - 1], p) <= 0) chain.pop();
      chain.push(p);
    }
    chain.pop(); // each chain's last point starts the other chain
    return chain;
  };
  return [...half(sorted), ...half([...sorted].reverse())];
}

/** How far the outline reaches past the landmarks, as a share of the palm's length: fingers and palm have flesh beyond their joints. */
export const OUTLINE_GROWTH = 0.22;
/** How much forearm is kept below the wrist, as a share of the palm's length, so a pasted hand does not float. */
export const FOREARM_LENGTH = 1.2;

/**
 * The region a hand covers in a width x height image, as a convex polygon in pixels: the hull of its
 * 21 landmarks, grown outwards by `OUTLINE_GROWTH` palm lengths (joints lie inside the flesh), plus a
 * stretch of forearm below the wrist (MediaPipe has no landmark there). Used as a mask to move a hand
 * onto another background. Convex, so the gaps between spread fingers are kept: a little of the old
 * background travels with the hand, as it would with a person's segmentation mask at 224 px.
 */
export function handOutline(landmarks: readonly Landmark[], width: number, height: number): Point[] {
  const pixels = landmarks.map(({ x, y }) => ({ x: x * width, y: y * height }));
  const wrist = pixels[WRIST];
  const middleBase = pixels[FINGERS.middle[0]];
  const palm = Math.hypot(middleBase.x - wrist.x, middleBase.y - wrist.y) || 1;
  // Unit vector from the middle finger's base down through the wrist: the forearm's direction.
  const down = { x: (wrist.x - middleBase.x) / palm, y: (wrist.y - middleBase.y) / palm };
  const across = { x: -down.y, y: down.x };
  const halfWidth = 0.45 * palm;
  const elbow = { x: wrist.x + down.x * FOREARM_LENGTH * palm, y: wrist.y + down.y * FOREARM_LENGTH * palm };
  const forearm = [-1, 1].flatMap((side) => [
    { x: wrist.x + side * across.x * halfWidth, y: wrist.y + side * across.y * halfWidth },
    { x: elbow.x + side * across.x * halfWidth, y: elbow.y + side * across.y * halfWidth },
  ]);
  const hull = convexHull(pixels);
  const centre = hull.reduce((c, p) => ({ x: c.x + p.x / hull.length, y: c.y + p.y / hull.length }), { x: 0, y: 0 });
  const grown = hull.map((p) => {
    const d = Math.hypot(p.x - centre.x, p.y - centre.y) || 1;
    const grow = OUTLINE_GROWTH * palm;
    return { x: p.x + ((p.x - centre.x) / d) * grow, y: p.y + ((p.y - centre.y) / d) * grow };
  });
  return convexHull([...grown, ...forearm]);
}

/** The axis-aligned box of `points`. */
export function boundsOf(points: readonly Point[]): { x: number; y: number; width: number; height: number } {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}
