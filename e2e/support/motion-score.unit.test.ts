import { describe, expect, it } from 'vitest';
import { barPeaks, delayStats, handShare, describeEvent, formatConfusion, formatScore, scoreMotionEvents } from './motion-score';

/** Rest 0–2 s, swipe-left 2–3 s, rest 3–6 s, wave 6–7 s, no hand 7–9 s, circle-cw 9–10 s, rest 10–12 s (one minute = 60 000 ms is not needed: 12 s watched). */
const TIMELINE = [
  { kind: 'idle', startMs: 0, endMs: 2000 },
  { kind: 'swipe-left', startMs: 2000, endMs: 3000 },
  { kind: 'idle', startMs: 3000, endMs: 6000 },
  { kind: 'wave', startMs: 6000, endMs: 7000 },
  { kind: 'no-hand', startMs: 7000, endMs: 9000 },
  { kind: 'circle-cw', startMs: 9000, endMs: 10_000 },
  { kind: 'idle', startMs: 10_000, endMs: 12_000 },
];

describe('scoreMotionEvents', () => {
  it('recognises a motion whose one event names it within [start, end + 1000 ms] and measures its delay after the end', () => {
    const score = scoreMotionEvents(TIMELINE, [
      { className: 'swipe-left', atMs: 3200 },
      { className: 'wave', atMs: 6900 },
      { className: 'circle-cw', atMs: 11_000 },
    ]);
    expect(score.motions.map((m) => [m.kind, m.recognised, m.delayMs])).toEqual([
      ['swipe-left', true, 200],
      ['wave', true, -100],
      ['circle-cw', true, 1000],
    ]);
    expect(score.recognised).toBe(3);
    expect(score.recognisedShare).toBe(1);
    expect(score.falseEvents).toEqual([]);
    expect(score.delay).toEqual({ medianMs: 200, p90Ms: 1000, maxMs: 1000 });
  });

  it('does not recognise a motion with a late event, a wrong class, or a second event in its window', () => {
    const score = scoreMotionEvents(TIMELINE, [
      { className: 'swipe-left', atMs: 4001 }, // 1001 ms after the end: false
      { className: 'swipe-left', atMs: 6500 }, // during the wave: wrong
      { className: 'circle-cw', atMs: 9800 },
      { className: 'circle-cw', atMs: 10_500 }, // a second one
    ]);
    expect(score.motions.map((m) => m.recognised)).toEqual([false, false, false]);
    expect(score.recognised).toBe(0);
    expect(score.falseEvents).toEqual([{ className: 'swipe-left', atMs: 4001 }]);
    expect(score.delay).toBeNull();
    expect(score.confusion.rows).toEqual(['swipe-left', 'circle-cw', 'wave']);
    expect(score.confusion.columns).toEqual(['swipe-left', 'circle-cw', 'wave', 'none']);
    expect(score.confusion.counts).toEqual([
      [0, 0, 0, 1],
      [0, 2, 0, 0],
      [1, 0, 0, 0],
    ]);
  });

  it('counts events outside every window as false, per minute of the watched span, and ignores events outside it', () => {
    const score = scoreMotionEvents(TIMELINE, [
      { className: 'wave', atMs: 500 },
      { className: 'push', atMs: 8100 }, // no hand, after the wave's window
      { className: 'wave', atMs: 11_500 }, // after the circle's window, still watched
      { className: 'wave', atMs: 12_500 }, // after the watched span
      { className: 'wave', atMs: -10 }, // before it
    ]);
    expect(score.falseEvents.map((e) => e.atMs)).toEqual([500, 8100, 11_500]);
    expect(score.minutes).toBeCloseTo(12 / 60, 10);
    expect(score.falsePerMinute).toBeCloseTo(3 / (12 / 60), 10);
  });

  it('gives an event in two overlapping windows to the motion that started last', () => {
    const close = [
      { kind: 'swipe-up', startMs: 0, endMs: 1000 },
      { kind: 'swipe-down', startMs: 1500, endMs: 2500 },
    ];
    const score = scoreMotionEvents(close, [
      { className: 'swipe-up', atMs: 1200 },
      { className: 'swipe-down', atMs: 1800 },
    ]);
    expect(score.motions.map((m) => m.recognised)).toEqual([true, true]);
  });

  it('maps kinds to the class names the app uses, and lists a class no kind maps to as its own column', () => {
    const names: Record<string, string> = { 'swipe-left': 'Left', wave: 'Hello', 'circle-cw': 'Round' };
    const score = scoreMotionEvents(
      TIMELINE,
      [
        { className: 'Left', atMs: 3100 },
        { className: 'Shake', atMs: 6500 },
      ],
      { classOf: (kind) => names[kind] ?? kind },
    );
    expect(score.motions.map((m) => m.recognised)).toEqual([true, false, false]);
    expect(score.confusion.columns).toEqual(['Left', 'Round', 'Hello', 'Shake', 'none']);
    expect(formatConfusion(score).split('\n')).toEqual([
      'true \\ fired  Left  Round  Hello  Shake  none',
      'swipe-left       1      0      0      0     0',
      'circle-cw        0      0      0      0     1',
      'wave             0      0      0      1     0',
    ]);
    expect(formatScore(score)).toBe("recognised 1/3 = 33.3%; 0 false events in 0.20 min = 0.00/min; delay after the motion's end median 100 ms, p90 100 ms, max 100 ms");
  });

  it('refuses an empty timeline and a negative lateness', () => {
    expect(() => scoreMotionEvents([], [])).toThrow(RangeError);
    expect(() => scoreMotionEvents(TIMELINE, [], { lateMs: -1 })).toThrow(RangeError);
  });
});

