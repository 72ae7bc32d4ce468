/**
 * "Busy scene" videos for Chromium's fake webcam: a hand cut out of a sign-digit photo's plain wall,
 * entering from one edge of the frame over a colourful, slightly moving background, then resting there
 * partly cut off by that edge — harder than the photos pasted whole on their own wall.
 *
 * Frame layout (320x240): x 0..39 the left MARKER strip (the label's grey, see fake-camera.ts), so a
 * test still knows the truth of every frame; x 40..319 the scene, whose right edge is the frame's.
 */
import { PNG } from 'pngjs';
import { encodeI420, loadScaledRgb, MARKER_WIDTH, markerGrey, paintMarker, VIDEO_HEIGHT, VIDEO_WIDTH, writeY4m } from './fake-camera';
import { mulberry32 } from './sign-digits';

/** The frame edge a hand enters from (the left one carries the marker). */
export type Edge = 'right' | 'top' | 'bottom';

export interface SegmentOptions {
  /** Colour distance below which a pixel counts as the wall's colour: hypot(lumaWeight * ΔY, ΔCb, ΔCr) in BT.601 units (0..255). Default 10. */
  threshold?: number;
  /** Weight of brightness against hue in that distance. Default 0.08. */
  lumaWeight?: number;
  /** Wall-coloured regions enclosed by the hand (the inside of a "0") larger than this share of the image are wall too. Default 0.003. */
  minHole?: number;
  /** Pixels peeled off the hand's outline, so no rim of wall comes along. Default 1. */
  erode?: number;
  /** Radius of the box blur that softens the outline. Default 1. */
  feather?: number;
}

/**
 * Which pixels of a photo of a hand in front of a plain wall are hand: the wall is every pixel reached
 * by a flood fill from the border through pixels close in colour (mostly hue) to the border's median colour, plus
 * large wall-coloured holes inside the hand; of the rest only the largest connected part is kept (so
 * specks and shadows on the wall are dropped), eroded and feathered. `rgb` holds 3 values (0..255) a
 * pixel, row by row; returns alpha in 0..1, one a pixel (1 = hand).
 */
export function segmentHand(rgb: Float32Array, width: number, height: number, options: SegmentOptions = {}): Float32Array {
  const { threshold = 10, lumaWeight = 0.08, minHole = 0.003, erode = 1, feather = 1 } = options;
  const n = width * height;
  if (rgb.length !== n * 3) throw new Error(`segmentHand: expected ${n * 3} values, got ${rgb.length}`);

  const border: number[] = [];
  for (let x = 0; x < width; x++) border.push(x, (height - 1) * width + x);
  for (let y = 1; y < height - 1; y++) border.push(y * width, y * width + width - 1);
  // Colour as luma and chroma (BT.601): shadows and gradients on the wall change its brightness, skin
  // differs from it in hue, so brightness counts for little in the distance.
  const ycc = new Float32Array(n * 3);
  for (let p = 0; p < n; p++) {
    const r = rgb[p * 3] ?? 0;
    const g = rgb[p * 3 + 1] ?? 0;
    const b = rgb[p * 3 + 2] ?? 0;
    ycc[p * 3] = lumaWeight * (0.299 * r + 0.587 * g + 0.114 * b);
    ycc[p * 3 + 1] = -0.168736 * r - 0.331264 * g + 0.5 * b;
    ycc[p * 3 + 2] = 0.5 * r - 0.418688 * g - 0.081312 * b;
  }
  const wall = [0, 1, 2].map((c) => {
    const values = border.map((p) => ycc[p * 3 + c] ?? 0).sort((a, b) => a - b);
    return values[values.length >> 1] ?? 0;
  });
  const nearWall = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    const d = Math.hypot((ycc[p * 3] ?? 0) - (wall[0] ?? 0), (ycc[p * 3 + 1] ?? 0) - (wall[1] ?? 0), (ycc[p * 3 + 2] ?? 0) - (wall[2] ?? 0));
    nearWall[p] = d < threshold ? 1 : 0;
  }

  const isWall = new Uint8Array(n);
  // Wall reached from the border.
  const seeds = border.filter((p) => nearWall[p] === 1);
  for (const p of seeds) isWall[p] = 1;
  floodFrom(seeds, width, height, (q) => nearWall[q] === 1 && isWall[q] === 0, (q) => (isWall[q] = 1));
  // Enclosed wall: large wall-coloured regions the fill could not reach.
  const holeMin = Math.max(1, Math.round(minHole * n));
  for (const region of regions(width, height, (p) => nearWall[p] === 1 && isWall[p] === 0)) {
    if (region.length >= holeMin) for (const p of region) isWall[p] = 1;
  }

  let hand = new Uint8Array(n);
  let largest: number[] = [];
  for (const region of regions(width, height, (p) => isWall[p] === 0)) if (region.length > largest.length) largest = region;
  for (const p of largest) hand[p] = 1;

  for (let k = 0; k < erode; k++) {
    const next = new Uint8Array(n);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const p = y * width + x;
        // The image border does not erode: a forearm running off the photo stays whole.
        next[p] =
          hand[p] === 1 &&
          (x === 0 || hand[p - 1] === 1) &&
          (x === width - 1 || hand[p + 1] === 1) &&
          (y === 0 || hand[p - width] === 1) &&
          (y === height - 1 || hand[p + width] === 1)
            ? 1
            : 0;
      }
    }
    hand = next;
  }

  const alpha = new Float32Array(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let count = 0;
      for (let dy = -feather; dy <= feather; dy++) {
        for (let dx = -feather; dx <= feather; dx++) {
          const sx = Math.min(Math.max(x + dx, 0), width - 1);
          const sy = Math.min(Math.max(y + dy, 0), height - 1);
          sum += hand[sy * width + sx] ?? 0;
          count++;
        }
      }
      alpha[y * width + x] = sum / count;
    }
  }
  return alpha;
}

