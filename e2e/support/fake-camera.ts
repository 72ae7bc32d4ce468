/**
 * Builds `.y4m` videos for Chromium's fake webcam
 * (`--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file>.y4m`).
 *
 * Frame layout (320x240):
 *   x   0..39   left MARKER strip  — flat grey showing as 20 + label * 22 in the browser, U = V = 128
 *   x  40..279  the photo, bilinear-scaled to 240x240
 *   x 280..319  right MARKER strip — same grey as the left one
 * The app only looks at the centre square, so the marker never reaches the
 * classifier; a test reads the marker back from the live <video> (at
 * MARKER_PROBE) to know which class is truly on screen.
 *
 * Colour range: Chromium's fake camera ignores the `C420jpeg` (full-range)
 * tag and decodes every Y4M frame as BT.601 *limited* range
 * (R = 1.164 * (Y - 16) + ...), measured with Debian Chromium 156. Writing
 * full-range YUV would show the photo with ~16% extra contrast (clipped
 * highlights/shadows) and move the marker greys (written 196 reads back as
 * 210). So frames are encoded in BT.601 limited range: the browser then shows
 * the PNG's own RGB (within rounding), and the marker reads back as
 * markerGrey(label) = 20 + label * 22. The Y byte actually written is
 * markerLuma(label) = round(16 + markerGrey * 219 / 255).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';

export const VIDEO_WIDTH = 320;
export const VIDEO_HEIGHT = 240;
export const VIDEO_FPS = 30;
/** Side of the centre square holding the photo, and its left edge. */
export const PHOTO_SIZE = 240;
export const PHOTO_X = (VIDEO_WIDTH - PHOTO_SIZE) / 2; // 40
/** Width of each marker strip. */
export const MARKER_WIDTH = PHOTO_X; // 40

export const Y4M_HEADER = `YUV4MPEG2 W${VIDEO_WIDTH} H${VIDEO_HEIGHT} F${VIDEO_FPS}:1 Ip A1:1 C420jpeg\n`;
export const FRAME_HEADER = 'FRAME\n';
/** Bytes of one I420 frame (Y + U + V), without the FRAME header. */
export const FRAME_BYTES = VIDEO_WIDTH * VIDEO_HEIGHT + 2 * (VIDEO_WIDTH / 2) * (VIDEO_HEIGHT / 2);

/** A pixel inside the left marker strip, in video coordinates. */
export const MARKER_PROBE = { x: 20, y: 120 } as const;

export const MARKER_MIN_LABEL = 0;
export const MARKER_MAX_LABEL = 9;
const MARKER_BASE = 20;
const MARKER_STEP = 22;
/** Accepted distance between a measured grey level and a marker level. */
export const MARKER_TOLERANCE = 8;

/** The grey level (0..255 RGB) the browser shows for a label: 20 + label * 22 (20, 42, ..., 218). */
export function markerGrey(label: number): number {
  if (!Number.isInteger(label) || label < MARKER_MIN_LABEL || label > MARKER_MAX_LABEL) {
    throw new Error(`marker label must be an integer 0..9, got ${label}`);
  }
  return MARKER_BASE + label * MARKER_STEP;
}

/** The Y byte written in the marker strips for a label: markerGrey in BT.601 limited range (33 .. 203). */
export function markerLuma(label: number): number {
  return Math.round(16 + (markerGrey(label) * 219) / 255);
}

/**
 * Inverse of markerGrey for a grey level measured in the browser (0..255), e.g.
 * a canvas pixel's R, G, B or their average (the strip is neutral grey, so
 * R ≈ G ≈ B ≈ luma). Returns null unless the level is within ±8 of a marker
 * level (marker levels are 22 apart, so the windows never overlap).
 */
export function markerLabel(luma: number): number | null {
  if (!Number.isFinite(luma)) return null;
  // `+ 0` turns Math.round's -0 (for levels just below 20) into 0.
  const label = Math.round((luma - MARKER_BASE) / MARKER_STEP) + 0;
  if (label < MARKER_MIN_LABEL || label > MARKER_MAX_LABEL) return null;
  return Math.abs(luma - (MARKER_BASE + label * MARKER_STEP)) <= MARKER_TOLERANCE ? label : null;
}

