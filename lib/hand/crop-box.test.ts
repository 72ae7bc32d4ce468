import { describe, expect, it } from 'vitest';
import type { CropBox } from '../image';
import { createBoxSmoother, handBox } from './crop-box';

const W = 640;
const H = 480;

/** Landmarks spanning the given pixel rectangle of a W x H frame (corners plus a point inside). */
function spanning(left: number, top: number, right: number, bottom: number, width = W, height = H) {
  return [
    { x: left / width, y: top / height },
    { x: right / width, y: bottom / height },
    { x: (left + right) / 2 / width, y: (top + bottom) / 2 / height },
  ];
}

/** Equal to a billionth of a pixel: landmarks are fractions of the frame, so pixels come back with rounding. */
function expectBox(got: CropBox | null, want: CropBox) {
  expect(got).not.toBeNull();
  for (const key of ['x', 'y', 'size'] as const) expect(got![key]).toBeCloseTo(want[key], 9);
}
const inside = (b: CropBox, width = W, height = H) => b.x >= 0 && b.y >= 0 && b.x + b.size <= width && b.y + b.size <= height;
const variance = (values: number[]) => {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
};

describe('handBox', () => {
  it('squares the landmarks on their longer side and pads each side by a quarter of it', () => {
    // 160 x 120 px around (320, 180): side 160, plus 40 on each side.
    const landmarks = [{ x: 0.375, y: 0.25, z: 0 }, { x: 0.625, y: 0.5, z: -0.1 }, { x: 0.5, y: 0.3, z: 0 }];
    expect(handBox(landmarks, W, H)).toEqual({ x: 200, y: 60, size: 240 });
  });

  it('pads by the given share, and squares a tall hand on its height', () => {
    expectBox(handBox(spanning(300, 200, 340, 300), W, H, { padding: 0.1 }), { x: 260, y: 190, size: 120 });
    expectBox(handBox(spanning(300, 200, 340, 300), W, H, { padding: 0 }), { x: 270, y: 200, size: 100 });
  });

  it('always returns a square inside the frame', () => {
    for (const [l, t, r, b] of [[10, 20, 50, 400], [600, 5, 639, 30], [0, 0, 640, 480], [-50, 300, 30, 520]]) {
      const box = handBox(spanning(l, t, r, b), W, H);
      expect(inside(box)).toBe(true);
      expect(box.size).toBeGreaterThan(0);
    }
  });

  it.each([
    ['left', [0, 200, 40, 240], { x: 0, y: 190, size: 60 }],
    ['right', [600, 200, 640, 240], { x: 580, y: 190, size: 60 }],
    ['top', [300, 0, 340, 40], { x: 290, y: 0, size: 60 }],
    ['bottom', [300, 440, 340, 480], { x: 290, y: 420, size: 60 }],
    ['top-left corner', [0, 0, 40, 40], { x: 0, y: 0, size: 60 }],
    ['top-right corner', [600, 0, 640, 40], { x: 580, y: 0, size: 60 }],
    ['bottom-left corner', [0, 440, 40, 480], { x: 0, y: 420, size: 60 }],
    ['bottom-right corner', [600, 440, 640, 480], { x: 580, y: 420, size: 60 }],
  ] as const)('shifts a box over the %s edge back inside without shrinking it', (_, [l, t, r, b], want) => {
    expectBox(handBox(spanning(l, t, r, b), W, H), want);
  });

  it('shifts a hand partly outside the frame (landmarks below 0 or above 1) back inside', () => {
    expectBox(handBox(spanning(-20, 100, 20, 140), W, H), { x: 0, y: 90, size: 60 });
    expectBox(handBox(spanning(300, 460, 340, 500), W, H), { x: 290, y: 420, size: 60 });
  });

  it('shrinks a box larger than the frame to its shorter side', () => {
    expectBox(handBox(spanning(100, 40, 500, 440), W, H), { x: 60, y: 0, size: 480 }); // centred on the hand, then shifted
    expectBox(handBox(spanning(0, 0, 40, 40), W, H, { padding: 10 }), { x: 0, y: 0, size: 480 });
    expectBox(handBox(spanning(100, 300, 200, 400, 300, 900), 300, 900, { padding: 2 }), { x: 0, y: 200, size: 300 });
  });

  it('is at least a pixel wide when all landmarks coincide', () => {
    expect(handBox([{ x: 0.5, y: 0.5 }], W, H)).toEqual({ x: 319.5, y: 239.5, size: 1 });
  });

  it('throws for no landmarks, a bad coordinate, a bad frame or a negative padding', () => {
    expect(() => handBox([], W, H)).toThrow(RangeError);
    expect(() => handBox([{ x: Number.NaN, y: 0.5 }], W, H)).toThrow(RangeError);
    for (const [w, h] of [[0, 480], [640, -1], [Number.NaN, 480], [640, Infinity]]) expect(() => handBox(spanning(1, 1, 2, 2), w, h)).toThrow(RangeError);
    for (const padding of [-0.1, Number.NaN]) expect(() => handBox(spanning(1, 1, 2, 2), W, H, { padding })).toThrow(RangeError);
  });
});