/** 4-connected flood fill: visits every pixel reachable from `seeds` for which `accept` holds. */
function floodFrom(seeds: number[], width: number, height: number, accept: (p: number) => boolean, visit: (p: number) => void): void {
  const stack = seeds.slice();
  while (stack.length > 0) {
    const p = stack.pop() as number;
    const x = p % width;
    const y = (p - x) / width;
    for (const q of [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, y > 0 ? p - width : -1, y < height - 1 ? p + width : -1]) {
      if (q >= 0 && accept(q)) {
        visit(q);
        stack.push(q);
      }
    }
  }
}

/** The 4-connected regions of the pixels where `inside` holds, each as its pixel indices. */
function regions(width: number, height: number, inside: (p: number) => boolean): number[][] {
  const seen = new Uint8Array(width * height);
  const out: number[][] = [];
  for (let p = 0; p < width * height; p++) {
    if (seen[p] === 1 || !inside(p)) continue;
    const region = [p];
    seen[p] = 1;
    floodFrom([p], width, height, (q) => seen[q] === 0 && inside(q), (q) => {
      seen[q] = 1;
      region.push(q);
    });
    out.push(region);
  }
  return out;
}

/** A photo's hand, scaled to size x size and cut out of its wall. */
export interface HandCutout {
  size: number;
  /** [size * size * 3] RGB, 0..255. */
  rgb: Float32Array;
  /** [size * size] 0..1. */
  alpha: Float32Array;
}

export function cutOutHand(photo: string, size: number, options: SegmentOptions = {}): HandCutout {
  const rgb = loadScaledRgb(photo, size);
  return { size, rgb, alpha: segmentHand(rgb, size, size, options) };
}

/** The scene: everything right of the marker strip. */
export const SCENE_X = MARKER_WIDTH;
export const SCENE_WIDTH = VIDEO_WIDTH - SCENE_X;
/** How far the camera wanders (px): the background is drawn this much larger on every side. */
const SHAKE = 6;

/**
 * A colourful clutter of stripes, noise blocks, boxes and discs, (SCENE_WIDTH + 2 * SHAKE) x
 * (VIDEO_HEIGHT + 2 * SHAKE) RGB; the same seed gives the same picture.
 */
export function busyBackground(seed: number): { width: number; height: number; rgb: Float32Array } {
  const width = SCENE_WIDTH + 2 * SHAKE;
  const height = VIDEO_HEIGHT + 2 * SHAKE;
  const rand = mulberry32(seed);
  const colour = (): [number, number, number] => [rand() * 255, rand() * 255, rand() * 255];
  const rgb = new Float32Array(width * height * 3);
  const put = (x: number, y: number, c: readonly number[]) => {
    if (x >= 0 && y >= 0 && x < width && y < height) rgb.set(c, (y * width + x) * 3);
  };

  const [a, b] = [colour(), colour()];
  const period = 8 + Math.floor(rand() * 16);
  const slope = rand() * 2 - 1;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) put(x, y, Math.floor((x + slope * y) / period) % 2 === 0 ? a : b);

  const block = 6 + Math.floor(rand() * 6);
  for (let k = 0; k < 4; k++) {
    const x0 = Math.floor(rand() * width);
    const y0 = Math.floor(rand() * height);
    const w = 40 + Math.floor(rand() * 80);
    const h = 30 + Math.floor(rand() * 70);
    for (let by = y0; by < y0 + h; by += block) {
      for (let bx = x0; bx < x0 + w; bx += block) {
        const c = colour();
        for (let y = by; y < by + block; y++) for (let x = bx; x < bx + block; x++) put(x, y, c);
      }
    }
  }
  for (let k = 0; k < 14; k++) {
    const c = colour();
    const x0 = Math.floor(rand() * width) - 20;
    const y0 = Math.floor(rand() * height) - 20;
    const w = 12 + Math.floor(rand() * 60);
    const h = 12 + Math.floor(rand() * 60);
    const disc = rand() < 0.4;
    for (let y = y0; y < y0 + h; y++) {
      for (let x = x0; x < x0 + w; x++) {
        const u = (x - x0 - w / 2) / (w / 2);
        const v = (y - y0 - h / 2) / (h / 2);
        if (!disc || u * u + v * v <= 1) put(x, y, c);
      }
    }
  }
  return { width, height, rgb };
}

