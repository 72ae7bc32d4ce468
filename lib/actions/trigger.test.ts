import { describe, expect, it } from 'vitest';
import { NONE_CLASS_NAME } from '../dataset';
import { createGestureTrigger, DEFAULT_HOLD_MS, MAX_FRAME_GAP_MS, RELEASE_DEBOUNCE_MS, RELEASE_MARGIN, type TriggerSettings, type TriggerStep } from './trigger';

const NAMES = ['Thumbs up', 'Wave', NONE_CLASS_NAME];
const FRAME_MS = 50;
const settings: TriggerSettings = { armed: new Map([['Thumbs up', DEFAULT_HOLD_MS], ['Wave', 600], [NONE_CLASS_NAME, 100]]), threshold: 0.6, cooldownMs: 800 };

/** What the camera shows in one frame: a class at a confidence, an unsure frame, or no hand. */
type Shown = { label: string; p?: number } | 'unsure' | 'no-hand' | 'nothing';

function probabilities(shown: Shown): Float32Array | null {
  if (shown === 'nothing' || shown === 'no-hand') return null;
  if (shown === 'unsure') return Float32Array.from([0.4, 0.35, 0.25]);
  const p = shown.p ?? 0.9;
  return Float32Array.from(NAMES, (name) => (name === shown.label ? p : (1 - p) / (NAMES.length - 1)));
}

/** Plays frames FRAME_MS apart from `start`; returns every step and the labels fired, in order. */
function play(shown: readonly Shown[], options: { trigger?: ReturnType<typeof createGestureTrigger>; start?: number; settings?: TriggerSettings } = {}) {
  const trigger = options.trigger ?? createGestureTrigger();
  const steps: TriggerStep[] = shown.map((s, i) =>
    trigger.step({ probabilities: probabilities(s), classNames: NAMES, noHand: s === 'no-hand', now: (options.start ?? 0) + i * FRAME_MS }, options.settings ?? settings),
  );
  return { trigger, steps, fired: steps.flatMap((s) => (s.fired ? [s.fired] : [])) };
}

const repeat = (shown: Shown, frames: number): Shown[] => Array.from({ length: frames }, () => shown);
const thumbs = (frames: number, p = 0.9): Shown[] => repeat({ label: 'Thumbs up', p }, frames);

