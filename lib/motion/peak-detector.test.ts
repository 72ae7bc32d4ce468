import { describe, expect, it } from 'vitest';
import { createRandom } from '../train';
import { createPeakDetector, type PeakEvent } from './peak-detector';

/** Feeds class 1's probability `series` (class 0 gets the rest), one step every 50 ms; returns the events. */
function run(series: readonly number[], options = {}, idle: number | null = 0): PeakEvent[] {
  const detector = createPeakDetector(2, idle, options);
  return series.flatMap((p, i) => detector.update([1 - p, p], i * 50) ?? []);
}

describe('createPeakDetector', () => {
  it('fires once, one step after the probability peaks, with the peak', () => {
    const events = run([0.1, 0.3, 0.6, 0.82, 0.88, 0.93, 0.91, 0.9, 0.5, 0.2]);
    expect(events).toEqual([{ classIndex: 1, probability: 0.93, timeMs: 300 }]);
  });

  it('fires at once when the probability saturates, without waiting a step to see it stop climbing', () => {
    const series = [0.1, 0.3, 0.6, 0.85, 0.95, 0.97, 0.99, 0.9, 0.5, 0.2];
    expect(run(series)).toEqual([{ classIndex: 1, probability: 0.95, timeMs: 200 }]);
    // Still not before the class has held above the threshold for minSteps steps.
    expect(run([0.1, 0.97, 0.99, 0.99, 0.2])).toEqual([{ classIndex: 1, probability: 0.99, timeMs: 100 }]);
    expect(run(series, { saturation: 1 })).toEqual([{ classIndex: 1, probability: 0.99, timeMs: 350 }]);
  });

  it('fires once on a saturated plateau that creeps up by less than minRise', () => {
    const plateau = Array.from({ length: 30 }, (_, i) => 0.99 + i * 0.0003);
    const events = run([0.2, 0.5, ...plateau, 0.3]);
    expect(events).toHaveLength(1);
    expect(events[0].timeMs).toBe(150); // 0.99 at step 2; 0.9903 at step 3 is no real rise
  });

  it('fires again only after the class falls below release and the refractory time has passed', () => {
    const bump = [0.2, 0.9, 0.95, 0.9, 0.2];
    expect(run([...bump, ...bump], { refractoryMs: 200 })).toHaveLength(2);
    expect(run([...bump, ...bump], { refractoryMs: 600 })).toHaveLength(1);
    // A dip that stays above release is the same motion.
    expect(run([0.2, 0.9, 0.95, 0.6, 0.9, 0.95, 0.9, 0.2], { refractoryMs: 0 })).toHaveLength(1);
  });

  it('does not fire on a one-step blip above the threshold, but may when the class crosses again and holds', () => {
    expect(run([0.2, 0.93, 0.77, 0.3], { refractoryMs: 0 })).toEqual([]);
    expect(run([0.2, 0.93, 0.77, 0.85, 0.95, 0.9, 0.2], { refractoryMs: 0 })).toEqual([{ classIndex: 1, probability: 0.95, timeMs: 200 }]);
    expect(run([0.2, 0.93, 0.77, 0.3], { refractoryMs: 0, minSteps: 1 })).toHaveLength(1);
  });

  it('keeps the refractory time across classes', () => {
    const detector = createPeakDetector(3, null, { refractoryMs: 500 });
    const steps = [[0.9, 0.05, 0.05], [0.95, 0.03, 0.02], [0.2, 0.7, 0.1], [0.05, 0.9, 0.05], [0.05, 0.95, 0.0], [0.1, 0.8, 0.1]];
    const events = steps.flatMap((p, i) => detector.update(p, i * 100) ?? []);
    expect(events.map((e) => e.classIndex)).toEqual([0]);
  });

  it('yields to a rival motion class that is above the class when it peaks, but not to the idle class', () => {
    // Class 1 holds above the threshold, then the probability passes to class 2: class 1 was its start.
    const handover = [[0.9, 0.1, 0], [0.1, 0.85, 0.05], [0.02, 0.93, 0.05], [0, 0.3, 0.7], [0, 0.02, 0.98], [0, 0.01, 0.99], [0.9, 0, 0.1]];
    const feed = (options = {}, idle: number | null = 0) => {
      const detector = createPeakDetector(3, idle, { refractoryMs: 0, ...options });
      return handover.flatMap((p, i) => detector.update(p, i * 50) ?? []).map((e) => e.classIndex);
    };
    expect(feed()).toEqual([2]);
    expect(feed({ yieldToRival: false })).toEqual([1, 2]);
    // Falling back to the idle class is a motion that ended, not one that gave way.
    expect(feed({}, 2)).toEqual([1]);
  });

  it('never fires the idle class', () => {
    expect(run([0.3, 0.9, 0.95, 0.9, 0.3], {}, 1)).toEqual([]);
    const detector = createPeakDetector(2, 0);
    const events = [1, 0.99, 0.5, 1, 0.98].flatMap((p, i) => detector.update([p, 1 - p], i * 1000) ?? []);
    expect(events).toEqual([]);
  });

  it('stays silent on noise below the threshold, and fires at most once on flicker about it', () => {
    const random = createRandom(4);
    expect(run(Array.from({ length: 2000 }, () => 0.75 * random()), { refractoryMs: 0 })).toEqual([]);
    const flicker = Array.from({ length: 200 }, () => 0.7 + 0.15 * random());
    expect(run(flicker, { refractoryMs: 0 }).length).toBeLessThanOrEqual(1);
  });

  it('forgets its state and refractory time on reset', () => {
    const detector = createPeakDetector(2, null, { refractoryMs: 10_000 });
    const feed = (start: number) => [0.9, 0.95, 0.9].flatMap((p, i) => detector.update([1 - p, p], start + i) ?? []);
    expect(feed(0)).toHaveLength(1);
    detector.reset();
    expect(feed(10)).toHaveLength(1);
  });

  it('refuses options that cannot work and probabilities of another length', () => {
    expect(() => createPeakDetector(2, null, { threshold: 0.5 })).toThrow(RangeError);
    expect(() => createPeakDetector(2, null, { threshold: 0.8, release: 0.8 })).toThrow(RangeError);
    expect(() => createPeakDetector(2, null, { refractoryMs: -1 })).toThrow(RangeError);
    expect(() => createPeakDetector(2, null, { minSteps: 0 })).toThrow(RangeError);
    expect(() => createPeakDetector(2, null).update([1, 0, 0], 0)).toThrow(RangeError);
  });
});