/**
 * markerLabel for an RGB pixel: null if the pixel is not a neutral grey
 * (channels more than 2 * tolerance apart), else markerLabel of the average.
 */
export function markerLabelFromRgb(r: number, g: number, b: number): number | null {
  if (Math.max(r, g, b) - Math.min(r, g, b) > 2 * MARKER_TOLERANCE) return null;
  return markerLabel((r + g + b) / 3);
}

export interface FakeCameraSegment {
  /** 0..9, written into the marker strips while this segment plays. */
  label: number;
  /** PNG files shown one after the other. */
  images: string[];
}

export interface FakeCameraOptions {
  segments: FakeCameraSegment[];
  /** How many frames (at 30 fps) each image is held. */
  framesPerImage: number;
  /** Where to write the .y4m (parent folders are created). */
  outPath: string;
}

/** BT.601 limited range: luma spans 16..235, chroma 16..240. */
const Y_SCALE = 219 / 255;
const C_SCALE = 224 / 255;

function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/** Decodes a PNG and bilinear-scales it to size x size; returns RGB floats (3 per pixel). */
export function loadScaledRgb(file: string, size: number): Float32Array {
  const png = PNG.sync.read(fs.readFileSync(file));
  const { width: sw, height: sh, data } = png;
  if (sw < 1 || sh < 1) throw new Error(`empty image: ${file}`);
  const out = new Float32Array(size * size * 3);
  const px = (x: number, y: number, c: number): number => {
    const i = (y * sw + x) * 4;
    // Composite over black in case the PNG has transparency.
    return ((data[i + c] ?? 0) * (data[i + 3] ?? 255)) / 255;
  };
  for (let y = 0; y < size; y++) {
    // Pixel-centre mapping, clamped at the edges.
    const fy = Math.min(Math.max(((y + 0.5) * sh) / size - 0.5, 0), sh - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, sh - 1);
    const wy = fy - y0;
    for (let x = 0; x < size; x++) {
      const fx = Math.min(Math.max(((x + 0.5) * sw) / size - 0.5, 0), sw - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, sw - 1);
      const wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const top = px(x0, y0, c) * (1 - wx) + px(x1, y0, c) * wx;
        const bottom = px(x0, y1, c) * (1 - wx) + px(x1, y1, c) * wx;
        out[(y * size + x) * 3 + c] = top * (1 - wy) + bottom * wy;
      }
    }
  }
  return out;
}

/**
 * Encodes one VIDEO_WIDTH x VIDEO_HEIGHT RGB frame (3 floats a pixel, 0..255) as I420 in BT.601
 * limited range (Y 16..235, U/V 16..240), which is how Chromium decodes it (see top of file). Chroma
 * is the average colour of each 2x2 block, so a strip of even width and offset keeps its own chroma.
 */
export function encodeI420(rgb: Float32Array): Buffer {
  const W = VIDEO_WIDTH;
  const H = VIDEO_HEIGHT;
  const CW = W / 2;
  const CH = H / 2;
  if (rgb.length !== W * H * 3) throw new Error(`encodeI420: expected ${W * H * 3} values, got ${rgb.length}`);
  const frame = Buffer.alloc(FRAME_BYTES);
  const yPlane = frame.subarray(0, W * H);
  const uPlane = frame.subarray(W * H, W * H + CW * CH);
  const vPlane = frame.subarray(W * H + CW * CH);
  for (let p = 0; p < W * H; p++) {
    const r = rgb[p * 3] ?? 0;
    const g = rgb[p * 3 + 1] ?? 0;
    const b = rgb[p * 3 + 2] ?? 0;
    yPlane[p] = clampByte(16 + Y_SCALE * (0.299 * r + 0.587 * g + 0.114 * b));
  }
  for (let cy = 0; cy < CH; cy++) {
    for (let cx = 0; cx < CW; cx++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < 2; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const i = ((cy * 2 + dy) * W + cx * 2 + dx) * 3;
          r += rgb[i] ?? 0;
          g += rgb[i + 1] ?? 0;
          b += rgb[i + 2] ?? 0;
        }
      }
      r /= 4;
      g /= 4;
      b /= 4;
      uPlane[cy * CW + cx] = clampByte(128 + C_SCALE * (-0.168736 * r - 0.331264 * g + 0.5 * b));
      vPlane[cy * CW + cx] = clampByte(128 + C_SCALE * (0.5 * r - 0.418688 * g - 0.081312 * b));
    }
  }
  return frame;
}

