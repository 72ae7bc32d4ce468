import { vi } from 'vitest';
import type { HandDetection, HandTracker } from '../hand';

/*
 * Test-only (Node): just enough of a browser's images for the engine's jobs to run on TF.js's CPU
 * backend. An image is one colour; a "file" of it is the text `FAKE {width, height, rgb}`, which the
 * fake `createImageBitmap` decodes (anything else is unreadable). A canvas takes the colour of the
 * last image drawn on it, reads back as that colour, and encodes to such a file.
 */

type Rgb = readonly [number, number, number];

class FakeBitmap {
  constructor(
    readonly width: number,
    readonly height: number,
    readonly rgb: Rgb,
  ) {}
  close() {}
}

const encode = (width: number, height: number, rgb: Rgb) => `FAKE ${JSON.stringify({ width, height, rgb })}`;

/** An image file of one colour. */
export function fakeImageFile(name: string, rgb: Rgb, size = 16): File {
  return new File([encode(size, size, rgb)], name, { type: 'image/png' });
}

class FakeCanvas {
  rgb: Rgb = [0, 0, 0];
  private context: object | null = null;
  constructor(
    public width: number,
    public height: number,
  ) {}

  getContext() {
    this.context ??= fakeContext(this);
    return this.context;
  }

  async convertToBlob() {
    return new Blob([encode(this.width, this.height, this.rgb)], { type: 'image/jpeg' });
  }
}

/** A 2D context: drawing an image takes its colour, reading pixels gives it; every other call does nothing. */
function fakeContext(canvas: FakeCanvas): object {
  const anything: object = new Proxy(() => anything, { get: () => anything, apply: () => anything });
  const known: Record<string | symbol, unknown> = {
    canvas,
    drawImage: (source: unknown) => {
      if (source instanceof FakeBitmap) canvas.rgb = source.rgb;
    },
    getImageData: (_x: number, _y: number, width: number, height: number) => {
      const data = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < data.length; i += 4) data.set([...canvas.rgb, 255], i);
      return { data, width, height };
    },
  };
  return new Proxy(known, { get: (target, key) => (key in target ? target[key] : anything) });
}

/** Installs the fakes as globals (`createImageBitmap`, `OffscreenCanvas`); vitest's `unstubAllGlobals` removes them. */
export function stubBrowserImages(): void {
  vi.stubGlobal('OffscreenCanvas', FakeCanvas);
  vi.stubGlobal('createImageBitmap', async (blob: Blob) => {
    const text = await blob.text();
    if (!text.startsWith('FAKE ')) throw new Error('not an image');
    const { width, height, rgb } = JSON.parse(text.slice(5)) as { width: number; height: number; rgb: Rgb };
    return new FakeBitmap(width, height, rgb);
  });
}

/** A hand tracker that finds a hand (always the same one, in the image's middle) in any image that is not mostly green. */
export function fakeHandTracker(): HandTracker {
  const hand: HandDetection = {
    landmarks: Array.from({ length: 21 }, (_, i) => ({ x: 0.35 + 0.3 * ((i % 5) / 4), y: 0.3 + 0.4 * (Math.floor(i / 5) / 4), z: 0 })),
    handedness: 'Right',
    score: 0.9,
  };
  return {
    detectImage: (image) => ((image as unknown as FakeBitmap).rgb[1] > 128 ? null : hand),
    detectVideo: () => null,
    restartVideo: () => {},
    tryImage: () => null,
    close: () => {},
  };
}
