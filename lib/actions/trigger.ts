import { argMax } from '../evaluate';
import { isNoneClass } from '../dataset';

/** How long a gesture is held before its action fires, unless its class says otherwise. */
export const DEFAULT_HOLD_MS = 400;
/** The least time between two firings of any actions. */
export const DEFAULT_COOLDOWN_MS = 800;
/**
 * Hysteresis: a held gesture stays held while its probability is at least the threshold minus this,
 * so a label hovering around the threshold does not release and fire again.
 */
export const RELEASE_MARGIN = 0.1;
/**
 * A held gesture is released only once it has been away (below the margin, another label on top, no
 * hand) this long: a flicker of a frame or two neither releases it (so it cannot fire twice) nor counts.
 */
export const RELEASE_DEBOUNCE_MS = 200;
/**
 * Frames further apart than this (a hidden tab, a stalled engine) or a clock going backwards mean
 * nothing was seen in between: a charge restarts rather than completing over time nobody watched.
 */
export const MAX_FRAME_GAP_MS = 1000;

/** What the live loop saw in one frame. */
export interface TriggerFrame {
  /** Smoothed class probabilities, or null when nothing was classified. */
  readonly probabilities: ArrayLike<number> | null;
  readonly classNames: readonly string[];
  /** True when a hand mode sees no hand: nothing is a gesture then, whatever the probabilities say. */
  readonly noHand: boolean;
  /** Milliseconds on a steady clock (`performance.now()`). */
  readonly now: number;
}

export interface TriggerSettings {
  /** The labels that have an action, each with its hold time in ms; others never charge. */
  readonly armed: ReadonlyMap<string, number>;
  /** The live view's confidence threshold, 0..1: below it the label is Unknown. */
  readonly threshold: number;
  readonly cooldownMs: number;
}

/**
 * - `idle`: no armed gesture is held.
 * - `charging`: one is held; `progress` runs from 0 to 1 over its hold time.
 * - `cooldown`: it has been held long enough, but another action fired too recently; it fires when the cooldown ends if still held.
 * - `fired`: its action fired; it fires again only after it is released and held anew.
 */
export type TriggerPhase = 'idle' | 'charging' | 'cooldown' | 'fired';

export interface TriggerState {
  readonly phase: TriggerPhase;
  /** The held gesture (null when idle). */
  readonly label: string | null;
  /** 0..1: share of the hold time held so far (1 once fired). */
  readonly progress: number;
}

export interface TriggerStep {
  readonly state: TriggerState;
  /** The label whose action fires on this frame, or null. */
  readonly fired: string | null;
}

export interface GestureTrigger {
  /** Takes the next frame; frames must come in the order they were seen. */
  step(frame: TriggerFrame, settings: TriggerSettings): TriggerStep;
  /** Forgets the held gesture and the cooldown (a new model, the camera stopped). */
  reset(): void;
}

export const IDLE_TRIGGER: TriggerState = { phase: 'idle', label: null, progress: 0 };

interface Hold {
  readonly label: string;
  /** When the gesture was first seen, continuously since (charging counts from here). */
  readonly since: number;
  fired: boolean;
}

/**
 * Turns the per-frame label into firings: an armed gesture that is the confident top label charges,
 * fires once it has been held for its hold time, and fires again only after a release. It never
 * fires for the "None of these" class, for an Unknown label (below the threshold) or with no hand.
 */
export function createGestureTrigger(): GestureTrigger {
  let hold: Hold | null = null;
  /** When the held gesture went away (released after RELEASE_DEBOUNCE_MS), or null while it is seen. */
  let awaySince: number | null = null;
  /** The armed confident label of the last frame and since when it has been so, uninterrupted. */
  let candidate: { label: string; since: number } | null = null;
  let lastFiredAt: number | null = null;
  let lastNow: number | null = null;

  const reset = () => {
    hold = null;
    awaySince = null;
    candidate = null;
    lastFiredAt = null;
    lastNow = null;
  };

  return {
    reset,
    step(frame, settings) {
      const { now } = frame;
      if (lastNow !== null && (now < lastNow || now - lastNow > MAX_FRAME_GAP_MS)) {
        // Unseen time: a charge starts again, and a pending release or candidate is forgotten. A
        // hold that already fired stays fired, since no release was seen.
        if (hold && !hold.fired) hold = null;
        awaySince = null;
        candidate = null;
        if (lastFiredAt !== null && lastFiredAt > now) lastFiredAt = now;
      }
      lastNow = now;

      const top = confidentArmedLabel(frame, settings);
      candidate = top === null ? null : candidate?.label === top ? candidate : { label: top, since: now };

      if (hold && !settings.armed.has(hold.label)) {
        // Its action was taken away mid-hold.
        hold = null;
        awaySince = null;
      }
      if (hold) {
        if (stillHeld(hold.label, frame, settings)) {
          awaySince = null;
        } else {
          awaySince ??= now;
          if (now - awaySince >= RELEASE_DEBOUNCE_MS) {
            hold = null;
            awaySince = null;
          }
        }
      }
      if (!hold && candidate) hold = { label: candidate.label, since: candidate.since, fired: false };
      if (!hold) return { state: IDLE_TRIGGER, fired: null };
      if (hold.fired) return { state: { phase: 'fired', label: hold.label, progress: 1 }, fired: null };

      const holdMs = settings.armed.get(hold.label) ?? DEFAULT_HOLD_MS;
      const progress = holdMs > 0 ? Math.min(1, (now - hold.since) / holdMs) : 1;
      // Only a frame that sees the gesture can fire it, never one inside a flicker away.
      if (progress < 1 || awaySince !== null) return { state: { phase: 'charging', label: hold.label, progress }, fired: null };
      if (lastFiredAt !== null && now - lastFiredAt < settings.cooldownMs) return { state: { phase: 'cooldown', label: hold.label, progress }, fired: null };
      hold.fired = true;
      lastFiredAt = now;
      return { state: { phase: 'fired', label: hold.label, progress: 1 }, fired: hold.label };
    },
  };
}

/** The frame's top label when it is confident, armed, and a gesture (not "None of these"); else null. */
function confidentArmedLabel(frame: TriggerFrame, settings: TriggerSettings): string | null {
  const { probabilities, classNames } = frame;
  if (frame.noHand || !probabilities || probabilities.length === 0 || probabilities.length !== classNames.length) return null;
  const index = argMax(probabilities);
  const label = classNames[index];
  if (!(probabilities[index] >= settings.threshold) || isNoneClass(label) || !settings.armed.has(label)) return null;
  return label;
}

/** Whether `label` is still held: a hand, no other confident label on top, and at least threshold − margin. */
function stillHeld(label: string, frame: TriggerFrame, settings: TriggerSettings): boolean {
  const { probabilities, classNames } = frame;
  if (frame.noHand || !probabilities || probabilities.length !== classNames.length) return false;
  const index = classNames.indexOf(label);
  if (index < 0 || !(probabilities[index] >= settings.threshold - RELEASE_MARGIN)) return false;
  const top = argMax(probabilities);
  return top === index || !(probabilities[top] >= settings.threshold);
}
