// `npm run bench:motion-videos`: the motion proof of issue 14. Renders a fake-camera video from the
// sign-digit photos (e2e/support/motion-video.ts): training clips of all eight motions and of "no
// motion" by one set of people, then a minute of idle hands, a minute of hands changing pose in
// place, and six test motions of each kind by other people. Serves a fresh production build, opens
// the studio in headless Chromium with that video as its camera, records the clips by holding the
// record buttons while the video shows them, trains, and scores the live events of each later
// section (e2e/support/motion-score.ts): test motions recognised, the confusion, false events a
// minute on the idle and pose-only stretches, and the delay of each event after its motion's end.
// Progress goes to stderr and the report to stdout; failures are one sentence and exit code 1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { DEFAULT_PEAK_OPTIONS, IDLE_CLASS_NAME } from '../lib/motion';
import { MOTION_KINDS } from '../lib/motion/test-motions';
import { fakeCameraArgs } from '../e2e/support/camera-videos';
import { motionBars, traceMotionBars, watchMarkers, type MotionBarsReading } from '../e2e/support/marker-watch';
import { barPeaks, formatConfusion, handShare, formatScore, scoreMotionEvents, type MotionScore } from '../e2e/support/motion-score';
import { addMotionClasses, classOfKind, MOTION_CLASS_NAMES, openStudio, quietTensors, recordHolds, trainMotions, watchSections } from '../e2e/support/motion-steps';
import { buildMotionVideo, motionProofSections, trainingHolds, type MotionVideo, type SectionName } from '../e2e/support/motion-video';
import { hasSignDigits, SKIP_REASON } from '../e2e/support/sign-digits';

const VIDEO_PATH = path.join(process.env.TMPDIR ?? '/tmp', 'gesture-studio-bench', 'motion-proof.y4m');
const TRAIN_TIMEOUT_MS = 20 * 60_000;

