import type { MotionStep } from '../motion';
import { withShownEvent, type ShownMotionEvent } from '../studio';

export interface MotionFeedState {
  /** The engine has the bundle's motion model: frames go to it and its events show. */
  readonly recognising: boolean;
  /** The latest first, at most `RECENT_EVENTS`. */
  readonly events: readonly ShownMotionEvent[];
}

const OFF: MotionFeedState = { recognising: false, events: [] };

/**
 * The player's live motions, outside React: the live loop's motion sink (frames are wanted while the
 * engine recognises) and the events it reports, as the studio's `MotionController` shows them
 * (`components/motion-events.tsx` reads either) and hands them to actions (`latestEvent`).
 */
export class MotionFeed {
  private state: MotionFeedState = OFF;
  private readonly listeners = new Set<() => void>();
  private seq = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  getState = (): MotionFeedState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  latestEvent = (): ShownMotionEvent | null => this.state.events[0] ?? null;

  get wantsFrames(): boolean {
    return this.state.recognising;
  }

  /** The engine now recognises with a motion model (true), or has none (false); either way the last model's events go. */
  setRecognising(recognising: boolean): void {
    if (recognising || this.state !== OFF) this.set({ recognising, events: [] });
  }

  onFrame(_capturedMs: number, _row: Float32Array | null, step: MotionStep | null): void {
    const event = step?.event;
    if (!event || !this.state.recognising) return;
    this.seq += 1;
    this.set({ ...this.state, events: withShownEvent(this.state.events, event, this.seq, this.now()) });
  }

  private set(state: MotionFeedState): void {
    this.state = state;
    this.listeners.forEach((listener) => listener());
  }
}
