/**
 * Places a fake-camera video's timeline on the page's clock (pure). The page sees only the marker
 * strip's label change (marker-watch.ts records when, in performance.now() time); the timeline knows
 * which segment each stretch of one label is. So the labels seen in a row are matched against the
 * timeline's runs (its stretches of one label, looping as Chromium loops the file), and each run seen
 * from its first frame to the next run's first frame is placed there, its segments stretched linearly
 * in between (a busy machine may show a run a little longer or shorter than it lasts in the file).
 */

export interface MarkerChange {
  /** The label now shown, null for a strip that is no marker grey. */
  readonly label: number | null;
  /** Page time (ms) of the first frame showing it. */
  readonly atMs: number;
}

export interface TimelineSegmentLike {
  readonly label: number;
  readonly startMs: number;
  readonly endMs: number;
}

/** A timeline segment placed on the page's clock during one play of the video. */
export interface PlacedSegment<S extends TimelineSegmentLike> {
  readonly segment: S;
  /** Its index in the timeline. */
  readonly index: number;
  /** Which play of the looping video (0 = the first one seen). */
  readonly loop: number;
  /** Page times (ms). */
  readonly startMs: number;
  readonly endMs: number;
}

interface Run {
  readonly label: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly first: number;
  readonly last: number;
}

/** The timeline's runs: its longest stretches of consecutive segments with one label. */
export function markerRuns(timeline: readonly TimelineSegmentLike[]): Run[] {
  const runs: Run[] = [];
  timeline.forEach((s, i) => {
    const open = runs.at(-1);
    if (open && open.label === s.label) runs[runs.length - 1] = { ...open, endMs: s.endMs, last: i };
    else runs.push({ label: s.label, startMs: s.startMs, endMs: s.endMs, first: i, last: i });
  });
  if (runs.length < 2) throw new RangeError('The timeline needs at least two labels to be seen changing.');
  if (runs[0]?.label === runs.at(-1)?.label) throw new RangeError('The timeline starts and ends with one label: where it loops, no change shows.');
  return runs;
}

/** The changes as seen: readings that are no marker dropped, and repeats of one label merged into the first. */
function labelChanges(changes: readonly MarkerChange[]): { label: number; atMs: number }[] {
  const out: { label: number; atMs: number }[] = [];
  for (const change of changes) {
    if (change.label === null || out.at(-1)?.label === change.label) continue;
    out.push({ label: change.label, atMs: change.atMs });
  }
  return out;
}

/** How far a run seen may last from its length in the file and still be taken for it. */
const toleranceMs = (lengthMs: number) => 150 + 0.1 * lengthMs;

/**
 * Where the changes seen sit in the timeline's loop of runs: the run the second change starts (the
 * first change is only where watching began). The labels must follow the runs; of the places they
 * fit, the one where every run seen whole lasted about as long as in the file is taken (one run seen
 * whole is mostly enough, as lengths vary), or the only place the labels fit. Null while the changes
 * seen fit more than one place; throws when they fit none.
 */
function locate(runs: readonly Run[], seen: readonly { label: number; atMs: number }[]): number | null {
  const fits: number[] = [];
  for (let offset = 0; offset < runs.length; offset += 1) {
    if (seen.every((change, j) => j === 0 || runs[(offset + j) % runs.length]?.label === change.label)) fits.push(offset);
  }
  if (fits.length === 0) throw new Error(`The marker labels seen (${seen.map((c) => c.label).join(' ')}) do not follow the timeline.`);
  if (fits.length === 1) return fits[0] as number;
  const timed = fits.filter((offset) =>
    seen.slice(1, -1).every((change, i) => {
      const run = runs[(offset + i + 1) % runs.length] as Run;
      const lasted = (seen[i + 2] as { atMs: number }).atMs - change.atMs;
      return Math.abs(lasted - (run.endMs - run.startMs)) <= toleranceMs(run.endMs - run.startMs);
    }),
  );
  return timed.length === 1 ? (timed[0] as number) : null;
}

/** Every segment of a run seen start to end, on the page's clock, in order; none while the changes seen do not yet tell where in the timeline they are. */
export function placeTimeline<S extends TimelineSegmentLike>(timeline: readonly S[], changes: readonly MarkerChange[]): PlacedSegment<S>[] {
  const runs = markerRuns(timeline);
  const seen = labelChanges(changes);
  const offset = seen.length < 3 ? null : locate(runs, seen);
  if (offset === null) return [];
  const placed: PlacedSegment<S>[] = [];
  for (let j = 1; j + 1 < seen.length; j += 1) {
    const position = offset + j;
    const run = runs[position % runs.length] as Run;
    const from = (seen[j] as { atMs: number }).atMs;
    const to = (seen[j + 1] as { atMs: number }).atMs;
    const stretch = (to - from) / (run.endMs - run.startMs);
    const onPage = (videoMs: number) => from + (videoMs - run.startMs) * stretch;
    for (let index = run.first; index <= run.last; index += 1) {
      const segment = timeline[index] as S;
      placed.push({ segment, index, loop: Math.floor(position / runs.length), startMs: onPage(segment.startMs), endMs: index === run.last ? to : onPage(segment.endMs) });
    }
  }
  return placed;
}

/**
 * The page time at which the video will next reach `videoMs` (0 ≤ videoMs < durationMs) at or after
 * `nowMs`, counted from the last change seen and assuming it plays at its own speed from there; null
 * until the changes seen place it in the timeline.
 */
export function nextPageTime(timeline: readonly TimelineSegmentLike[], durationMs: number, changes: readonly MarkerChange[], videoMs: number, nowMs: number): number | null {
  if (!(videoMs >= 0 && videoMs < durationMs)) throw new RangeError(`videoMs must be in [0, ${durationMs}), not ${videoMs}.`);
  const runs = markerRuns(timeline);
  const seen = labelChanges(changes);
  const offset = seen.length < 3 ? null : locate(runs, seen);
  if (offset === null) return null;
  const last = seen.at(-1) as { atMs: number };
  const lastRun = runs[(offset + seen.length - 1) % runs.length] as Run;
  let at = last.atMs + (((videoMs - lastRun.startMs) % durationMs) + durationMs) % durationMs;
  while (at < nowMs) at += durationMs;
  return at;
}
