/**
 * What a person does in the studio's Motions panel, as steps shared by e2e/motion.spec.ts and
 * scripts/motion-videos.ts (so they take a bare Playwright page and use no test runner's `expect`):
 * add the motion classes, record their clips by holding the record buttons while the fake camera's
 * video shows each clip, train, and watch a stretch of the video collecting the live events.
 */
import type { Locator, Page } from '@playwright/test';
import { IDLE_CLASS_NAME } from '../../lib/motion';
import type { MotionKind } from '../../lib/motion/test-motions';
import { nextPageTime, placeTimeline } from './marker-clock';
import { markerChanges, motionEvents, pageNow } from './marker-watch';
import type { ScoredTimelineSegment, TimedEvent } from './motion-score';
import type { Hold, MotionSection, MotionVideo, SectionName } from './motion-video';

/** The class name a person gives each kind of motion. */
export const MOTION_CLASS_NAMES: Readonly<Record<MotionKind, string>> = {
  'swipe-left': 'Swipe left',
  'swipe-right': 'Swipe right',
  'swipe-up': 'Swipe up',
  'swipe-down': 'Swipe down',
  'circle-cw': 'Circle clockwise',
  'circle-ccw': 'Circle counter-clockwise',
  wave: 'Wave',
  push: 'Push',
  idle: IDLE_CLASS_NAME,
};
export const classOfKind = (kind: string): string => MOTION_CLASS_NAMES[kind as MotionKind] ?? kind;

/**
 * What each motion is in a mirror (the camera image flipped left to right): a left swipe becomes a
 * right swipe and a clockwise circle a counter-clockwise one (other classes); the rest stay
 * themselves.
 */
export const MIRROR_OF: Partial<Record<MotionKind, MotionKind | 'self'>> = {
  'swipe-left': 'swipe-right',
  'circle-cw': 'circle-ccw',
  'swipe-up': 'self',
  'swipe-down': 'self',
  wave: 'self',
  push: 'self',
};

const panel = (page: Page) => page.getByRole('region', { name: 'Motions', exact: true });

export function motionCard(page: Page, name: string): Locator {
  return page.locator(`[data-testid="motion-class"][data-class-name="${name}"]`);
}

export async function clipCount(page: Page, name: string): Promise<number> {
  return Number(await motionCard(page, name).getByTestId('motion-clip-count').getAttribute('data-count'));
}

/** Adds a class for each kind (named by MOTION_CLASS_NAMES), "No motion", and each class's mirror where both sides are there. */
export async function addMotionClasses(page: Page, kinds: readonly MotionKind[]): Promise<void> {
  for (const kind of kinds) {
    await panel(page).getByRole('button', { name: 'Add a motion', exact: true }).click();
    const name = MOTION_CLASS_NAMES[kind];
    const input = panel(page).getByTestId('motion-class').last().getByRole('textbox', { name: /^Name of / });
    await input.fill(name);
    await input.press('Enter');
    await motionCard(page, name).waitFor();
  }
  await panel(page).getByRole('button', { name: 'Add “No motion”', exact: true }).click();
  await motionCard(page, IDLE_CLASS_NAME).waitFor();
  for (const kind of kinds) {
    const mirror = MIRROR_OF[kind];
    if (!mirror || (mirror !== 'self' && !kinds.includes(mirror))) continue;
    const select = page.getByRole('combobox', { name: `Mirror of ${MOTION_CLASS_NAMES[kind]}`, exact: true });
    await select.selectOption(mirror === 'self' ? 'self' : { label: `${MOTION_CLASS_NAMES[mirror]} (another class)` });
  }
}

/** Waits until page time `atMs` (performance.now()). */
async function waitUntilPageTime(page: Page, atMs: number): Promise<void> {
  const wait = atMs - (await pageNow(page));
  if (wait > 0) await page.waitForTimeout(wait);
}

/** The page time the video next reaches `videoMs` (after `leadMs` from now), once the marker changes seen place it. */
async function nextTimeOf(page: Page, video: Pick<MotionVideo, 'timeline' | 'durationMs'>, videoMs: number, leadMs: number, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const at = nextPageTime(video.timeline, video.durationMs, (await markerChanges(page)).changes, videoMs, (await pageNow(page)) + leadMs);
    if (at !== null) return at;
    if (Date.now() > deadline) throw new Error('The fake camera\'s marker strip was not seen changing: is the camera on and watchMarkers called?');
    await page.waitForTimeout(250);
  }
}

export interface RecordedHold extends Hold {
  readonly kept: boolean;
}

/**
 * Records the holds in one play of the video: for each, the mouse presses its class's "Hold to
 * record" button at the page time the video reaches `pressMs` and lets go at `releaseMs` (as mapped
 * from the marker changes seen just before). Says per hold whether the class gained a clip.
 */
export async function recordHolds(page: Page, video: Pick<MotionVideo, 'timeline' | 'durationMs'>, holds: readonly Hold[], log: (line: string) => void = () => {}): Promise<RecordedHold[]> {
  const recorded: RecordedHold[] = [];
  for (const [i, hold] of holds.entries()) {
    const name = MOTION_CLASS_NAMES[hold.kind];
    const before = await clipCount(page, name);
    const button = motionCard(page, name).getByRole('button', { name: `Hold to record ${name}`, exact: true });
    await button.scrollIntoViewIfNeeded();
    const box = await button.boundingBox();
    if (!box) throw new Error(`No record button for ${name}.`);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const pressAt = await nextTimeOf(page, video, hold.pressMs, 100);
    await waitUntilPageTime(page, pressAt);
    await page.mouse.down();
    await waitUntilPageTime(page, pressAt + (hold.releaseMs - hold.pressMs));
    await page.mouse.up();
    // The clip is kept when the recording stops, on release; waiting for it must leave time to reach the next hold.
    const next = holds[i + 1];
    const spareMs = next ? next.pressMs - hold.releaseMs - 500 : 3000;
    if (spareMs > 0) await page.locator(`[data-testid="motion-class"][data-class-name="${name}"] [data-testid="motion-clip-count"]:not([data-count="${before}"])`).waitFor({ timeout: Math.min(spareMs, 3000) }).catch(() => {});
    const kept = (await clipCount(page, name)) > before;
    if (!kept) log(`a clip of ${name} was not kept: ${(await panel(page).locator('[data-tone="warning"]').allTextContents()).join(' ') || 'no reason shown'}`);
    recorded.push({ ...hold, kept });
  }
  return recorded;
}

