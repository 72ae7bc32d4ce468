import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FRAME_BYTES,
  MARKER_PROBE,
  MARKER_WIDTH,
  PHOTO_X,
  VIDEO_HEIGHT,
  VIDEO_WIDTH,
  Y4M_HEADER,
  buildFakeCameraVideo,
  markerLabel,
  markerGrey,
  markerLabelFromRgb,
  markerLuma,
} from './fake-camera';
import { SIGN_DIGITS_DIR, hasSignDigits, listClassImages, makeSplit } from './sign-digits';

const tmpRoots: string[] = [];
afterAll(() => {
  for (const dir of tmpRoots) fs.rmSync(dir, { recursive: true, force: true });
});

function tmpDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tmpRoots.push(dir);
  return dir;
}

/** Writes a solid-colour PNG. */
function writeSolidPng(file: string, size: number, rgb: [number, number, number]): void {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) {
    png.data[i * 4] = rgb[0];
    png.data[i * 4 + 1] = rgb[1];
    png.data[i * 4 + 2] = rgb[2];
    png.data[i * 4 + 3] = 255;
  }
  fs.writeFileSync(file, PNG.sync.write(png));
}

describe('buildFakeCameraVideo', () => {
  const dir = tmpDir('fake-camera-test-');
  const white = path.join(dir, 'white.png');
  const red = path.join(dir, 'red.png');
  writeSolidPng(white, 16, [255, 255, 255]);
  writeSolidPng(red, 10, [255, 0, 0]);

  const framesPerImage = 3;
  const segments = [
    { label: 3, images: [white] },
    { label: 7, images: [red, white] },
  ];
  const expectedLabels = [3, 3, 3, 7, 7, 7, 7, 7, 7];
  const out = buildFakeCameraVideo({ segments, framesPerImage, outPath: path.join(dir, 'sub', 'cam.y4m') });
  const bytes = fs.readFileSync(out.path);
  const frameSize = 'FRAME\n'.length + VIDEO_WIDTH * VIDEO_HEIGHT * 1.5;
  const frameAt = (k: number): Buffer => {
    const start = Y4M_HEADER.length + k * frameSize;
    expect(bytes.subarray(start, start + 6).toString('latin1')).toBe('FRAME\n');
    return bytes.subarray(start + 6, start + frameSize);
  };

  it('writes the header and the right number of frames', () => {
    expect(out.path).toBe(path.join(dir, 'sub', 'cam.y4m'));
    expect(out.frames).toBe(expectedLabels.length);
    expect(Y4M_HEADER).toBe('YUV4MPEG2 W320 H240 F30:1 Ip A1:1 C420jpeg\n');
    expect(bytes.subarray(0, Y4M_HEADER.length).toString('latin1')).toBe(Y4M_HEADER);
    expect(FRAME_BYTES).toBe(320 * 240 * 1.5);
    expect(bytes.length).toBe(Y4M_HEADER.length + out.frames * (6 + 320 * 240 * 1.5));
  });

  it('writes the marker luma of each frame in both strips, with neutral chroma', () => {
    expectedLabels.forEach((label, k) => {
      const f = frameAt(k);
      // Grey 20 + 22 * label, written in BT.601 limited range (how Chromium decodes Y4M).
      const want = Math.round(16 + ((20 + label * 22) * 219) / 255);
      expect(markerGrey(label)).toBe(20 + label * 22);
      expect(markerLuma(label)).toBe(want);
      expect(f[MARKER_PROBE.y * VIDEO_WIDTH + MARKER_PROBE.x]).toBe(want);
      for (const y of [0, 1, 119, 238, 239]) {
        for (const x of [0, 20, MARKER_WIDTH - 1, VIDEO_WIDTH - MARKER_WIDTH, 300, VIDEO_WIDTH - 1]) {
          expect(f[y * VIDEO_WIDTH + x]).toBe(want);
        }
      }
      const u = f.subarray(VIDEO_WIDTH * VIDEO_HEIGHT, VIDEO_WIDTH * VIDEO_HEIGHT + 160 * 120);
      const v = f.subarray(VIDEO_WIDTH * VIDEO_HEIGHT + 160 * 120);
      for (const [cx, cy] of [[0, 0], [10, 60], [19, 119], [140, 60], [159, 119]] as const) {
        expect(u[cy * 160 + cx]).toBe(128);
        expect(v[cy * 160 + cx]).toBe(128);
      }
    });
  });

  it('puts the photo in the centre square (BT.601 limited range)', () => {
    const centre = (f: Buffer, x: number, y: number) => ({
      y: f[y * VIDEO_WIDTH + x],
      u: f[VIDEO_WIDTH * VIDEO_HEIGHT + (y >> 1) * 160 + (x >> 1)],
      v: f[VIDEO_WIDTH * VIDEO_HEIGHT + 160 * 120 + (y >> 1) * 160 + (x >> 1)],
    });
    // Frame 0: white; frame 3: red; frame 6: white again.
    for (const k of [0, 6]) {
      for (const [x, y] of [[PHOTO_X, 0], [160, 120], [279, 239]] as const) {
        expect(centre(frameAt(k), x, y)).toEqual({ y: 235, u: 128, v: 128 });
      }
    }
    for (const [x, y] of [[PHOTO_X, 0], [160, 120], [279, 239]] as const) {
      expect(centre(frameAt(3), x, y)).toEqual({ y: 81, u: 90, v: 240 });
    }
  });

  it('rejects bad input', () => {
    const outPath = path.join(dir, 'bad.y4m');
    expect(() => buildFakeCameraVideo({ segments, framesPerImage: 0, outPath })).toThrow();
    expect(() => buildFakeCameraVideo({ segments: [{ label: 10, images: [white] }], framesPerImage: 1, outPath })).toThrow();
    expect(() => buildFakeCameraVideo({ segments: [{ label: 1, images: [] }], framesPerImage: 1, outPath })).toThrow();
    expect(() =>
      buildFakeCameraVideo({ segments: [{ label: 1, images: [path.join(dir, 'missing.png')] }], framesPerImage: 1, outPath }),
    ).toThrow();
    expect(fs.existsSync(outPath)).toBe(false);
  });
});

