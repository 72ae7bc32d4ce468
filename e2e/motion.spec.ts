import { expect, test } from './fixtures';
import { launchOptions } from './support/browser';
import { fakeCameraArgs } from './support/camera-videos';
import { DEFAULT_PEAK_OPTIONS, IDLE_CLASS_NAME } from '../lib/motion';
import { motionBars, traceMotionBars, watchMarkers } from './support/marker-watch';
import { barPeaks, describeEvent, handShare, formatConfusion, formatScore, scoreMotionEvents } from './support/motion-score';
import { addMotionClasses, classOfKind, clipCount, MOTION_CLASS_NAMES, recordHolds, trainMotions, watchSections, type WatchedSection } from './support/motion-steps';
import { layoutMotionVideo, MOTION_SPEC_VIDEO, motionSpecSections, SPEC_MOTIONS, trainingHolds } from './support/motion-video';
import { hasSignDigits, SKIP_REASON } from './support/sign-digits';

test.skip(!hasSignDigits(), `Skipped: ${SKIP_REASON}.`);
test.use({ launchOptions: launchOptions(fakeCameraArgs(MOTION_SPEC_VIDEO)) });

test('motions: clips recorded by holding the record buttons while the video shows them, trained, and the live events match the motions of other hands; numTensors flat', async ({ studio, page }) => {
  test.setTimeout(10 * 60_000);
  // The video global-setup wrote (e2e/support/motion-video.ts): training clips, a rest while training runs, test motions.
  const video = layoutMotionVideo(motionSpecSections());
  await studio.open('landmarks');
  await addMotionClasses(page, SPEC_MOTIONS);
  await watchMarkers(page);
  await studio.startCamera();

  await test.step('hold each class\'s record button while the video shows one of its clips', async () => {
    const recorded = await recordHolds(page, video, trainingHolds(video), (line) => console.log(line));
    for (const kind of [...SPEC_MOTIONS, 'idle' as const]) {
      const name = MOTION_CLASS_NAMES[kind];
      const holds = recorded.filter((h) => h.kind === kind);
      console.log(`${name}: ${holds.filter((h) => h.kept).length} of ${holds.length} clips kept`);
      // A hold is kept when the hand was tracked in a few of its frames: every one of these shows a hand.
      expect(await clipCount(page, name), name).toBe(holds.length);
    }
  });

  await test.step('train the motion model', async () => {
    const started = Date.now();
    const { said } = await trainMotions(page, 5 * 60_000);
    console.log(`trained in ${((Date.now() - started) / 1000).toFixed(0)} s; ${said}`);
    // A project of motions alone: the panel says how to take them elsewhere.
    await expect(page.getByTestId('motion-export-needs-poses')).toContainText('train the poses too');
  });

  await test.step('the test motions, by people whose hands were not trained on: events match the motions, few on rest, numTensors flat', async () => {
    const tensorsBefore = await studio.tensorsInMemory();
    await traceMotionBars(page);
    const watched = (await watchSections(page, video, ['test'])).get('test') as WatchedSection;
    const bars = await motionBars(page);
    const tensorsAfter = await studio.tensorsInMemory();
    const score = scoreMotionEvents(watched.segments, watched.events, { classOf: classOfKind });
    console.log(formatScore(score));
    console.log(formatConfusion(score));
    for (const event of score.falseEvents) console.log(`false event: ${describeEvent(watched.segments, event)}`);
    console.log(`numTensors before ${tensorsBefore}, after ${tensorsAfter}`);
    expect(tensorsAfter, 'numTensors after the test motions').toBe(tensorsBefore);
    expect(score.motions).toHaveLength(SPEC_MOTIONS.length * 4);
    // Sanity floors for four clips a class (the issue's targets are measured by npm run bench:motion-videos
    // on all eight motions): half the motions recognised, and no more false events than motions shown.
    expect(score.recognised, 'test motions recognised').toBeGreaterThanOrEqual(score.motions.length / 2);
    expect(score.falseEvents.length, 'false events outside the motions').toBeLessThanOrEqual(score.motions.length);
    // The live motion bars show every class, and what fires: each recognised motion's own bar crossed the line.
    expect(new Set(bars.flatMap((reading) => Object.keys(reading.bars)))).toEqual(new Set([...SPEC_MOTIONS.map(classOfKind), IDLE_CLASS_NAME]));
    const peaks = score.motions.map((m) => barPeaks(m, bars, { classOf: classOfKind, idle: IDLE_CLASS_NAME }));
    const inView = (m: (typeof score.motions)[number]) => `${Math.round(100 * (handShare(m, bars) ?? 0))}%`;
    console.log(`own bar peaks (hand in view): ${peaks.map((p, i) => `${classOfKind(score.motions[i].kind)} ${p.own?.toFixed(2)} (${inView(score.motions[i])})`).join(', ')}`);
    for (const [i, m] of score.motions.entries()) if (m.recognised) expect(peaks[i].own, `${m.kind}'s bar`).toBeGreaterThanOrEqual(DEFAULT_PEAK_OPTIONS.threshold);
  });
});