describe('delayStats', () => {
  it('takes the median of the middle two for an even count and the 90th percentile by nearest rank', () => {
    expect(delayStats([400, 100, 300, 200])).toEqual({ medianMs: 250, p90Ms: 400, maxMs: 400 });
    expect(delayStats(Array.from({ length: 10 }, (_, i) => (i + 1) * 10))).toEqual({ medianMs: 55, p90Ms: 90, maxMs: 100 });
    expect(delayStats([7])).toEqual({ medianMs: 7, p90Ms: 7, maxMs: 7 });
    expect(() => delayStats([])).toThrow(RangeError);
  });
});

describe('describeEvent', () => {
  it('says which segment an event fell in and how far into it', () => {
    expect(describeEvent(TIMELINE, { className: 'wave', atMs: 7400 })).toBe('wave at 7.4 s, 0.4 s into no-hand (segment 4)');
    expect(describeEvent(TIMELINE, { className: 'wave', atMs: 12_000 })).toBe('wave at 12.0 s, outside the timeline');
  });
});

describe('barPeaks', () => {
  const swipe = { kind: 'swipe-left', startMs: 2000, endMs: 3000 };
  const readings = [
    { atMs: 1500, bars: { 'swipe-left': 0.99, wave: 0.9, idle: 0 }, hand: true }, // before the motion: not counted
    { atMs: 2500, bars: { 'swipe-left': 0.4, wave: 0.5, idle: 0.1 }, hand: true },
    { atMs: 3500, bars: { 'swipe-left': 0.7, wave: 0.1, idle: 0.95 }, hand: true },
    { atMs: 4200, bars: { 'swipe-left': 0.95, wave: 0.95, idle: 0 }, hand: true }, // more than 1 s after its end: not counted
  ];

  it('gives the highest own bar in the window and the highest other class but idle', () => {
    expect(barPeaks(swipe, readings, { idle: 'idle' })).toEqual({ own: 0.7, rival: { className: 'wave', peak: 0.5 } });
  });

  it('names classes through classOf, and gives nulls without a reading in the window', () => {
    const named = readings.map(({ atMs, bars }) => ({ atMs, bars: { 'Swipe left': bars['swipe-left'], Wave: bars.wave } }));
    expect(barPeaks(swipe, named, { classOf: (kind) => (kind === 'swipe-left' ? 'Swipe left' : kind) }).own).toBe(0.7);
    expect(barPeaks({ ...swipe, startMs: 5000, endMs: 6000 }, readings)).toEqual({ own: null, rival: null });
  });
});

describe('handShare', () => {
  const motion = { startMs: 1000, endMs: 2000 };

  it('weighs each reading by how long it held within the motion', () => {
    const readings = [
      { atMs: 500, hand: true }, // holds 1000–1200 of the motion
      { atMs: 1200, hand: false }, // 1200–1500
      { atMs: 1500, hand: true }, // 1500–2000, and on
      { atMs: 2600, hand: false },
    ];
    expect(handShare(motion, readings)).toBeCloseTo(0.7);
  });

  it('is null when no reading came before the motion ended', () => {
    expect(handShare(motion, [{ atMs: 2500, hand: true }])).toBeNull();
    expect(handShare(motion, [])).toBeNull();
  });
});