describe('markerLabel', () => {
  it('inverts every label, within ±8', () => {
    for (let label = 0; label <= 9; label++) {
      const level = 20 + label * 22;
      expect(markerLabel(level)).toBe(label);
      expect(markerLabel(level - 8)).toBe(label);
      expect(markerLabel(level + 8)).toBe(label);
      expect(markerLabel(level + 0.4)).toBe(label);
      expect(markerLabelFromRgb(level + 2, level - 1, level + 3)).toBe(label);
      // What Chromium shows for the written byte (limited-range decode) maps back to the label.
      const shown = Math.round(((markerLuma(label) - 16) * 255) / 219);
      expect(Math.abs(shown - level)).toBeLessThanOrEqual(1);
      expect(markerLabel(shown)).toBe(label);
    }
  });

  it('returns null away from every marker level', () => {
    for (const v of [255, 0, 11, 29, 31, 229, 240, Number.NaN, -20]) {
      expect(markerLabel(v)).toBeNull();
    }
    // Between two levels (42 and 64): 50.5..55.5 belongs to neither.
    expect(markerLabel(53)).toBeNull();
    // Not grey.
    expect(markerLabelFromRgb(200, 42, 42)).toBeNull();
  });
});

describe('makeSplit (real photos)', () => {
  it.skipIf(!hasSignDigits())('makes disjoint, deterministic train/holdout folders with the right counts', () => {
    const readSplit = (root: string): Record<string, string[]> => {
      const out: Record<string, string[]> = {};
      for (const cls of fs.readdirSync(root).sort()) out[cls] = fs.readdirSync(path.join(root, cls)).sort();
      return out;
    };

    const a = makeSplit({ holdoutPerClass: 5, trainPerClass: 10, classes: ['0', '3', '7'], seed: 42 });
    tmpRoots.push(path.dirname(a.trainDir));
    expect(a.trainDir.startsWith(os.tmpdir())).toBe(true);
    expect(a.counts).toEqual({ train: 30, holdout: 15 });
    const train = readSplit(a.trainDir);
    const holdout = readSplit(a.holdoutDir);
    expect(Object.keys(train)).toEqual(['0', '3', '7']);
    expect(Object.keys(holdout)).toEqual(['0', '3', '7']);
    for (const cls of ['0', '3', '7']) {
      const t = train[cls] ?? [];
      const h = holdout[cls] ?? [];
      expect(t).toHaveLength(10);
      expect(h).toHaveLength(5);
      expect(t.filter((f) => h.includes(f))).toEqual([]);
      const source = listClassImages(cls).map((f) => path.basename(f));
      for (const f of [...t, ...h]) expect(source).toContain(f);
      // Copies are byte-identical to the originals.
      const first = t[0] ?? '';
      expect(fs.readFileSync(path.join(a.trainDir, cls, first)).equals(fs.readFileSync(path.join(SIGN_DIGITS_DIR, cls, first)))).toBe(true);
    }

    // Same seed -> same split, in a different fresh folder; another seed -> a different split.
    const b = makeSplit({ holdoutPerClass: 5, trainPerClass: 10, classes: ['0', '3', '7'], seed: 42 });
    tmpRoots.push(path.dirname(b.trainDir));
    expect(b.trainDir).not.toBe(a.trainDir);
    expect(readSplit(b.trainDir)).toEqual(train);
    expect(readSplit(b.holdoutDir)).toEqual(holdout);
    const c = makeSplit({ holdoutPerClass: 5, trainPerClass: 10, classes: ['0', '3', '7'], seed: 43 });
    tmpRoots.push(path.dirname(c.trainDir));
    expect(readSplit(c.holdoutDir)).not.toEqual(holdout);

    // Defaults: all 10 classes, train = everything not held out.
    const all = makeSplit({ holdoutPerClass: 3, seed: 1 });
    tmpRoots.push(path.dirname(all.trainDir));
    let total = 0;
    for (let d = 0; d <= 9; d++) total += listClassImages(String(d)).length;
    expect(all.counts).toEqual({ train: total - 30, holdout: 30 });
    const allTrain = readSplit(all.trainDir);
    const allHoldout = readSplit(all.holdoutDir);
    expect(Object.keys(allTrain)).toHaveLength(10);
    for (const cls of Object.keys(allTrain)) {
      const h = allHoldout[cls] ?? [];
      expect(h).toHaveLength(3);
      expect((allTrain[cls] ?? []).filter((f) => h.includes(f))).toEqual([]);
    }

    expect(() => makeSplit({ holdoutPerClass: 1000, seed: 1, classes: ['0'] })).toThrow();
  });
});
