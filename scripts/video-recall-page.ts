// The browser half of `npm run bench:video-recall` (scripts/video-recall.ts bundles it with esbuild):
// plays the frames it is given through the app's own hand tracker (lib/hand) once per policy for a
// lost live track, and on the frames where MediaPipe's VIDEO landmarker alone lost a hand, runs each
// single try to see which would have found it.
import {
  boxCentre,
  BREAK_PLAIN,
  createVideoRecovery,
  FOLLOW_MS,
  followTry,
  loadHandTracker,
  RECOVERY_INTERVAL_MS,
  STILL_SEARCH,
  type FramePoint,
  type StillTry,
  type VideoRecovery,
  VIDEO_RECOVERY_TRIES,
} from '../lib/hand';

/** One frame of the video: its PNG's URL, whether a hand is in it, and which test motion it is part of (0 for none). */
export interface RecallFrame {
  readonly url: string;
  readonly hand: boolean;
  readonly motion: number;
}

export interface PolicyResult {
  readonly name: string;
  /** Per frame, whether the tracker returned a hand. */
  readonly found: boolean[];
}

export interface TryResult {
  readonly id: string;
  /** Frames with a hand that the VIDEO landmarker alone lost (and this try ran on), and how many it found. */
  readonly ran: number;
  readonly found: number;
  /** Hands it reported on frames with none. */
  readonly falseHands: number;
}

const NO_RECOVERY: () => VideoRecovery = () => ({ next: () => [], report() {}, tracked() {} });

/** The policies compared: the tracker alone, and what the frame a track breaks on gets, before and now. */
const POLICIES: readonly { name: string; recovery: () => VideoRecovery }[] = [
  { name: 'VIDEO landmarker alone', recovery: NO_RECOVERY },
  { name: 'before: the plain frame where the track breaks', recovery: () => createVideoRecovery(VIDEO_RECOVERY_TRIES, RECOVERY_INTERVAL_MS, BREAK_PLAIN) },
  { name: 'the follow window alone where it breaks', recovery: () => createVideoRecovery(VIDEO_RECOVERY_TRIES, RECOVERY_INTERVAL_MS, (at, model) => [followTry(at, model)]) },
  { name: 'default: the follow window, then the plain frame', recovery: () => createVideoRecovery() },
];

/** The single tries measured on lost frames: the whole frame by each model, margins, and the follow window by each model. */
const SINGLE_TRIES = ['lite as is', 'low threshold as is', 'margin 0.5', 'lite margin 0.5', 'zoom 2x centre'].map((id) => STILL_SEARCH.find((t) => t.id === id) as StillTry);

const FRAME_MS = Number(new URLSearchParams(location.search).get('frameMs') ?? 100);

async function bitmapOf(url: string): Promise<ImageBitmap> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return createImageBitmap(await response.blob());
}

async function measure(frames: readonly RecallFrame[], progress: (line: string) => void): Promise<{ policies: PolicyResult[]; tries: TryResult[] }> {
  const policies: PolicyResult[] = [];
  const tries = new Map<string, TryResult & { ran: number; found: number; falseHands: number }>();
  const count = (id: string, hand: boolean, found: boolean) => {
    const entry = tries.get(id) ?? { id, ran: 0, found: 0, falseHands: 0 };
    if (hand) {
      entry.ran += 1;
      if (found) entry.found += 1;
    } else if (found) entry.falseHands += 1;
    tries.set(id, entry);
  };
  for (const policy of POLICIES) {
    progress(`playing ${frames.length} frames: ${policy.name}`);
    const tracker = await loadHandTracker(undefined, undefined, { videoRecovery: policy.recovery });
    const found: boolean[] = [];
    let seen: { at: FramePoint; timeMs: number } | null = null;
    try {
      for (const [i, frame] of frames.entries()) {
        const timeMs = 1000 + i * FRAME_MS;
        const bitmap = await bitmapOf(frame.url);
        const hand = tracker.detectVideo(bitmap, timeMs);
        found.push(hand !== null);
        if (hand) seen = { at: boxCentre(hand.landmarks), timeMs };
        if (policy.recovery === NO_RECOVERY && !hand) {
          // What each single try finds where the VIDEO landmarker found nothing; the follow window
          // where the hand was last seen (by the landmarker or a follow window) within FOLLOW_MS.
          const last: { at: FramePoint; timeMs: number } | null = seen;
          const followAt = last && timeMs - last.timeMs <= FOLLOW_MS ? last.at : null;
          for (const attempt of [...SINGLE_TRIES, ...(followAt ? [followTry(followAt, 'full'), followTry(followAt, 'lite')] : [])]) {
            const result = tracker.tryImage(bitmap, attempt);
            count(attempt.id === 'follow' ? `follow window, ${attempt.model} model` : attempt.id, frame.hand, result !== null);
            if (result && attempt.id === 'follow') seen = { at: boxCentre(result.landmarks), timeMs };
          }
        }
        bitmap.close();
      }
    } finally {
      tracker.close();
    }
    policies.push({ name: policy.name, found });
  }
  return { policies, tries: [...tries.values()] };
}

declare global {
  interface Window {
    measureVideoRecall: typeof measure;
  }
}
window.measureVideoRecall = measure;
