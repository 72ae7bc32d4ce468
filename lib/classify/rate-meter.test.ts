import { describe, expect, it } from 'vitest';
import { createRateMeter } from './rate-meter';

describe('createRateMeter', () => {
  it('reads 0 before two frames', () => {
    const m = createRateMeter();
    expect([m.fps, m.latencyMs]).toEqual([0, 0]);
    m.record(1000, 12);
    expect([m.fps, m.latencyMs]).toEqual([0, 12]);
  });

  it('computes fps from frame end times and the mean latency', () => {
    const m = createRateMeter();
    m.record(0, 10);
    m.record(100, 20);
    m.record(200, 30);
    m.record(250, 40);
    expect(m.fps).toBeCloseTo(3000 / 250, 10);
    expect(m.latencyMs).toBe(25);
  });

  it('only counts the last `windowSize` frames', () => {
    const m = createRateMeter(3);
    [0, 10, 20].forEach((t) => m.record(t, 100));
    [120, 220, 320].forEach((t) => m.record(t, 10));
    expect(m.fps).toBeCloseTo(2000 / 200, 10);
    expect(m.latencyMs).toBe(10);
  });

  it('reads 0 fps when frames share a timestamp', () => {
    const m = createRateMeter();
    m.record(5, 1);
    m.record(5, 1);
    expect(m.fps).toBe(0);
  });

  it('forgets everything on reset', () => {
    const m = createRateMeter();
    m.record(0, 10);
    m.record(100, 10);
    m.reset();
    expect([m.fps, m.latencyMs]).toEqual([0, 0]);
    m.record(1000, 4);
    m.record(1500, 6);
    expect(m.fps).toBe(2);
    expect(m.latencyMs).toBe(5);
  });
});
