/**
 * Scores the motion events an app fired against the timeline of the video it watched (pure; times of
 * the timeline and of the events on one clock, e.g. both in video time or both in page time).
 *
 * - A motion segment's window runs from its start to `lateMs` (default 1000 ms) after its end. An
 *   event inside one or more windows belongs to the one that started last.
 * - A motion is recognised when exactly one event fell in its window and it names its class.
 * - The confusion counts, per motion kind, each event in its windows by class, and "none" for a
 *   window with no event.
 * - False events are those inside the watched span (the timeline's first start to last end) and in
 *   no motion window; they are given per minute of that span.
 * - Delay: a recognised motion's event time minus its segment's end (negative when it fired before
 *   the hand stopped).
 */
import { MOTION_KINDS } from '../../lib/motion/test-motions';

export interface ScoredTimelineSegment {
  readonly kind: string;
  readonly startMs: number;
  readonly endMs: number;
}

export interface TimedEvent {
  readonly className: string;
  readonly atMs: number;
}

export interface MotionScoreOptions {
  /** How long after a motion's end its event may come (ms). */
  readonly lateMs?: number;
  /** The class name the app should fire for a motion kind (default: the kind itself). */
  readonly classOf?: (kind: string) => string;
}

export interface ScoredMotion {
  readonly kind: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly events: readonly TimedEvent[];
  readonly recognised: boolean;
  /** For a recognised motion, its event's time minus its end; else null. */
  readonly delayMs: number | null;
}

export interface DelayStats {
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly maxMs: number;
}

export interface MotionScore {
  readonly motions: readonly ScoredMotion[];
  readonly recognised: number;
  /** recognised / motions (NaN without motions). */
  readonly recognisedShare: number;
  /** Rows: the motion kinds in the timeline (MOTION_KINDS order); columns: the expected classes, any other class fired, then 'none'. */
  readonly confusion: { readonly rows: readonly string[]; readonly columns: readonly string[]; readonly counts: readonly (readonly number[])[] };
  readonly falseEvents: readonly TimedEvent[];
  /** Length of the watched span in minutes. */
  readonly minutes: number;
  readonly falsePerMinute: number;
  /** Delays of the recognised motions; null when none was recognised. */
  readonly delay: DelayStats | null;
}

export const NO_EVENT = 'none';
const isMotion = (kind: string) => (MOTION_KINDS as readonly string[]).includes(kind);

export function scoreMotionEvents(timeline: readonly ScoredTimelineSegment[], events: readonly TimedEvent[], options: MotionScoreOptions = {}): MotionScore {
  const { lateMs = 1000, classOf = (kind: string) => kind } = options;
  if (!(lateMs >= 0)) throw new RangeError(`lateMs must be 0 or more, not ${lateMs}.`);
  if (timeline.length === 0) throw new RangeError('scoreMotionEvents: the timeline is empty.');
  const spanStart = Math.min(...timeline.map((s) => s.startMs));
  const spanEnd = Math.max(...timeline.map((s) => s.endMs));
  const motionSegments = timeline.filter((s) => isMotion(s.kind));
  const inWindow: TimedEvent[][] = motionSegments.map(() => []);
  const falseEvents: TimedEvent[] = [];

  for (const event of [...events].sort((a, b) => a.atMs - b.atMs)) {
    let owner = -1;
    motionSegments.forEach((s, i) => {
      const inside = event.atMs >= s.startMs && event.atMs <= s.endMs + lateMs;
      if (inside && (owner < 0 || s.startMs > (motionSegments[owner] as ScoredTimelineSegment).startMs)) owner = i;
    });
    if (owner >= 0) (inWindow[owner] as TimedEvent[]).push(event);
    else if (event.atMs >= spanStart && event.atMs <= spanEnd) falseEvents.push(event);
  }

  const motions: ScoredMotion[] = motionSegments.map((s, i) => {
    const fired = inWindow[i] as TimedEvent[];
    const recognised = fired.length === 1 && (fired[0] as TimedEvent).className === classOf(s.kind);
    return { kind: s.kind, startMs: s.startMs, endMs: s.endMs, events: fired, recognised, delayMs: recognised ? (fired[0] as TimedEvent).atMs - s.endMs : null };
  });

  const rows = MOTION_KINDS.filter((kind) => motionSegments.some((s) => s.kind === kind));
  const expected = rows.map(classOf);
  const others = [...new Set(motions.flatMap((m) => m.events.map((e) => e.className)))].filter((name) => !expected.includes(name)).sort();
  const columns = [...expected, ...others, NO_EVENT];
  const counts = rows.map((kind) => {
    const row = columns.map(() => 0);
    for (const motion of motions.filter((m) => m.kind === kind)) {
      if (motion.events.length === 0) row[columns.length - 1] += 1;
      for (const event of motion.events) row[columns.indexOf(event.className)] += 1;
    }
    return row;
  });

  const recognised = motions.filter((m) => m.recognised).length;
  const minutes = (spanEnd - spanStart) / 60_000;
  const delays = motions.flatMap((m) => (m.delayMs === null ? [] : [m.delayMs]));
  return {
    motions,
    recognised,
    recognisedShare: motions.length > 0 ? recognised / motions.length : Number.NaN,
    confusion: { rows, columns, counts },
    falseEvents,
    minutes,
    falsePerMinute: minutes > 0 ? falseEvents.length / minutes : Number.NaN,
    delay: delays.length > 0 ? delayStats(delays) : null,
  };
}