/** Fills x from..to-1 of every row of a VIDEO_WIDTH-wide RGB frame with the label's marker grey. */
export function paintMarker(rgb: Float32Array, label: number, from: number, to: number): void {
  const grey = markerGrey(label);
  for (let y = 0; y < VIDEO_HEIGHT; y++) rgb.fill(grey, (y * VIDEO_WIDTH + from) * 3, (y * VIDEO_WIDTH + to) * 3);
}

/** One I420 frame of a photo (scaled into the centre square) with the label's marker in both strips. */
export function renderFrame(imagePath: string, label: number): Buffer {
  const rgb = new Float32Array(VIDEO_WIDTH * VIDEO_HEIGHT * 3);
  paintMarker(rgb, label, 0, VIDEO_WIDTH);
  const photo = loadScaledRgb(imagePath, PHOTO_SIZE);
  for (let y = 0; y < PHOTO_SIZE; y++) {
    rgb.set(photo.subarray(y * PHOTO_SIZE * 3, (y + 1) * PHOTO_SIZE * 3), (y * VIDEO_WIDTH + PHOTO_X) * 3);
  }
  return encodeI420(rgb);
}

/**
 * Writes a 320x240, 30 fps `.y4m` of the given I420 frames (each FRAME_BYTES long), renamed into place
 * only when complete so a browser never sees a half-written file; nothing is left behind if a frame
 * fails. Returns the absolute path and the frame count (duration = frames / 30 s; Chromium loops it).
 */
export function writeY4m(outFile: string, frames: Iterable<Buffer>): { path: string; frames: number } {
  const outPath = path.resolve(outFile);
  fs.mkdirSync(path.dirname(outPath), { recursive: true });
  const tmpPath = `${outPath}.${process.pid}.partial`;
  const fd = fs.openSync(tmpPath, 'w');
  let count = 0;
  try {
    fs.writeSync(fd, Y4M_HEADER, null, 'latin1');
    const frameHeader = Buffer.from(FRAME_HEADER, 'latin1');
    for (const frame of frames) {
      if (frame.length !== FRAME_BYTES) throw new Error(`writeY4m: frame ${count} has ${frame.length} bytes, not ${FRAME_BYTES}`);
      fs.writeSync(fd, frameHeader);
      fs.writeSync(fd, frame);
      count++;
    }
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmpPath, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  fs.renameSync(tmpPath, outPath);
  return { path: outPath, frames: count };
}

/**
 * Writes a 320x240, 30 fps `.y4m`: every segment in order, every image held
 * for `framesPerImage` frames. Returns the absolute path and the frame count
 * (duration = frames / 30 s; Chromium loops the file).
 */
export function buildFakeCameraVideo(opts: FakeCameraOptions): { path: string; frames: number } {
  const { segments, framesPerImage } = opts;
  if (!Number.isInteger(framesPerImage) || framesPerImage < 1) {
    throw new Error(`framesPerImage must be a positive integer, got ${framesPerImage}`);
  }
  if (segments.length === 0) throw new Error('buildFakeCameraVideo: no segments');
  for (const s of segments) {
    markerLuma(s.label); // validates the label
    if (s.images.length === 0) throw new Error(`buildFakeCameraVideo: segment with label ${s.label} has no images`);
  }
  function* frames(): Generator<Buffer> {
    for (const segment of segments) {
      for (const image of segment.images) {
        const frame = renderFrame(image, segment.label);
        for (let k = 0; k < framesPerImage; k++) yield frame;
      }
    }
  }
  return writeY4m(opts.outPath, frames());
}
