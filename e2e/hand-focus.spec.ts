import fs from 'node:fs';
import { PNG } from 'pngjs';
import { expect, test } from './fixtures';
import { describeTally } from './studio-page';
import { launchOptions } from './support/browser';
import { EMPTY_LABEL, fakeCameraArgs, GESTURES, HAND_VIDEO, SEGMENT_MS, STILL_LABEL, STILL_PHOTO } from './support/camera-videos';
import { PHOTO_SIZE, PHOTO_X, VIDEO_HEIGHT, VIDEO_WIDTH } from './support/fake-camera';
import { hasSignDigits, SKIP_REASON } from './support/sign-digits';

test.skip(!hasSignDigits(), `Skipped: ${SKIP_REASON}.`);
test.use({ launchOptions: launchOptions(fakeCameraArgs(HAND_VIDEO)) });

test('fused mode: landmarks drawn on the hand, "no hand" on an empty frame, correct live labels, nothing sent elsewhere', async ({ studio, page, baseURL }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await studio.open('fused');
  await studio.startCamera();

  await test.step('the landmarks lie on the hand in the photo the camera shows', async () => {
    await studio.waitForSegmentStart(STILL_LABEL);
    await page.waitForTimeout(800); // let tracking settle on the still photo
    const overlay = page.getByTestId('hand-overlay');
    await expect(overlay).toHaveAttribute('data-state', 'hand');
    const points = JSON.parse((await overlay.getAttribute('data-landmarks')) ?? '[]') as [number, number][];
    expect(points).toHaveLength(21);
    const onHand = handMask(STILL_PHOTO());
    let inside = 0;
    let onHandCount = 0;
    for (const [x, y] of points) {
      // Video pixels → the 100x100 photo pasted at PHOTO_X, scaled to PHOTO_SIZE.
      const px = ((x * VIDEO_WIDTH - PHOTO_X) / PHOTO_SIZE) * onHand.size;
      const py = ((y * VIDEO_HEIGHT) / PHOTO_SIZE) * onHand.size;
      if (px >= -2 && px <= onHand.size + 2 && py >= -2 && py <= onHand.size + 2) inside += 1;
      if (onHand.near(px, py, 2)) onHandCount += 1;
    }
    console.log(`landmarks inside the photo: ${inside}/21, on hand pixels: ${onHandCount}/21`);
    expect(inside).toBe(21);
    expect(onHandCount).toBeGreaterThanOrEqual(17);
    // The wrist (landmark 0) is below the middle fingertip (12) in these upright photos.
    expect(points[0][1]).toBeGreaterThan(points[12][1]);
  });

  await test.step('an empty frame shows "no hand" and no gesture label', async () => {
    await studio.waitForSegmentStart(EMPTY_LABEL);
    await page.waitForTimeout(600);
    await expect(page.getByTestId('hand-status')).toHaveAttribute('data-state', 'no-hand');
    await expect(page.getByTestId('hand-status')).toHaveText('No hand in view');
  });

  await studio.renameClass(0, GESTURES[0].name);
  await studio.renameClass(1, GESTURES[1].name);
  await studio.addClass(GESTURES[2].name);

  await test.step('recording keeps only frames with a hand, and says how many it dropped', async () => {
    await studio.waitForSegmentStart(EMPTY_LABEL);
    await studio.holdToRecord(GESTURES[0].name, SEGMENT_MS - 900);
    expect(await studio.sampleCount(GESTURES[0].name)).toBe(0);
    await expect(page.getByTestId('recording-drops')).toContainText('dropped');
    console.log(`recording over the empty segment: ${await page.getByTestId('recording-drops').textContent()}`);
  });

  await test.step('record each gesture', async () => {
    await studio.recordGestures(GESTURES, SEGMENT_MS);
    for (const g of GESTURES) {
      const count = await studio.sampleCount(g.name);
      console.log(`recorded ${count} samples of ${g.name} (fused)`);
      expect(count).toBeGreaterThanOrEqual(20);
    }
  });

  await test.step('train: the fused mode trains a head on the crop embedding and the landmarks', async () => {
    await studio.setRecipe('auto', 2);
    await expect(page.getByText('This input mode uses hand landmarks')).toBeVisible();
    await studio.train();
    console.log(`trained: ${await page.getByTestId('train-status').innerText()}`);
  });

  await test.step('the live label is the gesture on screen, and nothing is labelled on the empty frame', async () => {
    const tensors = new Set<number>();
    // Two loops of the video: the three gestures, the still photo (not tallied) and the empty frame.
    const { tally, misses } = await studio.liveAccuracy(GESTURES, 2 * 5 * SEGMENT_MS, {
      empty: EMPTY_LABEL,
      // From the first labelled frame on: before it the engine may still be installing the model,
      // and the readout is the engine's last count taken with no other work in flight.
      onReading: (screen) => {
        if (screen.predicted !== '' || tensors.size > 0) tensors.add(screen.tensors);
      },
    });
    if (misses.length > 0) console.log(`misses: ${misses.join('; ')}`);
    for (const [label, entry] of tally) {
      const { right, total } = entry;
      const name = GESTURES.find((g) => g.digit === label)?.name;
      console.log(`fused live accuracy ${name ?? 'empty frame ("no hand")'}: ${name ? describeTally(entry) : `${right}/${total}`}`);
      expect(total).toBeGreaterThanOrEqual(5);
      expect(right / total).toBeGreaterThanOrEqual(0.9);
    }
    // Hand found, hand lost, classify, skip: whichever path a frame takes, it frees what it made.
    console.log(`numTensors during fused live classification: ${[...tensors].join(', ')}`);
    expect(tensors.size).toBe(1);
  });

  const origin = new URL(baseURL as string).origin;
  const foreign = requests.filter((url) => !url.startsWith('blob:') && !url.startsWith('data:') && new URL(url).origin !== origin);
  console.log(`requests during the session: ${requests.length}, to other origins: ${foreign.length}`);
  expect(foreign).toEqual([]);
});

/** Which pixels of a sign-digit photo are hand: far in colour from its background (the median border colour). */
function handMask(file: string): { size: number; near(x: number, y: number, radius: number): boolean } {
  const png = PNG.sync.read(fs.readFileSync(file));
  const { width, data } = png;
  const at = (x: number, y: number) => [0, 1, 2].map((c) => data[(y * width + x) * 4 + c]);
  const border: number[][] = [];
  for (let i = 0; i < width; i += 1) border.push(at(i, 0), at(0, i), at(width - 1, i));
  const median = [0, 1, 2].map((c) => border.map((p) => p[c]).sort((a, b) => a - b)[border.length >> 1]);
  const isHand = (x: number, y: number) => Math.hypot(...at(x, y).map((v, c) => v - median[c])) > 40;
  return {
    size: width,
    near(x, y, radius) {
      for (let dy = -radius; dy <= radius; dy += 1) {
        for (let dx = -radius; dx <= radius; dx += 1) {
          const px = Math.round(x + dx);
          const py = Math.round(y + dy);
          if (px >= 0 && py >= 0 && px < width && py < width && isHand(px, py)) return true;
        }
      }
      return false;
    },
  };
}