/**
 * Presses "Train motions" and waits until the model is trained and recognising live; returns its held-out accuracy (null
 * when none was held out) and the sentence the panel says it in (with the epoch it stopped at).
 */
export async function trainMotions(page: Page, timeoutMs: number): Promise<{ accuracy: number | null; said: string }> {
  await panel(page).getByRole('button', { name: 'Train motions', exact: true }).click();
  const status = page.getByTestId('motion-training');
  await page.locator('[data-testid="motion-training"]:not([data-phase="idle"]):not([data-phase="training"])').waitFor({ timeout: timeoutMs });
  const phase = await status.getAttribute('data-phase');
  if (phase !== 'trained') throw new Error(`Motion training ended ${phase}: ${await panel(page).innerText()}`);
  // The engine gets the model after training: until it recognises with it, its tensors are not all there.
  await page.locator('[data-testid="motion-live"][data-recognising="true"]').waitFor({ timeout: timeoutMs });
  const readout = page.getByTestId('motion-accuracy');
  const accuracy = await readout.getAttribute('data-value');
  return { accuracy: accuracy ? Number(accuracy) : null, said: await readout.locator('xpath=..').innerText() };
}

export interface WatchedSection {
  /** The section's segments on the page's clock. */
  readonly segments: ScoredTimelineSegment[];
  /** Every motion event shown from the section's start to 1.5 s after its end (page time). */
  readonly events: TimedEvent[];
}

/**
 * Waits for the next play of the named sections (one after the other in the video) that starts at
 * least `leadMs` from now, watches them through in that play and returns, per section, its segments
 * and the events shown meanwhile, both on the page's clock. The page lists only the recent events,
 * so they are read every second and gathered.
 */
export async function watchSections(page: Page, video: Pick<MotionVideo, 'timeline' | 'durationMs' | 'sections'>, names: readonly SectionName[], leadMs = 500): Promise<Map<SectionName, WatchedSection>> {
  const ranges = names.map((name) => {
    const range = video.sections.find((s) => s.name === name);
    if (!range) throw new Error(`The video has no ${name} section.`);
    return range;
  });
  ranges.slice(1).forEach((range, i) => {
    if (range.startMs !== ranges[i]?.endMs) throw new Error(`The ${range.name} section does not follow the ${ranges[i]?.name} section.`);
  });
  const first = ranges[0] as MotionSection;
  const last = ranges.at(-1) as MotionSection;
  const startAt = await nextTimeOf(page, video, first.startMs, leadMs);
  const endAt = startAt + (last.endMs - first.startMs);
  const seen = new Map<string, TimedEvent>();
  while ((await pageNow(page)) < endAt + 1500) {
    for (const event of await motionEvents(page)) seen.set(`${event.className}@${event.atMs}`, event);
    await page.waitForTimeout(1000);
  }
  const placed = placeTimeline(video.timeline, (await markerChanges(page)).changes).filter((p) => p.startMs >= startAt - 1000 && p.endMs <= endAt + 1000);
  const events = [...seen.values()].sort((a, b) => a.atMs - b.atMs);
  const watched = new Map<SectionName, WatchedSection>();
  for (const range of ranges) {
    const indices = video.timeline.flatMap((s, i) => (s.startMs >= range.startMs && s.endMs <= range.endMs ? [i] : []));
    const mine = placed.filter((p) => indices.includes(p.index));
    if (mine.length !== indices.length) throw new Error(`Only ${mine.length} of the ${indices.length} segments of the ${range.name} section were seen in one play.`);
    const from = (mine[0] as { startMs: number }).startMs;
    const to = (mine.at(-1) as { endMs: number }).endMs;
    // The events of the section and of its last motion's late window (which the next section's start may hold).
    watched.set(range.name, { segments: mine.map((p) => ({ kind: p.segment.kind, startMs: p.startMs, endMs: p.endMs })), events: events.filter((e) => e.atMs >= from && e.atMs <= to + 1500) });
  }
  return watched;
}

/** Opens the studio as the spec's `studio.open('landmarks')` does, for a script without the test runner: the models loaded, hand landmarks as the input. */
export async function openStudio(page: Page, origin: string, timeoutMs = 180_000): Promise<void> {
  await page.goto(`${origin}/`);
  await page.locator('[data-testid="model-status"][data-state="ready"]').waitFor({ timeout: timeoutMs });
  await page.locator('[data-testid="hand-model-status"][data-state="ready"]').waitFor({ timeout: timeoutMs });
  await page.getByRole('combobox', { name: 'Input mode' }).selectOption('landmarks');
}

/** tf.memory().numTensors as the header shows it, from a reading taken while no work ran (see StudioPage.tensorsInMemory). */
export async function quietTensors(page: Page, timeoutMs = 60_000): Promise<number> {
  const readout = page.locator('[data-testid="memory-tensors"][data-quiet="true"]');
  await readout.waitFor({ timeout: timeoutMs });
  return Number(await readout.getAttribute('data-value'));
}
