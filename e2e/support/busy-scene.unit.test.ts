import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { busyBackground, busySceneFrames, buildBusySceneVideo, framePng, type HandCutout, handBox, placeAtEdge, SCENE_X, segmentHand } from './busy-scene';
import { FRAME_BYTES, MARKER_PROBE, markerLuma, VIDEO_HEIGHT, VIDEO_WIDTH, Y4M_HEADER } from './fake-camera';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'busy-scene-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SKIN = [200, 150, 120] as const;

/**
 * A 60x60 "photo": a wall darkening from top to bottom with a deep shadow right of the arm, a skin
 * forearm running off the bottom edge, a skin ring (a hand making a "0") whose inside shows the wall,
 * and a skin-coloured speck on the wall far from the hand.
 */
function syntheticPhoto(): Float32Array {
  const size = 60;
  const rgb = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const wall = 210 - y;
      let c: readonly number[] = [wall, wall, wall + 4];
      if (x >= 36 && y >= 35) c = [90, 90, 94]; // shadow: much darker, same hue
      const ring = Math.hypot(x - 27, y - 20);
      if ((x >= 20 && x <= 34 && y >= 30) || (ring <= 14 && ring > 6)) c = SKIN;
      if (x >= 52 && x <= 53 && y >= 5 && y <= 6) c = SKIN;
      rgb.set(c, (y * size + x) * 3);
    }
  }
  return rgb;
}

describe('segmentHand', () => {
  const alpha = segmentHand(syntheticPhoto(), 60, 60);
  const at = (x: number, y: number) => alpha[y * 60 + x];

  it('keeps the hand and the forearm, down to the border it runs off', () => {
    expect(at(27, 45)).toBe(1);
    expect(at(27, 59)).toBe(1);
    expect(at(27, 9)).toBe(1); // on the ring
  });

  it('drops the wall, its shadow, the inside of the ring and a speck away from the hand', () => {
    expect(at(5, 5)).toBe(0);
    expect(at(50, 50)).toBe(0); // shadow, 120 grey levels darker than the top of the wall
    expect(at(27, 20)).toBe(0); // inside the ring
    expect(at(52, 5)).toBe(0); // the speck
  });

  it('peels one pixel off the outline and feathers it', () => {
    // The forearm spans x 20..34: x 20 is eroded, then the 3x3 blur gives 3/9 there and 6/9 at x 21.
    expect(at(19, 45)).toBe(0);
    expect(at(20, 45)).toBeCloseTo(3 / 9, 5);
    expect(at(21, 45)).toBeCloseTo(6 / 9, 5);
    const hard = segmentHand(syntheticPhoto(), 60, 60, { erode: 0, feather: 0 });
    expect(hard[45 * 60 + 20]).toBe(1);
    expect(hard[45 * 60 + 19]).toBe(0);
  });

  it('keeps an enclosed patch of wall smaller than minHole (a gap between fingers is not cut out)', () => {
    const keepHoles = segmentHand(syntheticPhoto(), 60, 60, { minHole: 0.5 });
    expect(keepHoles[20 * 60 + 27]).toBe(1);
  });

  it('rejects an image of the wrong size', () => {
    expect(() => segmentHand(new Float32Array(10), 60, 60)).toThrow();
  });
});

/** A 120x120 cut-out whose hand is the rectangle x 30..69, y 10..109. */
function rectCutout(): HandCutout {
  const size = 120;
  const alpha = new Float32Array(size * size);
  for (let y = 10; y < 110; y++) alpha.fill(1, y * size + 30, y * size + 70);
  return { size, rgb: new Float32Array(size * size * 3).fill(180), alpha };
}

describe('placeAtEdge', () => {
  const cut = rectCutout();

  it('finds the hand box', () => {
    expect(handBox(cut)).toEqual({ left: 30, right: 69, top: 10, bottom: 109 });
  });

  it('puts the asked share of the hand outside the edge it enters from', () => {
    const right = placeAtEdge(cut, 'right', 0.25);
    expect(right.x + 70 - VIDEO_WIDTH).toBe(10); // 10 of 40 columns outside
    expect(right.y + 109).toBe(VIDEO_HEIGHT - 1); // forearm on the bottom edge
    expect(right.outside).toBe(0.25);
    const bottom = placeAtEdge(cut, 'bottom', 0.3);
    expect(bottom.y + 110 - VIDEO_HEIGHT).toBe(30); // 30 of 100 rows below the frame
    expect(bottom.x + 50).toBe(SCENE_X + (VIDEO_WIDTH - SCENE_X) / 2); // centred in the scene
    const top = placeAtEdge(cut, 'top', 0.85);
    expect(-(top.y + 10)).toBe(85);
    expect(top.outside).toBe(0.85);
    expect(() => placeAtEdge(cut, 'top', 1.5)).toThrow();
    expect(() => placeAtEdge({ ...cut, alpha: new Float32Array(120 * 120) }, 'top', 0.2)).toThrow();
  });
});

