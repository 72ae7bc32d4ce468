import { describe, expect, it } from 'vitest';
import { markerRuns, nextPageTime, placeTimeline } from './marker-clock';

/** 9 no hand, 8 rest, 0 swipe, 8 rest (two segments), 9 no hand, 8 rest, 4 circle, 8 rest: 10 s, looping. */
const TIMELINE = [
  { label: 9, startMs: 0, endMs: 500 },
  { label: 8, startMs: 500, endMs: 1500 },
  { label: 0, startMs: 1500, endMs: 2500 },
  { label: 8, startMs: 2500, endMs: 3000 },
  { label: 8, startMs: 3000, endMs: 4000 },
  { label: 9, startMs: 4000, endMs: 5000 },
  { label: 8, startMs: 5000, endMs: 6000 },
  { label: 4, startMs: 6000, endMs: 7000 },
  { label: 8, startMs: 7000, endMs: 10_000 },
];
const DURATION = 10_000;

/** The changes a page sees when the video's frame 0 shows at page time `t0`, from `fromMs` to `toMs` of video time, running `speed` times as fast. */
function seen(t0: number, fromMs: number, toMs: number, speed = 1) {
  const runStarts = [0, 500, 1500, 2500, 4000, 5000, 6000, 7000];
  const labels = [9, 8, 0, 8, 9, 8, 4, 8];
  const changes: { label: number; atMs: number }[] = [];
  for (let loop = 0; loop * DURATION < toMs; loop += 1) {
    runStarts.forEach((start, i) => {
      const v = loop * DURATION + start;
      if (v > fromMs && v < toMs) changes.push({ label: labels[i] as number, atMs: t0 + v / speed });
    });
  }
  // Watching begins mid-run: the first reading is no change.
  const before = [...runStarts].reverse().find((s) => s <= fromMs % DURATION) as number;
  return [{ label: labels[runStarts.indexOf(before)] as number, atMs: t0 + fromMs / speed }, ...changes];
}

describe('markerRuns', () => {
  it('merges consecutive segments with one label, and refuses a timeline whose loop shows no change', () => {
    expect(markerRuns(TIMELINE).map((r) => [r.label, r.startMs, r.endMs, r.first, r.last])).toEqual([
      [9, 0, 500, 0, 0],
      [8, 500, 1500, 1, 1],
      [0, 1500, 2500, 2, 2],
      [8, 2500, 4000, 3, 4],
      [9, 4000, 5000, 5, 5],
      [8, 5000, 6000, 6, 6],
      [4, 6000, 7000, 7, 7],
      [8, 7000, 10_000, 8, 8],
    ]);
    expect(() => markerRuns([...TIMELINE, { label: 9, startMs: 10_000, endMs: 11_000 }])).toThrow(/loops/);
    expect(() => markerRuns([{ label: 3, startMs: 0, endMs: 1 }])).toThrow(RangeError);
  });
});

describe('placeTimeline', () => {
  it('places every segment of the runs seen whole on the page clock, across the loop, with the play each is in', () => {
    // Watching from video time 1200 ms (in the first rest) to 13 500 ms (the next play's second rest).
    const placed = placeTimeline(TIMELINE, seen(100_000, 1200, 13_500));
    expect(placed.map((p) => [p.index, p.loop, p.startMs, p.endMs])).toEqual([
      [2, 0, 101_500, 102_500],
      [3, 0, 102_500, 103_000],
      [4, 0, 103_000, 104_000],
      [5, 0, 104_000, 105_000],
      [6, 0, 105_000, 106_000],
      [7, 0, 106_000, 107_000],
      [8, 0, 107_000, 110_000],
      [0, 1, 110_000, 110_500],
      [1, 1, 110_500, 111_500],
      [2, 1, 111_500, 112_500],
    ]);
  });

  it('stretches a run shown slower than the file plays so its ends are where the changes were seen', () => {
    const placed = placeTimeline(TIMELINE, seen(0, 2000, 7500, 0.5));
    const rest = placed.filter((p) => p.index === 3 || p.index === 4);
    expect(rest.map((p) => [p.startMs, p.endMs])).toEqual([
      [5000, 6000],
      [6000, 8000],
    ]);
  });

  it('ignores readings that are no marker and repeats of a label', () => {
    const changes = seen(0, 1200, 8000);
    const noisy = changes.flatMap((c) => [c, { label: null, atMs: c.atMs + 10 }, { label: c.label, atMs: c.atMs + 20 }]);
    expect(placeTimeline(TIMELINE, noisy)).toEqual(placeTimeline(TIMELINE, changes));
  });

  it('places nothing before it can tell where the changes are, and refuses labels that follow no place', () => {
    expect(placeTimeline(TIMELINE, seen(0, 1200, 2000))).toEqual([]);
    expect(() =>
      placeTimeline(TIMELINE, [
        { label: 8, atMs: 0 },
        { label: 0, atMs: 1 },
        { label: 4, atMs: 2 },
      ]),
    ).toThrow(/do not follow/);
    // 9 → 8 → … happens twice in the loop, and the 9 seen whole lasted as long as neither run of 9.
    expect(
      placeTimeline(TIMELINE, [
        { label: 0, atMs: 0 },
        { label: 9, atMs: 1000 },
        { label: 8, atMs: 1740 },
      ]),
    ).toEqual([]);
  });

  it('tells apart places the labels fit alike by how long the runs seen whole lasted', () => {
    // 9 for 1 s, then 8: only the 9 from 4000 to 5000 ms lasts 1 s (the other lasts 500 ms).
    const changes = [
      { label: 0, atMs: 0 },
      { label: 9, atMs: 1000 },
      { label: 8, atMs: 2040 },
      { label: 4, atMs: 3000 },
    ];
    expect(placeTimeline(TIMELINE, changes).map((p) => [p.index, p.startMs, p.endMs])).toEqual([
      [5, 1000, 2040],
      [6, 2040, 3000],
    ]);
    const shortNine = [
      { label: 0, atMs: 0 },
      { label: 9, atMs: 1000 },
      { label: 8, atMs: 1480 },
    ];
    expect(placeTimeline(TIMELINE, shortNine).map((p) => p.index)).toEqual([0]);
  });
});

describe('nextPageTime', () => {
  it('extrapolates from the last change seen to the next time the video reaches a moment, also in the next play', () => {
    const changes = seen(50_000, 1200, 5200); // last change: video 5000 ms at page 55 000
    expect(nextPageTime(TIMELINE, DURATION, changes, 6000, 55_100)).toBe(56_000);
    expect(nextPageTime(TIMELINE, DURATION, changes, 1500, 55_100)).toBe(61_500);
    expect(nextPageTime(TIMELINE, DURATION, changes, 5500, 56_000)).toBe(65_500);
    expect(nextPageTime(TIMELINE, DURATION, changes.slice(0, 2), 1500, 0)).toBeNull();
    expect(() => nextPageTime(TIMELINE, DURATION, changes, DURATION, 0)).toThrow(RangeError);
  });
});
