// The browser half of `npm run bench:motion-replay` (scripts/motion-replay.ts bundles it with
// esbuild): plays the frames it is given through the app's own live hand tracker (lib/hand, as the
// studio loads it) and returns each frame's hand, or null.
import { loadHandTracker } from '../lib/hand';

export interface TrackedHand {
  readonly handedness: 'Left' | 'Right';
  /** x, y, z of each of the 21 landmarks. */
  readonly xyz: number[];
}

async function bitmapOf(url: string): Promise<ImageBitmap> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return createImageBitmap(await response.blob());
}

async function track(urls: readonly string[], frameMs: number, progress: (line: string) => void): Promise<(TrackedHand | null)[]> {
  const tracker = await loadHandTracker();
  const out: (TrackedHand | null)[] = [];
  try {
    for (const [i, url] of urls.entries()) {
      const bitmap = await bitmapOf(url);
      const hand = tracker.detectVideo(bitmap, 1000 + i * frameMs);
      bitmap.close();
      out.push(hand ? { handedness: hand.handedness, xyz: hand.landmarks.flatMap((p) => [p.x, p.y, p.z]) } : null);
      if (i > 0 && i % 1000 === 0) progress(`tracked ${i} of ${urls.length} frames`);
    }
  } finally {
    tracker.close();
  }
  return out;
}

declare global {
  interface Window {
    trackFrames: typeof track;
  }
}
window.trackFrames = track;
