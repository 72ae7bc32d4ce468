// `npm run bench:motion-replay`: bench:motion-videos replayed offline, to compare motion settings over
// several training seeds in minutes rather than one live run in twenty. The app's own live hand
// tracker (lib/hand) sees the motion proof's video (e2e/support/motion-video.ts) at 10 frames a
// second in headless Chromium, once (scripts/motion-replay-page.ts; the hands are kept in
// MOTION_LANDMARKS, reused when that file exists); then, in Node on TF.js's WASM backend, for each
// setting and seed: the training holds are recorded into clips as the studio records them, a model
// is trained as the studio trains it, and the pause, idle, pose and test sections are played through
// the live recognizer and scored as bench:motion-videos scores them (e2e/support/motion-score.ts).
// "stop 28" is the training before stop 29 (no window ends with its motion, four partial windows a
// clip), "now" the defaults; each run lists the test motions it missed (MOTION_REPLAY_TRACE=1: every
// test motion's bar and hands, frame by frame). MOTION_REPLAY_SEEDS: seeds (default 1,2,3).
// MOTION_REPLAY_SETTINGS: other settings to compare, as JSON (`[{"name": "now"}, {"name": "slower",
// "augment": {"speed": 0.5}}]`: changes to DEFAULT_MOTION_AUGMENT). A change to the tracker needs the
// hands tracked again: a new MOTION_LANDMARKS file (the kept one is the tracker's of its day). What the
// live loop adds (its uneven rate, the page's load) is not here: bench:motion-videos measures that.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { Hand } from '../lib/hand';
import {
  createClipRecorder,
  createMotionRecognizer,
  DEFAULT_MOTION_AUGMENT,
  DEFAULT_MOTION_NET,
  IDLE_CLASS_NAME,
  motionRow,
  trainMotionModel,
  type MirrorRule,
  type MotionAugmentSettings,
  type MotionClip,
  type MotionTrainingSet,
} from '../lib/motion';
import { BEFORE_JUST_ENDED, MOTION_KINDS } from '../lib/motion/test-motions';
import { handFrames, MIN_CLIP_HAND_FRAMES } from '../lib/studio/motion-controller';
import { framePng } from '../e2e/support/busy-scene';
import { scoreMotionEvents, type MotionScore, type TimedEvent } from '../e2e/support/motion-score';
import { classOfKind, MIRROR_OF, MOTION_CLASS_NAMES } from '../e2e/support/motion-steps';
import { VIDEO_HEIGHT, VIDEO_WIDTH } from '../e2e/support/fake-camera';
import { FRAME_MS, layoutMotionVideo, motionFrames, motionProofSections, trainingHolds } from '../e2e/support/motion-video';
import { hasSignDigits, SKIP_REASON } from '../e2e/support/sign-digits';
import { withFramePage } from './frame-page';
import type { TrackedHand } from './motion-replay-page';

/** Every third video frame: 10 frames a second, as a loaded machine's live loop sees them. */
const STEP = 3;
const LANDMARKS = process.env.MOTION_LANDMARKS ?? path.join(os.tmpdir(), 'gesture-studio-bench', 'motion-landmarks.json');
const SEEDS = (process.env.MOTION_REPLAY_SEEDS ?? '1,2,3').split(',').map(Number);
const TRACE = process.env.MOTION_REPLAY_TRACE === '1';
const log = (line: string) => process.stderr.write(`[motion-replay] ${line}\n`);

interface Setting {
  readonly name: string;
  /** Changes to the default motion augmentation. */
  readonly augment?: Partial<MotionAugmentSettings>;
}

const DEFAULT_SETTINGS: readonly Setting[] = [
  { name: 'stop 28', augment: BEFORE_JUST_ENDED },
  { name: 'now' },
];

