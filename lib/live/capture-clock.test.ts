import { describe, expect, it } from 'vitest';
import { createCaptureClock } from './capture-clock';

/** Which of these frame times the clock keeps. */
function kept(perSecond: number, times: number[]): number[] {
  const clock = createCaptureClock(perSecond);
  return times.filter((t) => clock.take(t));
}

describe('createCaptureClock', () => {
  it('always takes the first frame', () => {
    expect(createCaptureClock(1).take(123456)).toBe(true);
  });

  it('keeps at most `perSecond` frames a second from a faster stream', () => {
    const frames = Array.from({ length: 61 }, (_, i) => i * (1000 / 60)); // 60 fps for one second
    const taken = kept(5, frames);
    expect(taken).toHaveLength(6); // at 0, 200, 400, 600, 800 and 1000 ms
    expect(taken[0]).toBe(0);
    for (let i = 1; i < taken.length; i += 1) expect(taken[i] - taken[i - 1]).toBeGreaterThanOrEqual(200 - 1e-9);
  });

  it('holds the ideal schedule when frames arrive slightly late', () => {
    expect(kept(5, [0, 150, 210, 390, 405, 600])).toEqual([0, 210, 405, 600]);
  });

  it('does not burst to catch up after a long gap', () => {
    // Nothing between 200 and 2000 ms: the next take is 200 ms after 2000, not immediately again.
    expect(kept(5, [0, 200, 2000, 2010, 2100, 2199, 2200, 2400])).toEqual([0, 200, 2000, 2200, 2400]);
  });

  it('starts over after reset', () => {
    const clock = createCaptureClock(2);
    expect(clock.take(0)).toBe(true);
    expect(clock.take(100)).toBe(false);
    clock.reset();
    expect(clock.take(100)).toBe(true);
    expect(clock.take(400)).toBe(false);
    expect(clock.take(600)).toBe(true);
  });

  it('throws for a rate that is not positive', () => {
    for (const bad of [0, -1, Number.NaN]) expect(() => createCaptureClock(bad)).toThrow(RangeError);
  });
});