describe('createBoxSmoother', () => {
  const smoother = (alpha?: number, resetDistance?: number) => createBoxSmoother({ frameWidth: W, frameHeight: H, alpha, resetDistance });

  it('returns null while there is no hand and takes the first box as it is', () => {
    const s = smoother();
    expect(s.next(null)).toBeNull();
    expect(s.next({ x: 100, y: 100, size: 100 })).toEqual({ x: 100, y: 100, size: 100 });
  });

  it('moves centre and side by alpha of the gap each frame', () => {
    const s = smoother(0.5);
    s.next({ x: 100, y: 100, size: 100 }); // centre (150, 150)
    expect(s.next({ x: 100, y: 90, size: 120 })).toEqual({ x: 100, y: 95, size: 110 }); // centre (160, 150) -> (155, 150)
    expect(s.next({ x: 100, y: 90, size: 120 })).toEqual({ x: 100, y: 92.5, size: 115 });
  });

  it('converges to a steady box', () => {
    const s = smoother(0.3);
    s.next({ x: 200, y: 150, size: 100 });
    let out: CropBox | null = null;
    for (let i = 0; i < 60; i += 1) out = s.next({ x: 230, y: 160, size: 130 });
    expect(out!.x).toBeCloseTo(230, 4);
    expect(out!.y).toBeCloseTo(160, 4);
    expect(out!.size).toBeCloseTo(130, 4);
  });

  it('damps jitter around a steady hand', () => {
    let seed = 12345;
    const noise = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed / 2 ** 32 - 0.5) * 16; // ±8 px
    };
    const s = smoother(0.4);
    const inputs: CropBox[] = Array.from({ length: 400 }, () => ({ x: 250 + noise(), y: 150 + noise(), size: 150 + noise() }));
    const outputs = inputs.map((b) => s.next(b)!);
    for (const key of ['x', 'y', 'size'] as const) {
      expect(variance(outputs.map((b) => b[key]))).toBeLessThan(0.5 * variance(inputs.map((b) => b[key])));
    }
  });

  it('snaps to a box whose centre jumped more than resetDistance sides', () => {
    const s = smoother(0.5, 0.5);
    s.next({ x: 100, y: 100, size: 100 });
    expect(s.next({ x: 151, y: 100, size: 100 })).toEqual({ x: 151, y: 100, size: 100 }); // 51 px > 50
    expect(s.next({ x: 201, y: 100, size: 100 })).toEqual({ x: 176, y: 100, size: 100 }); // 50 px: glides
  });

  it('starts again after the hand is lost, and after reset', () => {
    const s = smoother(0.5);
    s.next({ x: 100, y: 100, size: 100 });
    expect(s.next(null)).toBeNull();
    expect(s.next({ x: 110, y: 100, size: 100 })).toEqual({ x: 110, y: 100, size: 100 });
    s.reset();
    expect(s.next({ x: 120, y: 100, size: 100 })).toEqual({ x: 120, y: 100, size: 100 });
  });

  it('keeps the box inside the frame', () => {
    const s = smoother(0.5);
    expect(s.next({ x: -30, y: 420, size: 100 })).toEqual({ x: 0, y: 380, size: 100 });
    // A jump: snaps, shrinks to the frame's height about the new centre (450, 450), then shifts inside.
    expect(s.next({ x: 0, y: 0, size: 900 })).toEqual({ x: 160, y: 0, size: 480 });
  });

  it('does not change the boxes it is given', () => {
    const s = smoother(0.5);
    const first = { x: 100, y: 100, size: 100 };
    const second = { x: 110, y: 100, size: 100 };
    s.next(first);
    s.next(second);
    expect(first).toEqual({ x: 100, y: 100, size: 100 });
    expect(second).toEqual({ x: 110, y: 100, size: 100 });
  });

  it('throws for a bad option or box', () => {
    for (const alpha of [0, -0.1, 1.5, Number.NaN]) expect(() => smoother(alpha)).toThrow(RangeError);
    for (const resetDistance of [0, -1, Number.NaN]) expect(() => smoother(0.5, resetDistance)).toThrow(RangeError);
    expect(() => createBoxSmoother({ frameWidth: 0, frameHeight: 480 })).toThrow(RangeError);
    expect(() => smoother().next({ x: 0, y: 0, size: 0 })).toThrow(RangeError);
    expect(() => smoother().next({ x: Number.NaN, y: 0, size: 10 })).toThrow(RangeError);
  });
});