/** The settings to compare: MOTION_REPLAY_SETTINGS when given, else the defaults. Throws one sentence for JSON that is not a list of named settings. */
function settingsToCompare(json = process.env.MOTION_REPLAY_SETTINGS): readonly Setting[] {
  if (!json) return DEFAULT_SETTINGS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    parsed = null;
  }
  const named = (s: unknown) => typeof s === 'object' && s !== null && typeof (s as Setting).name === 'string';
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every(named)) {
    throw new Error(`MOTION_REPLAY_SETTINGS must be a JSON list of settings like [{"name": "now"}, {"name": "slower", "augment": {"speed": 0.5}}], not ${json}.`);
  }
  return parsed as Setting[];
}

/** The tracker's hand on every STEP-th frame of the proof video, tracked in headless Chromium. */
async function trackVideo(): Promise<{ frameMs: number; hands: (TrackedHand | null)[] }> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'motion-replay-'));
  try {
    const frameDir = path.join(work, 'frames');
    fs.mkdirSync(frameDir);
    const urls: string[] = [];
    let index = 0;
    for (const rgb of motionFrames(motionProofSections().flatMap((s) => s.shots))) {
      if (index % STEP === 0) {
        const name = `${String(index).padStart(5, '0')}.png`;
        fs.writeFileSync(path.join(frameDir, name), framePng(rgb));
        urls.push(`/frames/${name}`);
      }
      index += 1;
    }
    log(`wrote ${urls.length} frames; tracking them (about 8 minutes)`);
    const frameMs = STEP * FRAME_MS;
    const hands = await withFramePage({ entry: 'scripts/motion-replay-page.ts', work, frameDir, ready: 'trackFrames', log }, (page) =>
      page.evaluate(([list, ms]) => window.trackFrames(list, ms, (line) => (window as unknown as { reportProgress(l: string): void }).reportProgress(line)), [urls, frameMs] as const),
    );
    return { frameMs, hands };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const asHand = (h: TrackedHand): Hand => ({ handedness: h.handedness, landmarks: Array.from({ length: 21 }, (_, k) => ({ x: h.xyz[3 * k], y: h.xyz[3 * k + 1], z: h.xyz[3 * k + 2] })) });

interface Run {
  readonly kept: number;
  readonly heldOut: number;
  readonly scores: ReadonlyMap<string, MotionScore>;
}

/** The proof video's layout and the tracker's motion row on each kept frame (every `frameMs`). */
interface Stream {
  readonly video: ReturnType<typeof layoutMotionVideo>;
  readonly frameMs: number;
  readonly rows: readonly (Float32Array | null)[];
}

/** The training holds recorded as the studio records them (the live frames from press to release, at most a window long), with the classes and mirroring bench:motion-videos sets. */
function recordTrainingSet({ video, frameMs, rows }: Stream): MotionTrainingSet {
  const classNames = [...MOTION_KINDS.map((k) => MOTION_CLASS_NAMES[k]), IDLE_CLASS_NAME];
  // Each pair both ways; "No motion" is its own mirror.
  const mirror: Record<string, MirrorRule> = { [IDLE_CLASS_NAME]: 'self' };
  for (const kind of MOTION_KINDS) {
    const rule = MIRROR_OF[kind];
    if (rule === 'self') mirror[MOTION_CLASS_NAMES[kind]] = 'self';
    else if (rule) {
      mirror[MOTION_CLASS_NAMES[kind]] = { partner: MOTION_CLASS_NAMES[rule] };
      mirror[MOTION_CLASS_NAMES[rule]] = { partner: MOTION_CLASS_NAMES[kind] };
    }
  }
  const clips: MotionClip[] = [];
  const labels: number[] = [];
  for (const hold of trainingHolds(video)) {
    const recorder = createClipRecorder({ rate: DEFAULT_MOTION_NET.rate });
    for (let i = Math.ceil(hold.pressMs / frameMs); i * frameMs <= hold.releaseMs && recorder.frames < DEFAULT_MOTION_NET.windowFrames; i += 1) recorder.add(i * frameMs, rows[i] ?? null);
    const clip = recorder.finish();
    if (handFrames(clip) < MIN_CLIP_HAND_FRAMES) continue;
    clips.push(clip);
    labels.push(classNames.indexOf(MOTION_CLASS_NAMES[hold.kind]));
  }
  return { classNames, clips, labels: Int32Array.from(labels), idleClass: IDLE_CLASS_NAME, mirror };
}

/** Trains on `set` with `seed`, plays the stream from the pause on through the live recognizer, and scores the idle, pose and test sections. */
async function replay(set: MotionTrainingSet, setting: Setting, seed: number, { video, frameMs, rows }: Stream): Promise<Run> {
  const result = await trainMotionModel(set, { seed, augment: { ...DEFAULT_MOTION_AUGMENT, ...setting.augment } });
  if (result.status !== 'trained') throw new Error('Training was cancelled.');
  const heldOut = result.history[result.bestEpoch - 1]?.validationAccuracy ?? Number.NaN;
  const recognizer = createMotionRecognizer(result.model);
  const events: TimedEvent[] = [];
  const bars = new Map<number, Float32Array>();
  const pause = video.sections.find((s) => s.name === 'pause');
  if (!pause) throw new Error('The motion proof video has no pause section.');
  for (let i = Math.ceil(pause.startMs / frameMs); i < rows.length; i += 1) {
    const { event, probabilities } = await recognizer.push(i * frameMs, rows[i] ?? null);
    if (event) events.push({ className: event.className, atMs: i * frameMs });
    if (TRACE && probabilities) bars.set(i, Float32Array.from(probabilities));
  }
  result.model.dispose();
  const scores = new Map<string, MotionScore>();
  for (const range of video.sections.filter((s) => ['idle', 'poses', 'test'].includes(s.name))) {
    const segments = video.timeline.filter((s) => s.startMs >= range.startMs && s.endMs <= range.endMs);
    scores.set(range.name, scoreMotionEvents(segments, events.filter((e) => e.atMs >= range.startMs && e.atMs <= range.endMs + 1500), { classOf: classOfKind }));
  }
  if (TRACE) traceTestMotions(scores.get('test') as MotionScore, set.classNames, bars, { video, frameMs, rows });
  const missed = (scores.get('test') as MotionScore).motions.filter((m) => !m.recognised);
  log(`  missed: ${missed.map((m) => `${m.kind} (${Math.round(m.endMs - m.startMs)} ms) → ${m.events.map((e) => e.className).join(', ') || 'nothing'}`).join('; ') || 'none'}`);
  return { kept: set.clips.length, heldOut, scores };
}

/**
 * MOTION_REPLAY_TRACE=1: for each test motion, frame by frame from 300 ms before it to 1 s after it
 * ends ("|" marks the end), whether the tracker had a hand ("H" or ".") and its class's bar (the
 * probability in tenths, 9 for 0.9 or more; "-" when the window was not classified).
 */
function traceTestMotions(test: MotionScore, classNames: readonly string[], bars: ReadonlyMap<number, Float32Array>, { frameMs, rows }: Stream): void {
  for (const motion of test.motions) {
    const c = classNames.indexOf(classOfKind(motion.kind));
    const end = Math.round(motion.endMs / frameMs);
    let hands = '';
    let bar = '';
    for (let i = Math.floor((motion.startMs - 300) / frameMs); i <= Math.ceil((motion.endMs + 1000) / frameMs); i += 1) {
      const mark = i === end ? '|' : '';
      const p = bars.get(i);
      hands += mark + (rows[i] ? 'H' : '.');
      bar += mark + (p ? String(Math.min(9, Math.floor(10 * p[c]))) : '-');
    }
    const fired = motion.events.map((e) => `${e.className} at ${Math.round(e.atMs - motion.endMs)} ms`).join(', ') || 'nothing';
    log(`  ${motion.kind} (${Math.round(motion.endMs - motion.startMs)} ms) → ${fired}\n    hand ${hands}\n    bar  ${bar}`);
  }
}

function row(name: string, seed: string, runs: readonly Run[]): string {
  const tests = runs.map((r) => r.scores.get('test') as MotionScore);
  const recognised = tests.reduce((sum, t) => sum + t.recognised, 0);
  const motions = tests.reduce((sum, t) => sum + t.motions.length, 0);
  const sumOf = (section: string) => {
    const scores = runs.map((r) => r.scores.get(section) as MotionScore);
    const minutes = scores.reduce((sum, s) => sum + s.minutes, 0);
    return `${(scores.reduce((sum, s) => sum + s.falseEvents.length, 0) / minutes).toFixed(2)}`;
  };
  const delays = tests.flatMap((t) => t.motions.flatMap((m) => (m.delayMs === null ? [] : [m.delayMs]))).sort((a, b) => a - b);
  const at = (q: number) => (delays.length > 0 ? Math.round(delays[Math.min(delays.length - 1, Math.ceil(q * delays.length) - 1)]) : '—');
  const kept = runs.map((r) => r.kept).join(', ');
  const heldOut = runs.map((r) => `${Math.round(100 * r.heldOut)}%`).join(', ');
  return `| ${name} | ${seed} | ${kept} | ${heldOut} | ${recognised}/${motions} = ${((100 * recognised) / motions).toFixed(1)}% | ${sumOf('idle')} / ${sumOf('poses')} / ${sumOf('test')} | ${at(0.5)} / ${at(0.9)} / ${delays.length > 0 ? Math.round(delays.at(-1) as number) : '—'} ms |`;
}

async function main(): Promise<void> {
  if (!hasSignDigits()) {
    log(`skipped: ${SKIP_REASON}`);
    return;
  }
  if (SEEDS.some((s) => !Number.isInteger(s))) throw new Error(`MOTION_REPLAY_SEEDS must be whole numbers separated by commas, not "${process.env.MOTION_REPLAY_SEEDS}".`);
  const settings = settingsToCompare();
  let tracked: { frameMs: number; hands: (TrackedHand | null)[] };
  if (fs.existsSync(LANDMARKS)) {
    tracked = JSON.parse(fs.readFileSync(LANDMARKS, 'utf8'));
    log(`reusing the hands tracked in ${LANDMARKS} (delete it to track again)`);
  } else {
    tracked = await trackVideo();
    fs.mkdirSync(path.dirname(LANDMARKS), { recursive: true });
    fs.writeFileSync(LANDMARKS, JSON.stringify(tracked));
    log(`kept the hands in ${LANDMARKS}`);
  }
  const rows = tracked.hands.map((h) => (h ? motionRow(asHand(h), VIDEO_WIDTH, VIDEO_HEIGHT) : null));
  const stream: Stream = { video: layoutMotionVideo(motionProofSections()), frameMs: tracked.frameMs, rows };
  await tf.setBackend('wasm');
  await tf.ready();
  const lines: string[] = [];
  const set = recordTrainingSet(stream);
  for (const setting of settings) {
    const runs: Run[] = [];
    for (const seed of SEEDS) {
      const started = Date.now();
      const run = await replay(set, setting, seed, stream);
      runs.push(run);
      const line = row(setting.name, String(seed), [run]);
      log(`${setting.name}, seed ${seed}: ${line} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      lines.push(line);
    }
    lines.push(row(`**${setting.name}**`, 'all', runs));
  }
  process.stdout.write(
    [
      `bench:motion-videos replayed offline: the live tracker's hands on ${rows.length} frames of the proof video (10 a second; ${rows.filter(Boolean).length} with a hand), each setting trained with seeds ${SEEDS.join(', ')}.`,
      '',
      '| setting | seed | clips kept of 45 | held-out | test motions recognised | false events/min idle / pose-only / rests | delay median / p90 / max |',
      '|---|---|---|---|---|---|---|',
      ...lines,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