export interface BusySceneSegment {
  /** 0..9, written into the left marker strip while this segment plays. */
  label: number;
  /** Seed of this segment's background (segments should differ). */
  seed: number;
  /** The photo whose hand enters, and from where; none for an empty scene. */
  hand?: { photo: string; edge: Edge };
}

export interface BusySceneOptions {
  segments: BusySceneSegment[];
  outPath: string;
  /** Frames the hand takes to come in (default 30, 1 s); an empty segment lasts as long as the others. */
  entryFrames?: number;
  /** Frames it then rests at the edge (default 60, 2 s). */
  restFrames?: number;
  /** Side of the square the photo is scaled to before the cut-out (default 200 px). */
  handSize?: number;
  /** Share of the hand's extent across its edge that is outside the frame at the start (default 0.85) and at rest (default 0.25). */
  startOutside?: number;
  restOutside?: number;
}

/** Where a cut-out sits (its top-left corner in video pixels) and the share of the hand's extent outside the frame. */
export interface Placement {
  x: number;
  y: number;
  outside: number;
}

/** The bounding box of a cut-out's hand pixels (alpha > 0.5), inclusive. */
export function handBox(cut: HandCutout): { left: number; right: number; top: number; bottom: number } {
  const box = { left: cut.size, right: -1, top: cut.size, bottom: -1 };
  for (let v = 0; v < cut.size; v++) {
    for (let u = 0; u < cut.size; u++) {
      if ((cut.alpha[v * cut.size + u] ?? 0) <= 0.5) continue;
      box.left = Math.min(box.left, u);
      box.right = Math.max(box.right, u);
      box.top = Math.min(box.top, v);
      box.bottom = Math.max(box.bottom, v);
    }
  }
  if (box.right < 0) throw new Error('handBox: the cut-out holds no hand');
  return box;
}

/**
 * The placement with `share` of the hand's extent across the `edge` outside the frame. Along the edge
 * the hand is centred in the scene; entering from the right, its lowest pixel sits on the frame's
 * bottom, so the forearm runs out of the frame as a real one would.
 */
export function placeAtEdge(cut: HandCutout, edge: Edge, share: number): Placement {
  if (!(share >= 0 && share <= 1)) throw new Error(`placeAtEdge: share must be in 0..1, got ${share}`);
  const box = handBox(cut);
  const centredX = Math.round(SCENE_X + SCENE_WIDTH / 2 - (box.left + box.right + 1) / 2);
  const extent = edge === 'right' ? box.right - box.left + 1 : box.bottom - box.top + 1;
  const out = Math.round(share * extent);
  const outside = out / extent;
  if (edge === 'right') return { x: VIDEO_WIDTH - 1 - box.right + out, y: VIDEO_HEIGHT - 1 - box.bottom, outside };
  if (edge === 'bottom') return { x: centredX, y: VIDEO_HEIGHT - 1 - box.bottom + out, outside };
  return { x: centredX, y: -box.top - out, outside };
}

/** What a busy-scene builder wrote for one segment. */
export interface BusySceneTimeline {
  label: number;
  edge: Edge | null;
  firstFrame: number;
  frames: number;
  /** Share of the hand's extent outside the frame in the segment's first frame and while resting (null without a hand). */
  startOutside: number | null;
  restOutside: number | null;
}

/** A handheld camera's drift: a smooth wander of up to SHAKE px, different per segment. */
function shake(k: number, seed: number): { x: number; y: number } {
  const phase = (seed % 97) / 97;
  const x = 3.5 * Math.sin(2 * Math.PI * (k / 53 + phase)) + 1.5 * Math.sin(2 * Math.PI * (k / 17 + phase));
  const y = 3 * Math.cos(2 * Math.PI * (k / 41 + phase)) + 1.5 * Math.sin(2 * Math.PI * (k / 23 + 2 * phase));
  return { x: Math.round(x), y: Math.round(y) };
}