describe('busyBackground', () => {
  it('is the same for a seed, different for another, and busy', () => {
    const a = busyBackground(1);
    expect(busyBackground(1).rgb).toEqual(a.rgb);
    const b = busyBackground(2);
    let differ = 0;
    const colours = new Set<string>();
    for (let p = 0; p < a.width * a.height; p++) {
      const ca = a.rgb.subarray(p * 3, p * 3 + 3).join();
      if (ca !== b.rgb.subarray(p * 3, p * 3 + 3).join()) differ++;
      colours.add(ca);
    }
    expect(differ / (a.width * a.height)).toBeGreaterThan(0.5);
    expect(colours.size).toBeGreaterThan(30);
  });
});

describe('buildBusySceneVideo', () => {
  // A 100x100 photo: a skin hand and forearm (x 35..64, from y 20 down) on a grey wall.
  const photo = path.join(dir, 'hand.png');
  const png = new PNG({ width: 100, height: 100 });
  for (let y = 0; y < 100; y++) {
    for (let x = 0; x < 100; x++) {
      const c = x >= 35 && x <= 64 && y >= 20 ? SKIN : [170, 170, 174];
      png.data.set([...c, 255], (y * 100 + x) * 4);
    }
  }
  fs.writeFileSync(photo, PNG.sync.write(png));
  const options = {
    segments: [
      { label: 3, seed: 30, hand: { photo, edge: 'right' as const } },
      { label: 9, seed: 90 },
    ],
    entryFrames: 3,
    restFrames: 4,
    outPath: path.join(dir, 'scene.y4m'),
  };
  const skinPixels = (rgb: Float32Array) => {
    let n = 0;
    let onEdge = 0;
    for (let p = 0; p < VIDEO_WIDTH * VIDEO_HEIGHT; p++) {
      if (rgb[p * 3] === SKIN[0] && rgb[p * 3 + 1] === SKIN[1] && rgb[p * 3 + 2] === SKIN[2]) {
        n++;
        if (p % VIDEO_WIDTH === VIDEO_WIDTH - 1) onEdge++;
      }
    }
    return { n, onEdge };
  };

  it('brings the hand in from the edge, rests it there cut by the edge, and leaves the empty segment empty', () => {
    const { timeline, frames } = busySceneFrames(options);
    expect(timeline.map((s) => [s.label, s.edge, s.firstFrame, s.frames])).toEqual([
      [3, 'right', 0, 7],
      [9, null, 7, 7],
    ]);
    expect(timeline[0]?.restOutside).toBeCloseTo(0.25, 1);
    expect(timeline[0]?.startOutside).toBeCloseTo(0.85, 1);
    const all = [...frames()];
    expect(all).toHaveLength(14);
    const skin = all.map(skinPixels);
    const first = skin[0]?.n ?? 0;
    const resting = skin.slice(3, 7).map((s) => s.n);
    // Entering: mostly outside at first, three times as much in view at rest (85% → 25% outside).
    expect(first).toBeGreaterThan(0);
    for (const n of resting) expect(n).toBeGreaterThan(3 * first);
    for (const s of skin.slice(0, 7)) expect(s.onEdge).toBeGreaterThan(0); // always cut by the right edge
    for (const s of skin.slice(7)) expect(s.n).toBe(0);
    // The background moves between frames (a handheld camera) without the marker strip changing.
    const diff = (a: Float32Array, b: Float32Array) => a.reduce((n, v, i) => n + (v !== b[i] ? 1 : 0), 0);
    expect(diff(all[8] as Float32Array, all[12] as Float32Array)).toBeGreaterThan(1000);
    const strip = (rgb: Float32Array) => rgb.subarray(0, SCENE_X * 3).join();
    expect(strip(all[8] as Float32Array)).toBe(strip(all[12] as Float32Array));
  });

  it('writes the frames as y4m with the label in the left strip', () => {
    const out = buildBusySceneVideo(options);
    expect(out.frames).toBe(14);
    const bytes = fs.readFileSync(out.path);
    expect(bytes.subarray(0, Y4M_HEADER.length).toString('latin1')).toBe(Y4M_HEADER);
    expect(bytes.length).toBe(Y4M_HEADER.length + 14 * (6 + FRAME_BYTES));
    for (let k = 0; k < 14; k++) {
      const y = bytes[Y4M_HEADER.length + k * (6 + FRAME_BYTES) + 6 + MARKER_PROBE.y * VIDEO_WIDTH + MARKER_PROBE.x];
      expect(y).toBe(markerLuma(k < 7 ? 3 : 9));
    }
    expect(() => buildBusySceneVideo({ ...options, segments: [{ label: 12, seed: 1 }] })).toThrow();
    expect(() => buildBusySceneVideo({ ...options, restFrames: 0 })).toThrow();
  });

  it('writes a frame as a PNG of the same pixels', () => {
    const [frame] = busySceneFrames(options).frames();
    const decoded = PNG.sync.read(framePng(frame as Float32Array));
    expect([decoded.width, decoded.height]).toEqual([VIDEO_WIDTH, VIDEO_HEIGHT]);
    for (const p of [0, 12_345, VIDEO_WIDTH * VIDEO_HEIGHT - 1]) {
      expect([...decoded.data.subarray(p * 4, p * 4 + 4)]).toEqual([...(frame as Float32Array).subarray(p * 3, p * 3 + 3)].map(Math.round).concat(255));
    }
  });
});
