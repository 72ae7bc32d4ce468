// `npm run bench:video-recall`: how often the live hand tracker has the hand, on the test motions of
// `npm run bench:motion-videos` (other people's hands from the sign-digit photos moved over generated
// scenes, e2e/support/motion-video.ts), seen at 10 frames a second as a loaded machine's live loop
// sees them. Plays the frames through the app's own tracker (lib/hand, bundled for the page by
// scripts/video-recall-page.ts) once per policy for a lost track, and prints, per policy, the frames
// with a hand on which it had one, the test motions it had in view for under 3/4 of their frames, and
// hands reported on frames without one; then, on the frames MediaPipe's VIDEO landmarker alone lost,
// what each single try finds. Progress goes to stderr, the tables to stdout.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { framePng } from '../e2e/support/busy-scene';
import { FRAME_MS, motionFrames, motionProofSections } from '../e2e/support/motion-video';
import { hasSignDigits, SKIP_REASON } from '../e2e/support/sign-digits';
import { withFramePage } from './frame-page';
import type { PolicyResult, RecallFrame, TryResult } from './video-recall-page';

/** Every STEP-th video frame: 3 of 30 fps is 10 frames a second. */
const STEP = Number(process.env.VIDEO_RECALL_STEP ?? 3);
const log = (line: string) => process.stderr.write(`[video-recall] ${line}\n`);

/** The proof video's test section, every STEP-th frame written as a PNG into `dir`. */
function writeFrames(dir: string): RecallFrame[] {
  const test = motionProofSections().find((section) => section.name === 'test');
  if (!test) throw new Error('The motion proof video has no test section.');
  const truth: { hand: boolean; motion: number }[] = [];
  let motion = 0;
  for (const shot of test.shots) {
    const isMotion = shot.kind !== 'idle' && shot.kind !== 'no-hand';
    if (isMotion) motion += 1;
    for (let k = 0; k < shot.frames; k += 1) truth.push({ hand: shot.kind !== 'no-hand', motion: isMotion ? motion : 0 });
  }
  const frames: RecallFrame[] = [];
  let index = 0;
  for (const rgb of motionFrames(test.shots)) {
    if (index % STEP === 0) {
      const name = `${String(index).padStart(5, '0')}.png`;
      fs.writeFileSync(path.join(dir, name), framePng(rgb));
      frames.push({ url: `/frames/${name}`, ...(truth[index] as { hand: boolean; motion: number }) });
    }
    index += 1;
  }
  return frames;
}

const share = (part: number, whole: number) => `${part}/${whole} = ${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;

function policyTable(frames: readonly RecallFrame[], policies: readonly PolicyResult[]): string {
  const handFrames = frames.filter((f) => f.hand).length;
  const motionFrames = frames.filter((f) => f.motion > 0).length;
  const motions = [...new Set(frames.filter((f) => f.motion > 0).map((f) => f.motion))];
  const rows = policies.map(({ name, found }) => {
    const inView = (motion: number) => {
      const own = frames.map((f, i) => ({ f, found: found[i] })).filter(({ f }) => f.motion === motion);
      return own.filter((o) => o.found).length / own.length;
    };
    const hands = frames.filter((f, i) => f.hand && found[i]).length;
    const moving = frames.filter((f, i) => f.motion > 0 && found[i]).length;
    const falseHands = frames.filter((f, i) => !f.hand && found[i]).length;
    return `| ${name} | ${share(hands, handFrames)} | ${share(moving, motionFrames)} | ${motions.filter((m) => inView(m) < 0.75).length} of ${motions.length} | ${falseHands} of ${frames.length - handFrames} |`;
  });
  return [
    '| how a lost track is looked for | frames with a hand: found | frames of a motion: found | test motions with the hand found in < 3/4 of their frames | hands on frames without one |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function tryTable(tries: readonly TryResult[]): string {
  return [
    '| single try, on the frames the VIDEO landmarker alone lost | found | hands on frames without one |',
    '|---|---|---|',
    ...tries.map((t) => `| ${t.id} | ${share(t.found, t.ran)} | ${t.falseHands} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  if (!hasSignDigits()) {
    log(`skipped: ${SKIP_REASON}`);
    return;
  }
  if (!(Number.isInteger(STEP) && STEP >= 1)) throw new Error(`VIDEO_RECALL_STEP must be a whole number of frames, not "${process.env.VIDEO_RECALL_STEP}".`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'video-recall-'));
  try {
    const frameDir = path.join(work, 'frames');
    fs.mkdirSync(frameDir);
    const frames = writeFrames(frameDir);
    log(`wrote ${frames.length} frames (one in ${STEP} of the test section)`);
    const result = await withFramePage({ entry: 'scripts/video-recall-page.ts', work, frameDir, query: `?frameMs=${(STEP * FRAME_MS).toFixed(3)}`, ready: 'measureVideoRecall', log }, (page) =>
      page.evaluate((list) => window.measureVideoRecall(list, (line) => (window as unknown as { reportProgress(l: string): void }).reportProgress(line)), frames),
    );
    const fps = (1000 / (STEP * FRAME_MS)).toFixed(0);
    process.stdout.write(`Hand tracking on the ${new Set(frames.map((f) => f.motion)).size - 1} test motions of bench:motion-videos at ${fps} frames a second (${frames.length} frames):\n\n`);
    process.stdout.write(`${policyTable(frames, result.policies)}\n\n${tryTable(result.tries)}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