/** Every frame of a busy-scene video as RGB (VIDEO_WIDTH x VIDEO_HEIGHT x 3), with the segments' timeline. */
export function busySceneFrames(opts: BusySceneOptions): { timeline: BusySceneTimeline[]; frames: () => Generator<Float32Array> } {
  const { entryFrames = 30, restFrames = 60, handSize = 200, startOutside = 0.85, restOutside = 0.25 } = opts;
  if (opts.segments.length === 0) throw new Error('busySceneFrames: no segments');
  for (const n of [entryFrames, restFrames]) if (!Number.isInteger(n) || n < 1) throw new Error(`busySceneFrames: frame counts must be positive integers, got ${n}`);
  const perSegment = entryFrames + restFrames;
  const plans = opts.segments.map((segment) => {
    markerGrey(segment.label); // validates the label
    const background = busyBackground(segment.seed);
    if (!segment.hand) return { segment, background, hand: null };
    const cut = cutOutHand(segment.hand.photo, handSize, { erode: 2, feather: 1 });
    const start = placeAtEdge(cut, segment.hand.edge, startOutside);
    const rest = placeAtEdge(cut, segment.hand.edge, restOutside);
    return { segment, background, hand: { cut, start, rest } };
  });
  const timeline = plans.map(({ segment, hand }, i) => ({
    label: segment.label,
    edge: segment.hand?.edge ?? null,
    firstFrame: i * perSegment,
    frames: perSegment,
    startOutside: hand ? hand.start.outside : null,
    restOutside: hand ? hand.rest.outside : null,
  }));

  function* frames(): Generator<Float32Array> {
    for (const { segment, background, hand } of plans) {
      for (let k = 0; k < perSegment; k++) {
        const rgb = new Float32Array(VIDEO_WIDTH * VIDEO_HEIGHT * 3);
        paintMarker(rgb, segment.label, 0, SCENE_X);
        const cam = shake(k, segment.seed);
        for (let y = 0; y < VIDEO_HEIGHT; y++) {
          const from = ((y + SHAKE + cam.y) * background.width + SHAKE + cam.x) * 3;
          rgb.set(background.rgb.subarray(from, from + SCENE_WIDTH * 3), (y * VIDEO_WIDTH + SCENE_X) * 3);
        }
        if (hand) {
          // Ease in (smoothstep), then rest; the hand moves with the camera, plus a little of its own.
          const s = k >= entryFrames ? 1 : ((t) => t * t * (3 - 2 * t))(k / entryFrames);
          const x = Math.round(hand.start.x + (hand.rest.x - hand.start.x) * s - cam.x + 1.5 * Math.sin(k / 9));
          const y = Math.round(hand.start.y + (hand.rest.y - hand.start.y) * s - cam.y + 1.5 * Math.cos(k / 11));
          composite(rgb, hand.cut, x, y);
        }
        yield rgb;
      }
    }
  }
  return { timeline, frames };
}

/** Draws the cut-out over the scene (never over the marker strip) with its corner at (x, y). */
function composite(rgb: Float32Array, cut: HandCutout, x: number, y: number): void {
  for (let v = 0; v < cut.size; v++) {
    const vy = y + v;
    if (vy < 0 || vy >= VIDEO_HEIGHT) continue;
    for (let u = 0; u < cut.size; u++) {
      const vx = x + u;
      const a = cut.alpha[v * cut.size + u] ?? 0;
      if (vx < SCENE_X || vx >= VIDEO_WIDTH || a === 0) continue;
      const o = (vy * VIDEO_WIDTH + vx) * 3;
      const i = (v * cut.size + u) * 3;
      for (let c = 0; c < 3; c++) rgb[o + c] = (cut.rgb[i + c] ?? 0) * a + (rgb[o + c] ?? 0) * (1 - a);
    }
  }
}

/** Writes the busy-scene video as a 320x240, 30 fps `.y4m`; returns its path, frame count and timeline. */
export function buildBusySceneVideo(opts: BusySceneOptions): { path: string; frames: number; timeline: BusySceneTimeline[] } {
  const { timeline, frames } = busySceneFrames(opts);
  function* encoded(): Generator<Buffer> {
    for (const rgb of frames()) yield encodeI420(rgb);
  }
  return { ...writeY4m(opts.outPath, encoded()), timeline };
}

/** One frame (VIDEO_WIDTH x VIDEO_HEIGHT RGB, as busySceneFrames gives it) as a PNG file's bytes. */
export function framePng(rgb: Float32Array): Buffer {
  const png = new PNG({ width: VIDEO_WIDTH, height: VIDEO_HEIGHT });
  for (let p = 0; p < VIDEO_WIDTH * VIDEO_HEIGHT; p++) {
    for (let c = 0; c < 3; c++) png.data[p * 4 + c] = Math.round(rgb[p * 3 + c] ?? 0);
    png.data[p * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}