/** The parts of prod-browser.mjs used here; it is JavaScript, so its JSDoc types are restated. */
interface ProdBrowser {
  Failure: new (message: string) => Error;
  createLog(name: string): (line: string) => void;
  openProductionBrowser(options: { log: (line: string) => void; command: string; readyPath: string; chromiumArgs?: readonly string[] }): Promise<{ origin: string; browser: Browser }>;
  runScript(main: () => Promise<void>, options: { log: (line: string) => void; task: string }): Promise<void>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function proof(prod: ProdBrowser, log: (line: string) => void): Promise<void> {
  const renderStart = Date.now();
  const video = buildMotionVideo(VIDEO_PATH, motionProofSections());
  const renderMs = Date.now() - renderStart;
  log(`rendered ${seconds(video.durationMs)} of video (${video.frames} frames, ${(fs.statSync(video.path).size / 2 ** 20).toFixed(0)} MB) in ${seconds(renderMs)}`);

  const { origin, browser } = await prod.openProductionBrowser({ log, command: 'npm run bench:motion-videos', readyPath: '/', chromiumArgs: fakeCameraArgs(video.path) });
  const page = await browser.newPage({ serviceWorkers: 'block', viewport: { width: 1400, height: 1000 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await openStudio(page, origin);
  await addMotionClasses(page, MOTION_KINDS);
  await watchMarkers(page);
  await page.getByRole('button', { name: 'Start camera' }).click();

  const started = Date.now();
  const holds = trainingHolds(video);
  log(`recording ${holds.length} clips as the video shows them`);
  const recorded = await recordHolds(page, video, holds, log);
  const kept = recorded.filter((h) => h.kept).length;
  log(`kept ${kept} of ${holds.length} clips; training`);
  const trainStart = Date.now();
  const { said } = await trainMotions(page, TRAIN_TIMEOUT_MS);
  const trainMs = Date.now() - trainStart;
  log(`trained in ${seconds(trainMs)} (${said}); watching the idle, pose and test sections`);

  const tensorsBefore = await quietTensors(page);
  await traceMotionBars(page);
  const scores = new Map<SectionName, MotionScore>();
  // All three in one play of the video: the next that starts after training (in the pause, or else in the next play).
  const sections = await watchSections(page, video, ['idle', 'poses', 'test']);
  for (const [name, watched] of sections) {
    scores.set(name, scoreMotionEvents(watched.segments, watched.events, { classOf: classOfKind }));
    log(`${name}: ${formatScore(scores.get(name) as MotionScore)}`);
  }
  const bars = await motionBars(page);
  // For replaying the event detector offline on what the model said (MOTION_TRACE=<file.json>).
  if (process.env.MOTION_TRACE) fs.writeFileSync(process.env.MOTION_TRACE, JSON.stringify({ sections: Object.fromEntries(sections), bars }));
  const tensorsAfter = await quietTensors(page);
  if (pageErrors.length > 0) throw new prod.Failure(`The page had an uncaught error: ${pageErrors[0]}`);
  process.stdout.write(report(video, { renderMs, kept, holds: holds.length, said, trainMs, tensorsBefore, tensorsAfter, minutes: (Date.now() - started) / 60_000 }, scores, bars));
}

interface RunFacts {
  readonly renderMs: number;
  readonly kept: number;
  readonly holds: number;
  /** The panel's sentence about the trained model. */
  readonly said: string;
  readonly trainMs: number;
  readonly tensorsBefore: number;
  readonly tensorsAfter: number;
  readonly minutes: number;
}

function report(video: MotionVideo, facts: RunFacts, scores: ReadonlyMap<SectionName, MotionScore>, bars: readonly MotionBarsReading[]): string {
  const test = scores.get('test') as MotionScore;
  const line = (name: SectionName, what: string) => {
    const s = scores.get(name) as MotionScore;
    return `- ${what}: ${s.falseEvents.length} events in ${s.minutes.toFixed(2)} min = **${s.falsePerMinute.toFixed(2)} false events/min**${s.falseEvents.length > 0 ? ` (${s.falseEvents.map((e) => e.className).join(', ')})` : ''}`;
  };
  const delay = test.delay ? `median ${Math.round(test.delay.medianMs)} ms, p90 ${Math.round(test.delay.p90Ms)} ms, max ${Math.round(test.delay.maxMs)} ms` : 'none recognised';
  const nameOf = (kind: string) => MOTION_CLASS_NAMES[kind as keyof typeof MOTION_CLASS_NAMES] ?? kind;
  const unrecognised = test.motions.filter((m) => !m.recognised);
  const silent = unrecognised.filter((m) => m.events.length === 0).length;
  const confused = unrecognised.filter((m) => m.events.length > 0).map((m) => `${nameOf(m.kind)} → ${m.events.map((e) => e.className).join(' + ')}`);
  // For each test motion, once: its own bar's peak and the highest rival's in its window, and the share of it with a hand in view.
  const seen = new Map(test.motions.map((m) => [m, { ...barPeaks(m, bars, { classOf: classOfKind, idle: IDLE_CLASS_NAME }), share: handShare(m, bars) }]));
  const near = unrecognised.map((m) => {
    const { own, rival, share } = seen.get(m) as NonNullable<ReturnType<typeof seen.get>>;
    return `${nameOf(m.kind)}: hand in view ${share === null ? '—' : `${Math.round(100 * share)}%`} of it, its bar peaked at ${own?.toFixed(2) ?? '—'}${rival ? `, ${rival.className} at ${rival.peak.toFixed(2)}` : ''}`;
  });
  // Motions the tracker mostly lost cannot be recognised from landmarks: how many there were, and how they did.
  const lost = test.motions.filter((m) => (seen.get(m)?.share ?? 0) < 0.75);
  const ownPeaks = [...seen.values()].map(({ own }) => own ?? 0).sort((a, b) => a - b);
  return [
    `Motion proof: all ${MOTION_KINDS.length} motions and "No motion" trained from ${facts.kept} clips (of ${facts.holds} holds) of one set of people's hands, tested on other people's (sign-digit photos moved along lib/motion's paths over generated scenes).`,
    '',
    `- Test motions recognised (exactly one event, of the right class, from the motion's start to 1 s after its end): **${test.recognised}/${test.motions.length} = ${(100 * test.recognisedShare).toFixed(1)}%**`,
    line('idle', 'Idle hands (resting, drifting)'),
    line('poses', 'Pose-only (hands showing sign-digit poses, held or changing in place)'),
    `- Rests and empty stretches between the test motions: ${test.falsePerMinute.toFixed(2)} false events/min`,
    `- Delay of each recognised event after its motion's end: **${delay}**`,
    `- Training took ${seconds(facts.trainMs)}; the panel then said: "${facts.said}"`,
    `- numTensors before the live sections ${facts.tensorsBefore}, after ${facts.tensorsAfter}`,
    '',
    'Confusion of the test motions (rows: the motion made; columns: the events fired in its window, "none" for none):',
    '',
    '```',
    formatConfusion(test),
    '```',
    ...(unrecognised.length > 0 ? ['', `Not recognised: ${silent} with no event${confused.length > 0 ? `; with other or more events: ${confused.join('; ')}` : ''}.`, `How near they came (the live motion bars, a motion fires above ${DEFAULT_PEAK_OPTIONS.threshold}): ${near.join('; ')}.`] : ['']),
    `Test motions with the hand in view for under 3/4 of their time (hand status): ${lost.length}, of which recognised ${lost.filter((m) => m.recognised).length}.`,
    `Each test motion's own bar at its peak (${bars.length} bar readings): lowest ${ownPeaks.slice(0, 5).map((p) => p.toFixed(2)).join(', ')}; median ${(ownPeaks[ownPeaks.length >> 1] ?? 0).toFixed(2)}.`,
    '',
    `Video: ${seconds(video.durationMs)} (${video.frames} frames at 320x240), rendered in ${seconds(facts.renderMs)}; sections ${video.sections.map((s) => `${s.name} ${seconds(s.endMs - s.startMs)}`).join(', ')}. Run (recording to the last section) took ${facts.minutes.toFixed(1)} min in headless Chromium.`,
    '',
  ].join('\n');
}

async function main() {
  if (!hasSignDigits()) {
    process.stdout.write(`No motion proof was run: ${SKIP_REASON}.\n`);
    return;
  }
  // Loaded by URL: a .mjs file has no declarations for the type checker (see ProdBrowser).
  const prod = (await import(pathToFileURL(path.join(__dirname, 'prod-browser.mjs')).href)) as ProdBrowser;
  const log = prod.createLog('motion-videos');
  process.once('exit', () => fs.rmSync(VIDEO_PATH, { force: true }));
  await prod.runScript(() => proof(prod, log), { log, task: 'The motion proof' });
}

void main();