/** Median (the mean of the middle two for an even count), 90th percentile (nearest rank) and maximum. */
export function delayStats(values: readonly number[]): DelayStats {
  if (values.length === 0) throw new RangeError('delayStats: no values.');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? (sorted[Math.floor(mid)] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { medianMs: median, p90Ms: sorted[Math.ceil(0.9 * sorted.length) - 1] as number, maxMs: sorted.at(-1) as number };
}

/** The confusion as a text table: one row per motion kind, one column per class fired (and "none"). */
export function formatConfusion({ confusion }: Pick<MotionScore, 'confusion'>): string {
  const header = ['true \\ fired', ...confusion.columns];
  const lines = [header, ...confusion.rows.map((row, r) => [row, ...(confusion.counts[r] as number[]).map(String)])];
  const widths = header.map((_, c) => Math.max(...lines.map((line) => (line[c] as string).length)));
  return lines.map((line) => line.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join('  ')).join('\n');
}

/** One line of the figures: recognised share, false events a minute and delays. */
export function formatScore(score: MotionScore): string {
  const delay = score.delay ? `delay after the motion's end median ${Math.round(score.delay.medianMs)} ms, p90 ${Math.round(score.delay.p90Ms)} ms, max ${Math.round(score.delay.maxMs)} ms` : 'no delay (nothing recognised)';
  const share = Number.isNaN(score.recognisedShare) ? 'no motions' : `recognised ${score.recognised}/${score.motions.length} = ${(100 * score.recognisedShare).toFixed(1)}%`;
  return `${share}; ${score.falseEvents.length} false events in ${score.minutes.toFixed(2)} min = ${score.falsePerMinute.toFixed(2)}/min; ${delay}`;
}

/** Where an event fell, in words: "Wave at 31.2 s, 0.4 s into no-hand (segment 12)"; times relative to `originMs`. */
export function describeEvent(timeline: readonly ScoredTimelineSegment[], event: TimedEvent, originMs = timeline[0]?.startMs ?? 0): string {
  const at = `${event.className} at ${((event.atMs - originMs) / 1000).toFixed(1)} s`;
  const index = timeline.findIndex((s) => event.atMs >= s.startMs && event.atMs < s.endMs);
  if (index < 0) return `${at}, outside the timeline`;
  const segment = timeline[index] as ScoredTimelineSegment;
  return `${at}, ${((event.atMs - segment.startMs) / 1000).toFixed(1)} s into ${segment.kind} (segment ${index})`;
}

/**
 * How near a motion came, from the live bars seen in its window (its start to `lateMs` after its
 * end): the highest its own class reached, and the other class (not `idle`) that reached highest
 * with its height. Null fields where no reading fell in the window.
 */
export function barPeaks(
  motion: Pick<ScoredMotion, 'kind' | 'startMs' | 'endMs'>,
  readings: readonly { readonly atMs: number; readonly bars: Readonly<Record<string, number>> }[],
  { lateMs = 1000, classOf = (kind: string) => kind, idle = '' }: MotionScoreOptions & { readonly idle?: string } = {},
): { own: number | null; rival: { readonly className: string; readonly peak: number } | null } {
  const own = classOf(motion.kind);
  let ownPeak: number | null = null;
  let rival: { className: string; peak: number } | null = null;
  for (const { atMs, bars } of readings) {
    if (atMs < motion.startMs || atMs > motion.endMs + lateMs) continue;
    for (const [className, p] of Object.entries(bars)) {
      if (className === own) ownPeak = Math.max(ownPeak ?? 0, p);
      else if (className !== idle && (!rival || p > rival.peak)) rival = { className, peak: p };
    }
  }
  return { own: ownPeak, rival };
}

/**
 * The share of a motion's time (its start to its end) in which the live readings said a hand was in
 * view: each reading holds until the next. Null where no reading came before the motion's end.
 */
export function handShare(motion: Pick<ScoredMotion, 'startMs' | 'endMs'>, readings: readonly { readonly atMs: number; readonly hand: boolean }[]): number | null {
  let inView = 0;
  let seen = false;
  readings.forEach((reading, i) => {
    const from = Math.max(reading.atMs, motion.startMs);
    const to = Math.min(readings[i + 1]?.atMs ?? motion.endMs, motion.endMs);
    if (to <= from) return;
    seen = true;
    if (reading.hand) inView += to - from;
  });
  return seen ? inView / (motion.endMs - motion.startMs) : null;
}