describe('createGestureTrigger', () => {
  it('fires exactly once per hold, on the first frame at the hold time', () => {
    const { steps, fired } = play(thumbs(60)); // 3 s held
    expect(fired).toEqual(['Thumbs up']);
    const at = steps.findIndex((s) => s.fired);
    expect(at * FRAME_MS).toBe(DEFAULT_HOLD_MS);
    expect(steps.slice(at + 1).every((s) => s.state.phase === 'fired')).toBe(true);
  });

  it('reports the hold progress from 0 to 1 while charging', () => {
    const { steps } = play(thumbs(9));
    expect(steps.map((s) => s.state.progress)).toEqual([0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1]);
    expect(steps.slice(0, 8).every((s) => s.state.phase === 'charging' && s.state.label === 'Thumbs up')).toBe(true);
  });

  it("uses each class's own hold time", () => {
    const { steps } = play(repeat({ label: 'Wave' }, 20));
    expect(steps.findIndex((s) => s.fired === 'Wave') * FRAME_MS).toBe(600);
  });

  it('fires once per hold over several holds separated by releases', () => {
    const hold = [...thumbs(20), ...repeat('no-hand', 10)];
    expect(play([...hold, ...hold, ...hold]).fired).toEqual(['Thumbs up', 'Thumbs up', 'Thumbs up']);
  });

  it('never fires for "None of these", even with an action', () => {
    const { steps, fired } = play(repeat({ label: NONE_CLASS_NAME, p: 0.99 }, 60));
    expect(fired).toEqual([]);
    expect(steps.every((s) => s.state.phase === 'idle')).toBe(true);
  });

  it('never fires for Unknown (below the threshold), nothing classified, or no hand', () => {
    expect(play(thumbs(60, 0.55)).fired).toEqual([]);
    expect(play(repeat('unsure', 60)).fired).toEqual([]);
    expect(play(repeat('nothing', 60)).fired).toEqual([]);
    const trigger = createGestureTrigger();
    // Confident probabilities, but the hand mode sees no hand: not a gesture.
    const steps = Array.from({ length: 60 }, (_, i) => trigger.step({ probabilities: probabilities({ label: 'Thumbs up' }), classNames: NAMES, noHand: true, now: i * FRAME_MS }, settings));
    expect(steps.filter((s) => s.fired)).toEqual([]);
  });

  it('never fires for a class without an action', () => {
    const armed = new Map([['Wave', 400]]);
    expect(play(thumbs(60), { settings: { ...settings, armed } }).fired).toEqual([]);
  });

  it('a one-frame flicker neither fires nor re-arms', () => {
    // One confident frame among unsure ones: never held long enough to fire.
    expect(play([...repeat('unsure', 5), { label: 'Thumbs up' }, ...repeat('unsure', 20)]).fired).toEqual([]);
    expect(play([...repeat('unsure', 5), { label: 'Wave' }, ...repeat('unsure', 20)]).fired).toEqual([]);
    // A flicker away (no hand, unsure, another label) after firing: the hold is not released.
    for (const away of ['no-hand', 'unsure', { label: 'Wave' }, { label: NONE_CLASS_NAME }] as const) {
      expect(play([...thumbs(20), away, ...thumbs(20)]).fired).toEqual(['Thumbs up']);
    }
    // Away for just under the debounce: still one hold.
    const frames = Math.ceil(RELEASE_DEBOUNCE_MS / FRAME_MS) - 1;
    expect(play([...thumbs(20), ...repeat('no-hand', frames), ...thumbs(20)]).fired).toEqual(['Thumbs up']);
  });

  it('a flicker away during the charge does not restart it, and no frame inside the flicker fires', () => {
    const { steps } = play([...thumbs(7), 'no-hand', 'no-hand', ...thumbs(5)]);
    // Frame 7 and 8 are away; the hold time is reached at frame 8, but it fires on frame 9, when seen again.
    expect(steps[8].fired).toBeNull();
    expect(steps[9].fired).toBe('Thumbs up');
  });

  it('hysteresis: a label dipping just below the threshold (within the margin) stays held', () => {
    const dip = thumbs(10, 0.6 - RELEASE_MARGIN / 2);
    expect(play([...thumbs(20), ...dip, ...thumbs(20), ...dip, ...thumbs(20)]).fired).toEqual(['Thumbs up']);
    // Below threshold − margin for longer than the debounce: released, and the return is a new hold.
    const drop = thumbs(10, 0.6 - RELEASE_MARGIN * 1.5);
    expect(play([...thumbs(20), ...drop, ...thumbs(20)]).fired).toEqual(['Thumbs up', 'Thumbs up']);
  });

  it('another confident label takes over once the debounce has passed, charging from when it appeared', () => {
    const { steps, fired } = play([...thumbs(20), ...repeat({ label: 'Wave' }, 30)]);
    expect(fired).toEqual(['Thumbs up', 'Wave']);
    // Wave appeared at frame 20 and its hold is 600 ms.
    expect(steps.findIndex((s) => s.fired === 'Wave')).toBe(20 + 600 / FRAME_MS);
  });

  it('the cooldown delays the next firing; the hold fires when it ends if still held', () => {
    const quick = { ...settings, cooldownMs: 2000 };
    const { steps, fired } = play([...thumbs(10), ...repeat('no-hand', 5), ...thumbs(40)], { settings: quick });
    expect(fired).toEqual(['Thumbs up', 'Thumbs up']);
    const [first, second] = steps.flatMap((s, i) => (s.fired ? [i] : []));
    expect((second - first) * FRAME_MS).toBe(2000);
    expect(steps[first + 15 + DEFAULT_HOLD_MS / FRAME_MS].state.phase).toBe('cooldown');
    // Released before the cooldown ends: that hold never fires.
    expect(play([...thumbs(10), ...repeat('no-hand', 5), ...thumbs(12), ...repeat('no-hand', 30)], { settings: quick }).fired).toEqual(['Thumbs up']);
  });

  it('a gap in the frames (hidden tab) restarts a charge instead of completing it over unseen time', () => {
    const trigger = createGestureTrigger();
    play(thumbs(5), { trigger }); // 0..200 ms, charging
    const resumed = 200 + MAX_FRAME_GAP_MS + 1;
    const after = play(thumbs(1), { trigger, start: resumed });
    expect(after.fired).toEqual([]);
    expect(after.steps[0].state).toEqual({ phase: 'charging', label: 'Thumbs up', progress: 0 });
    // It fires a whole hold time after the first frame seen again.
    const firedAt = resumed + FRAME_MS * (1 + play(thumbs(10), { trigger, start: resumed + FRAME_MS }).steps.findIndex((s) => s.fired));
    expect(firedAt - resumed).toBeGreaterThanOrEqual(DEFAULT_HOLD_MS);
    expect(firedAt - resumed).toBeLessThan(DEFAULT_HOLD_MS + FRAME_MS);
  });

  it('a gap does not re-arm a hold that already fired', () => {
    const trigger = createGestureTrigger();
    expect(play(thumbs(20), { trigger }).fired).toEqual(['Thumbs up']);
    expect(play(thumbs(20), { trigger, start: 60_000 }).fired).toEqual([]);
  });

  it('time going backwards restarts a charge and does not stretch the cooldown', () => {
    const trigger = createGestureTrigger();
    expect(play([...thumbs(10), ...repeat('no-hand', 5)], { trigger, start: 10_000 }).fired).toEqual(['Thumbs up']);
    // The clock jumps back 10 s: the next hold fires after its own hold time and one cooldown at most.
    const { steps, fired } = play(thumbs(30), { trigger, start: 0 });
    expect(fired).toEqual(['Thumbs up']);
    expect(steps.findIndex((s) => s.fired) * FRAME_MS).toBeLessThanOrEqual(settings.cooldownMs);
  });

  it('taking the action away mid-hold stops the charge; reset forgets the hold', () => {
    const trigger = createGestureTrigger();
    play(thumbs(4), { trigger });
    const unarmed = play(thumbs(10), { trigger, start: 200, settings: { ...settings, armed: new Map() } });
    expect(unarmed.fired).toEqual([]);
    expect(unarmed.steps.every((s) => s.state.phase === 'idle')).toBe(true);
    expect(play(thumbs(20), { trigger, start: 700 }).fired).toEqual(['Thumbs up']);
    trigger.reset();
    expect(play(thumbs(20), { trigger, start: 1700 }).fired).toEqual(['Thumbs up']);
  });

  it('ignores probabilities that do not match the class names', () => {
    const trigger = createGestureTrigger();
    const steps = Array.from({ length: 30 }, (_, i) => trigger.step({ probabilities: Float32Array.from([0.9, 0.1]), classNames: NAMES, noHand: false, now: i * FRAME_MS }, settings));
    expect(steps.filter((s) => s.fired)).toEqual([]);
  });
});
