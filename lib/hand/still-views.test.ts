import { describe, expect, it } from 'vitest';
import type { Landmark } from './landmarks';
import { landmarksFromView, marginView, plainView, rotationView, stillImageMargin, toView, zoomView, type StillView } from './still-views';

const WIDTH = 100;
const HEIGHT = 80;

/** Landmarks spread over the image (0..1 of it), with depths. */
const POINTS: Landmark[] = Array.from({ length: 21 }, (_, i) => ({ x: 0.1 + 0.04 * i, y: 0.9 - 0.035 * i, z: -0.01 * (i % 5) }));

/** Where a detector would report the points on the view's canvas (0..1 of the canvas), z in canvas widths. */
function asSeenIn(view: StillView, points: readonly Landmark[]): Landmark[] {
  const [a, b] = view.transform;
  const scale = Math.hypot(a, b);
  return points.map(({ x, y, z }) => {
    const p = toView(view, x * WIDTH, y * HEIGHT);
    return { x: p.x / view.width, y: p.y / view.height, z: (z * WIDTH * scale) / view.width };
  });
}

function expectRoundTrip(view: StillView) {
  landmarksFromView(asSeenIn(view, POINTS), view, WIDTH, HEIGHT).forEach((p, i) => {
    expect(p.x).toBeCloseTo(POINTS[i].x, 9);
    expect(p.y).toBeCloseTo(POINTS[i].y, 9);
    expect(p.z).toBeCloseTo(POINTS[i].z, 9);
  });
}

function corners(view: StillView) {
  return [
    [0, 0],
    [WIDTH, 0],
    [0, HEIGHT],
    [WIDTH, HEIGHT],
  ].map(([x, y]) => toView(view, x, y));
}

describe('plainView / marginView', () => {
  it('margins are a share of the longer side', () => {
    expect(stillImageMargin(100, 100, 0.5)).toBe(50);
    expect(stillImageMargin(640, 480, 0.5)).toBe(320);
    expect(marginView(WIDTH, HEIGHT, 0.5)).toEqual({ width: 200, height: 180, transform: [1, 0, 0, 1, 50, 50] });
  });

  it('leaves landmarks as they are in the plain view', () => {
    landmarksFromView(POINTS, plainView(WIDTH, HEIGHT), WIDTH, HEIGHT).forEach((p, i) => {
      expect(p.x).toBeCloseTo(POINTS[i].x, 12);
      expect(p.y).toBeCloseTo(POINTS[i].y, 12);
      expect(p.z).toBeCloseTo(POINTS[i].z, 12);
    });
  });

  it('maps landmarks found in the padded image back to the image itself', () => {
    const view = marginView(WIDTH, HEIGHT, 0.15);
    // The image's centre is the padded canvas's centre.
    const centre = landmarksFromView([{ x: 0.5, y: 0.5, z: 0 }], view, WIDTH, HEIGHT)[0];
    expect(centre.x).toBeCloseTo(0.5, 10);
    expect(centre.y).toBeCloseTo(0.5, 10);
    expectRoundTrip(view);
  });
});

describe('rotationView', () => {
  it('holds the whole turned image on its canvas', () => {
    for (const degrees of [30, -30, 60, -60, 180]) {
      const view = rotationView(WIDTH, HEIGHT, degrees);
      for (const p of corners(view)) {
        expect(p.x).toBeGreaterThanOrEqual(-0.5);
        expect(p.x).toBeLessThanOrEqual(view.width + 0.5);
        expect(p.y).toBeGreaterThanOrEqual(-0.5);
        expect(p.y).toBeLessThanOrEqual(view.height + 0.5);
      }
      expectRoundTrip(view);
    }
  });

  it('turns clockwise on screen, and 180° swaps opposite corners', () => {
    const half = rotationView(WIDTH, HEIGHT, 180);
    expect([half.width, half.height]).toEqual([WIDTH, HEIGHT]);
    const topLeft = toView(half, 0, 0);
    expect(topLeft.x).toBeCloseTo(WIDTH, 9);
    expect(topLeft.y).toBeCloseTo(HEIGHT, 9);
    // A quarter turn clockwise: the image's top-left corner goes to the canvas's top-right.
    const quarter = rotationView(WIDTH, HEIGHT, 90);
    expect([quarter.width, quarter.height]).toEqual([HEIGHT, WIDTH]);
    const corner = toView(quarter, 0, 0);
    expect(corner.x).toBeCloseTo(HEIGHT, 9);
    expect(corner.y).toBeCloseTo(0, 9);
  });

  it('maps a hand found upright in the turned image back to its tilt in the image', () => {
    const view = rotationView(WIDTH, HEIGHT, 30);
    // Upright on the canvas: the fingertip straight above the wrist.
    const [wrist, tip] = landmarksFromView(
      [
        { x: 0.5, y: 0.7, z: 0 },
        { x: 0.5, y: 0.3, z: 0 },
      ],
      view,
      WIDTH,
      HEIGHT,
    );
    // In the image the hand leans 30° the other way (counter-clockwise): the tip left of the wrist.
    const angle = (Math.atan2((tip.x - wrist.x) * WIDTH, (wrist.y - tip.y) * HEIGHT) * 180) / Math.PI;
    expect(angle).toBeCloseTo(-30, 6);
  });
});

describe('zoomView', () => {
  it('enlarges a window of the image to the image size', () => {
    const view = zoomView(WIDTH, HEIGHT, 0.5, 0.25, 0.25);
    expect([view.width, view.height]).toEqual([WIDTH, HEIGHT]);
    const topLeft = toView(view, 0, 0);
    const centre = toView(view, WIDTH / 2, HEIGHT / 2);
    expect([topLeft.x, topLeft.y]).toEqual([0, 0]);
    expect([centre.x, centre.y]).toEqual([WIDTH, HEIGHT]);
    expectRoundTrip(view);
  });

  it('keeps the window inside the image', () => {
    const view = zoomView(WIDTH, HEIGHT, 0.5, 1, 0);
    const rightTop = toView(view, WIDTH, 0);
    expect(rightTop.x).toBeCloseTo(WIDTH, 9);
    expect(rightTop.y).toBeCloseTo(0, 9);
    expectRoundTrip(zoomView(WIDTH, HEIGHT, 0.5, 0.5, 0.5));
  });

  it('shrinks z with the enlargement, like x', () => {
    const view = zoomView(WIDTH, HEIGHT, 0.5, 0.5, 0.5);
    // A depth of 0.2 canvas widths is 0.1 image widths when the canvas shows the image at twice its size.
    expect(landmarksFromView([{ x: 0.5, y: 0.5, z: 0.2 }], view, WIDTH, HEIGHT)[0].z).toBeCloseTo(0.1, 10);
  });
});
