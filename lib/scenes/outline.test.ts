import { describe, expect, it } from 'vitest';
import { HAND_LANDMARK_COUNT, type Landmark } from '../hand/landmarks';
import { boundsOf, convexHull, handOutline } from './outline';

/** An upright open hand: wrist at the bottom centre, five fingers fanning upwards. */
function openHand(): Landmark[] {
  const points: Landmark[] = [{ x: 0.5, y: 0.8, z: 0 }];
  for (let finger = 0; finger < 5; finger += 1) {
    const angle = (-60 + finger * 30) * (Math.PI / 180);
    for (let joint = 1; joint <= 4; joint += 1) {
      const r = 0.1 + joint * 0.1;
      points.push({ x: 0.5 + Math.sin(angle) * r, y: 0.8 - Math.cos(angle) * r, z: 0 });
    }
  }
  return points;
}

/** Twice the signed area: positive for counter-clockwise in y-up terms, i.e. clockwise on a y-down screen. */
const signedArea = (polygon: { x: number; y: number }[]) => polygon.reduce((sum, p, i) => sum + p.x * polygon[(i + 1) % polygon.length].y - polygon[(i + 1) % polygon.length].x * p.y, 0);

function inside(polygon: { x: number; y: number }[], p: { x: number; y: number }): boolean {
  // Convex polygon: p is on the same side of every edge.
  const sides = polygon.map((a, i) => {
    const b = polygon[(i + 1) % polygon.length];
    return Math.sign((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x));
  });
  return sides.every((s) => s >= 0) || sides.every((s) => s <= 0);
}

describe('convexHull', () => {
  it('keeps the corners of a square and drops the points inside and on its edges', () => {
    const hull = convexHull([
      { x: 0, y: 0 },
      { x: 2, y: 0 },
      { x: 1, y: 0 },
      { x: 2, y: 2 },
      { x: 0, y: 2 },
      { x: 1, y: 1 },
      { x: 0, y: 0 },
    ]);
    expect(hull).toHaveLength(4);
    expect(new Set(hull.map((p) => `${p.x},${p.y}`))).toEqual(new Set(['0,0', '2,0', '2,2', '0,2']));
    expect(Math.abs(signedArea(hull))).toBe(8);
  });

  it('returns fewer than three points as they are', () => {
    expect(convexHull([{ x: 1, y: 1 }])).toEqual([{ x: 1, y: 1 }]);
  });
});

describe('handOutline', () => {
  it('is a convex polygon holding every landmark, with margin, and the forearm below the wrist', () => {
    const hand = openHand();
    expect(hand).toHaveLength(HAND_LANDMARK_COUNT);
    const outline = handOutline(hand, 200, 100);
    const pixels = hand.map(({ x, y }) => ({ x: x * 200, y: y * 100 }));
    for (const p of pixels) expect(inside(outline, p)).toBe(true);
    const landmarkBox = boundsOf(pixels);
    const outlineBox = boundsOf(outline);
    // Grown beyond the fingertips on every side but the bottom, where the forearm reaches further.
    expect(outlineBox.x).toBeLessThan(landmarkBox.x);
    expect(outlineBox.x + outlineBox.width).toBeGreaterThan(landmarkBox.x + landmarkBox.width);
    expect(outlineBox.y).toBeLessThan(landmarkBox.y);
    const palm = Math.hypot(pixels[9].x - pixels[0].x, pixels[9].y - pixels[0].y);
    expect(outlineBox.y + outlineBox.height).toBeCloseTo(pixels[0].y + 1.2 * palm, 5);
    expect(convexHull(outline)).toHaveLength(outline.length);
  });

  it('turns the forearm with the hand: a hand pointing right has its forearm to the left', () => {
    const turned = openHand().map(({ x, y, z }) => ({ x: 0.5 + (0.8 - y) * 0.5, y: 0.5 + (x - 0.5), z })); // wrist at (0.5, 0.5), fingers to the right
    const outline = handOutline(turned, 100, 100);
    expect(Math.min(...outline.map((p) => p.x))).toBeLessThan(turned[0].x * 100 - 5);
  });
});
