// `npm run replay:motion-trace <trace.json> [variants]`: replays the motion event detector on the
// live motion bars that `MOTION_TRACE=<trace.json> npm run bench:motion-videos` traced, with its default
// settings and with each variant given (the argument itself a JSON list of [label, Partial<PeakDetectorOptions>]), and
// scores each replay as the bench scores the live events: test motions recognised, false events in the
// idle and pose-only sections and in the rests, and the delay. The first line is the events the app
// fired; the default replay should match it (the bars are what the page showed, so a bar the page
// skipped can move an event by a frame). It tries detector settings in seconds instead of a 9-minute run
// each; a new network needs a new trace.
import * as fs from 'node:fs';
import type { MotionBarsReading } from '../e2e/support/marker-watch';
import { scoreMotionEvents, type ScoredTimelineSegment, type TimedEvent } from '../e2e/support/motion-score';
import { classOfKind } from '../e2e/support/motion-steps';
import { IDLE_CLASS_NAME } from '../lib/motion/motion-classes';
import { createPeakDetector, type PeakDetectorOptions } from '../lib/motion/peak-detector';

interface Trace {
  readonly sections: Readonly<Record<string, { readonly segments: readonly ScoredTimelineSegment[]; readonly events: readonly TimedEvent[] }>>;
  readonly bars: readonly MotionBarsReading[];
}

/** The events the detector fires on the traced bars; a reading without bars (no hand in the window) starts it over, as the recognizer does. */
function replay(trace: Trace, options: Partial<PeakDetectorOptions>): TimedEvent[] {
  const names = Object.keys(trace.bars.find((r) => Object.keys(r.bars).length > 0)?.bars ?? {});
  const detector = createPeakDetector(names.length, names.indexOf(IDLE_CLASS_NAME), options);
  const events: TimedEvent[] = [];
  for (const reading of trace.bars) {
    if (Object.keys(reading.bars).length === 0) {
      detector.reset();
      continue;
    }
    const event = detector.update(names.map((name) => reading.bars[name] ?? 0), reading.atMs);
    if (event) events.push({ className: names[event.classIndex] as string, atMs: reading.atMs });
  }
  return events;
}

function describe(trace: Trace, events: readonly TimedEvent[]): string {
  return Object.entries(trace.sections)
    .map(([name, { segments }]) => {
      const from = segments[0]?.startMs ?? 0;
      const to = segments.at(-1)?.endMs ?? 0;
      // As the bench: a section's events, and those of its last motion's late window.
      const score = scoreMotionEvents(segments, events.filter((e) => e.atMs >= from && e.atMs <= to + 1500), { classOf: classOfKind });
      if (score.motions.length === 0) return `${name}: ${score.falseEvents.length} false`;
      const delay = score.delay ? [score.delay.medianMs, score.delay.p90Ms, score.delay.maxMs].map((ms) => Math.round(ms)).join(' / ') : '—';
      return `${name}: ${score.recognised}/${score.motions.length} recognised, ${score.falseEvents.length} false, delay ${delay} ms`;
    })
    .join(' | ');
}

function main() {
  const [tracePath, variantsJson] = process.argv.slice(2);
  if (!tracePath) {
    process.stderr.write('Usage: npm run replay:motion-trace <trace.json> [\'[["label", {"threshold": 0.7}], ...]\']\n');
    process.exit(1);
  }
  const trace = JSON.parse(fs.readFileSync(tracePath, 'utf8')) as Trace;
  const variants = JSON.parse(variantsJson ?? '[]') as [string, Partial<PeakDetectorOptions>][];
  const rows: [string, readonly TimedEvent[]][] = [
    ['fired live', Object.values(trace.sections).flatMap((s) => s.events)],
    ['replay, defaults', replay(trace, {})],
    ...variants.map(([label, options]): [string, TimedEvent[]] => [`replay, ${label}`, replay(trace, options)]),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, events] of rows) process.stdout.write(`${label.padEnd(width)}  ${describe(trace, events)}\n`);
}

main();
