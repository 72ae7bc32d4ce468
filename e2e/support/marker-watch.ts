/**
 * Watches the fake camera's marker strip in the page, frame by frame: on every frame the camera
 * preview `<video>` presents (requestVideoFrameCallback), the strip's colour at MARKER_PROBE is read
 * and, when it changed, kept with the frame's presentation time (performance.now() time). With the
 * video's timeline, marker-clock.ts turns these changes into page times of its segments, the clock the
 * app's events are stamped with.
 */
import type { Page } from '@playwright/test';
import { MARKER_PROBE, MARKER_TOLERANCE, markerLabelFromRgb } from './fake-camera';
import type { MarkerChange } from './marker-clock';

interface PageWatch {
  /** Colour changes of the strip: [r, g, b, presentation time]. */
  readonly changes: [number, number, number, number][];
  /** Frames read. */
  frames: number;
}

declare global {
  interface Window {
    __markerWatch?: PageWatch;
  }
}

/**
 * Starts watching (once per page; again after a reload). The preview element is looked up every
 * 200 ms, so a camera started later, or restarted with a new element, is watched too.
 */
export async function watchMarkers(page: Page): Promise<void> {
  // Under tsx (scripts/), esbuild keeps function names by wrapping them in `__name(...)`, a helper
  // the page does not have: give it one that does nothing.
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  await page.evaluate(
    ({ probe, tolerance }) => {
      if (window.__markerWatch) return;
      const watch: PageWatch = { changes: [], frames: 0 };
      window.__markerWatch = watch;
      const canvas = document.createElement('canvas');
      canvas.width = 1;
      canvas.height = 1;
      const context = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
      const watched = new WeakSet<HTMLVideoElement>();
      const follow = (video: HTMLVideoElement) => {
        const onFrame: VideoFrameRequestCallback = (_now, frame) => {
          if (!video.isConnected) return;
          if (video.videoWidth > 0) {
            context.drawImage(video, probe.x, probe.y, 1, 1, 0, 0, 1, 1);
            const [r = 0, g = 0, b = 0] = context.getImageData(0, 0, 1, 1).data;
            const last = watch.changes.at(-1);
            // A change of label moves the grey by 22 levels; noise moves it by a level or two.
            if (!last || Math.max(Math.abs(last[0] - r), Math.abs(last[1] - g), Math.abs(last[2] - b)) > tolerance / 2) watch.changes.push([r, g, b, frame.presentationTime]);
            watch.frames += 1;
          }
          video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      };
      setInterval(() => {
        const video = document.querySelector<HTMLVideoElement>('[data-testid="camera-video"]');
        if (video && !watched.has(video)) {
          watched.add(video);
          follow(video);
        }
      }, 200);
    },
    { probe: MARKER_PROBE, tolerance: MARKER_TOLERANCE },
  );
}

/** The marker changes seen so far (label null where the strip showed no marker grey), and the frames read. */
export async function markerChanges(page: Page): Promise<{ changes: MarkerChange[]; frames: number }> {
  const watch = await page.evaluate(() => {
    const w = window.__markerWatch;
    if (!w) throw new Error('watchMarkers was not called on this page.');
    return { changes: w.changes, frames: w.frames };
  });
  return { changes: watch.changes.map(([r, g, b, atMs]) => ({ label: markerLabelFromRgb(r, g, b), atMs })), frames: watch.frames };
}

/** The page's clock now (performance.now()). */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** The motion events the app listed (`[data-testid="motion-events"] > li`: data-class, data-at in page time). */
export async function motionEvents(page: Page): Promise<{ className: string; atMs: number }[]> {
  return page.locator('[data-testid="motion-events"] > li').evaluateAll((items) =>
    items.map((li) => ({ className: (li as HTMLElement).dataset.class ?? '', atMs: Number((li as HTMLElement).dataset.at) })),
  );
}

/** One reading of the motion bars: page time, each class's probability, and whether the hand status said a hand was in view. */
export interface MotionBarsReading {
  readonly atMs: number;
  readonly bars: Readonly<Record<string, number>>;
  readonly hand: boolean;
}

declare global {
  interface Window {
    __motionBars?: MotionBarsReading[];
  }
}

/**
 * Starts keeping every change of the live motion bars (`[data-testid="motion-probability"]`) and of
 * the hand status (`hand-status`), read on each animation frame, with the page time it was seen;
 * `motionBars` returns them. Once per page.
 */
export async function traceMotionBars(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  await page.evaluate(() => {
    if (window.__motionBars) return;
    const trace: MotionBarsReading[] = [];
    window.__motionBars = trace;
    let last = '';
    const read = () => {
      const items = [...document.querySelectorAll<HTMLElement>('[data-testid="motion-probability"]')];
      const hand = document.querySelector<HTMLElement>('[data-testid="hand-status"]')?.dataset.state === 'hand';
      const key = `${hand} ${items.map((el) => el.dataset.probability).join()}`;
      if (key !== last) {
        last = key;
        trace.push({ atMs: performance.now(), bars: Object.fromEntries(items.map((el) => [el.dataset.class ?? '', Number(el.dataset.probability)])), hand });
      }
      requestAnimationFrame(read);
    };
    requestAnimationFrame(read);
  });
}

export async function motionBars(page: Page): Promise<MotionBarsReading[]> {
  return page.evaluate(() => window.__motionBars ?? []);
}
