import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { describeTally, type StudioPage, type Tally } from './studio-page';
import { launchOptions } from './support/browser';
import { fakeCameraArgs, GESTURE_VIDEO, GESTURES, SEGMENT_MS } from './support/camera-videos';
import { measureLayout } from './support/layout';
import { hasSignDigits, SKIP_REASON } from './support/sign-digits';

test.skip(!hasSignDigits(), `Skipped: ${SKIP_REASON}.`);
test.use({ launchOptions: launchOptions(fakeCameraArgs(GESTURE_VIDEO)) });

/** Nothing wider than the screen and every control at least 44 px: checked now, as laid out. */
async function expectFitsTouchScreen(page: Page, where: string): Promise<void> {
  const layout = await measureLayout(page);
  console.log(`${where}: scroll width ${layout.scrollWidth}, layout viewport ${layout.innerWidth}, screen ${layout.screenWidth}; ${layout.targets} controls measured`);
  expect(layout.overflowing, `${where}: elements wider than the viewport`).toEqual([]);
  expect(layout.innerWidth, `${where}: the browser widened the page past the screen`).toBe(layout.screenWidth);
  expect(layout.scrollWidth, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(layout.screenWidth);
  expect(layout.smallTargets, `${where}: controls under 44 px`).toEqual([]);
}

/** The camera preview is the first thing in the page's content, and on screen without scrolling. */
async function expectPreviewFirst(studio: StudioPage): Promise<void> {
  const page = studio.page;
  const firstRegion = await page.locator('main section').first().getAttribute('aria-labelledby');
  expect(await page.locator(`#${firstRegion}`).innerText()).toBe('Camera');
  const preview = await page.getByTestId('camera-picture').boundingBox();
  const viewport = page.viewportSize();
  expect(preview && viewport && preview.y + preview.height <= viewport.height, 'the preview is on the first screen').toBe(true);
}

test.describe('phone, 390 x 844, touch', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('records by holding a finger on the button, trains and labels live; nothing is wider than the screen and every control is 44 px', async ({ studio, page }) => {
    await studio.open();
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), 'the page sees a touch screen').toBe(true);
    await expectPreviewFirst(studio);
    await page.getByRole('button', { name: 'Start camera' }).tap();
    await expect(page.getByRole('button', { name: 'Stop camera' })).toBeVisible();
    await studio.renameClass(0, GESTURES[0].name);
    await studio.renameClass(1, GESTURES[1].name);
    await studio.addClass(GESTURES[2].name);

    await test.step('Chromium lists its one fake camera, so no front/back choice is offered', async () => {
      const cameras = await page.evaluate(async () => (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput').length);
      expect(cameras).toBe(1);
      await expect(page.getByRole('radiogroup', { name: 'Camera facing' })).toHaveCount(0);
      await expect(page.getByTestId('camera-picture')).toHaveAttribute('data-mirrored', 'true');
    });

    await test.step('hold a finger on the record button while the camera shows each gesture', async () => {
      const holds = await studio.recordGesturesByTouch(GESTURES, SEGMENT_MS);
      console.log(`touch holds: ${holds.map((h) => `${h.pointerType}, +${h.added}, ${h.pointerCancels} cancelled, selected "${h.selectedText}", ${h.contextMenusSeen} long-press menus raised, ${h.contextMenus} let through`).join('; ')}`);
      expect(holds.map((h) => [h.pointerType, h.pressedWhileHeld, h.added > 0])).toEqual(holds.map(() => ['touch', true, true]));
      // The finger drifted 60 px mid-hold: had the browser panned the page, it would have cancelled the pointer.
      expect(holds.map((h) => [h.pointerCancels, h.selectedText, h.contextMenus])).toEqual(holds.map(() => [0, '', 0]));
      for (const g of GESTURES) {
        const count = await studio.sampleCount(g.name);
        // As many as the live loop's frame rate allows on this machine (the samples follow the frames seen).
        console.log(`recorded ${count} samples of ${g.name} by touch`);
        expect(count).toBeGreaterThanOrEqual(10);
      }
    });

    await test.step('train with a tap', async () => {
      await studio.setRecipe('head-only', 4);
      const train = page.getByRole('button', { name: 'Train', exact: true });
      await expect(train).toBeEnabled({ timeout: 300_000 });
      await train.tap();
      await expect(page.getByTestId('train-status')).toHaveAttribute('data-state', 'trained', { timeout: 300_000 });
    });

    await test.step('the live label is the gesture on screen for at least 90% of frames well inside each segment', async () => {
      const { tally, misses } = await studio.liveAccuracy(GESTURES, 2 * GESTURES.length * SEGMENT_MS);
      for (const g of GESTURES) {
        const entry = tally.get(g.digit) as Tally;
        const { right, total } = entry;
        console.log(`live accuracy on the phone ${g.name}: ${describeTally(entry)}`);
        if (g === GESTURES[0] && misses.length > 0) console.log(`misses: ${misses.join('; ')}`);
        expect(total).toBeGreaterThanOrEqual(6);
        expect(right / total).toBeGreaterThanOrEqual(0.9);
      }
    });

    await test.step('laid out for the phone: with samples and a trained model, the menu open, the advanced settings open', async () => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: 'test-results/phone-390x844.png' });
      await page.screenshot({ path: 'test-results/phone-390x844-full.png', fullPage: true });
      await expectFitsTouchScreen(page, 'phone, trained');
      const menu = page.getByRole('button', { name: 'Project and settings' });
      await expect(page.getByRole('button', { name: 'Export project' })).toBeHidden();
      await menu.tap();
      await expect(menu).toHaveAttribute('aria-expanded', 'true');
      await expect(page.getByRole('button', { name: 'Export project' })).toBeVisible();
      await page.screenshot({ path: 'test-results/phone-390x844-menu.png' });
      await page.getByText('Advanced settings', { exact: true }).tap();
      await page.screenshot({ path: 'test-results/phone-390x844-advanced.png' });
      await expectFitsTouchScreen(page, 'phone, menu and advanced settings open');
    });

    await test.step('every tab of Inside the network fits the phone too (its wide tables scroll in their own boxes)', async () => {
      await page.getByRole('button', { name: /Inside the network/ }).tap();
      const ready = {
        Architecture: () => expect(page.getByTestId('architecture-check')).toHaveAttribute('data-state', 'checked', { timeout: 120_000 }),
        // The maps are drawn only while the grid is on screen.
        'Feature maps': async () => {
          await page.getByTestId('feature-grid').scrollIntoViewIfNeeded();
          await expect(page.getByTestId('feature-grid')).not.toHaveAttribute('data-updates', '0', { timeout: 120_000 });
        },
        'Convolution playground': () => expect(page.getByTestId('conv-output')).toBeVisible(),
        'Classic networks': () => expect(page.getByTestId('classic-network-table')).toBeVisible(),
      };
      for (const [tab, isReady] of Object.entries(ready)) {
        await page.getByRole('tab', { name: tab }).tap();
        await isReady();
        await expectFitsTouchScreen(page, `phone, Inside the network: ${tab}`);
      }
      await page.getByRole('tab', { name: 'Architecture' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: 'test-results/phone-390x844-network.png' });
    });
  });

  test('front or back camera is offered when the browser lists a back one; the mirror follows it and the overlay stays on the picture', async ({ studio, page }) => {
    // Chromium's fake device is the only camera: this lists a second, back-facing one beside it, as a
    // phone's browser does. Its stream is still the fake device's, which reports no facing, so the app
    // takes the facing it asked for.
    await page.addInitScript(() => {
      const devices = navigator.mediaDevices;
      const list = devices.enumerateDevices.bind(devices);
      devices.enumerateDevices = async () => {
        const real = await list();
        const back = { deviceId: 'back-camera', groupId: 'back', kind: 'videoinput', label: 'Back Camera', getCapabilities: () => ({ facingMode: ['environment'] }), toJSON: () => ({}) };
        return [...real, back as unknown as MediaDeviceInfo];
      };
    });
    await studio.open('fused');
    await studio.startCamera();
    const picture = page.getByTestId('camera-picture');
    const facing = page.getByRole('radiogroup', { name: 'Camera facing' });
    await expect(facing.getByRole('radio', { name: 'Front camera' })).toBeChecked();
    await expect(picture).toHaveAttribute('data-mirrored', 'true');
    await expectOverlayOnPicture(page, true);

    await facing.getByRole('radio', { name: 'Back camera' }).tap();
    await expect(facing.getByRole('radio', { name: 'Back camera' })).toBeChecked();
    await expect(page.getByRole('button', { name: 'Stop camera' })).toBeVisible();
    await expect(picture).toHaveAttribute('data-mirrored', 'false');
    await expect(page.getByRole('checkbox', { name: 'Mirror preview' })).not.toBeChecked();
    await expectOverlayOnPicture(page, false);
    await page.screenshot({ path: 'test-results/phone-390x844-back-camera.png' });

    await facing.getByRole('radio', { name: 'Front camera' }).tap();
    await expect(picture).toHaveAttribute('data-mirrored', 'true');
    await expectOverlayOnPicture(page, true);
  });
});

/**
 * The hand overlay is drawn in the video frame's own pixels and sits in the same box as the video,
 * under the one transform that mirrors (or not) both: so a landmark lands on the hand either way.
 */
async function expectOverlayOnPicture(page: Page, mirrored: boolean): Promise<void> {
  await expect(page.getByTestId('hand-overlay')).toHaveAttribute('data-state', 'hand', { timeout: 60_000 });
  const geometry = await page.evaluate(() => {
    const picture = document.querySelector('[data-testid="camera-picture"]') as HTMLElement;
    const video = picture.querySelector('video') as HTMLVideoElement;
    const overlay = picture.querySelector('canvas[data-testid="hand-overlay"]') as HTMLCanvasElement;
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height].map(Math.round);
    };
    // Tailwind's -scale-x-100 sets the `scale` property; anything else would show in `transform`.
    const transforms = (el: Element) => `${getComputedStyle(el).scale} / ${getComputedStyle(el).transform}`;
    return {
      transform: transforms(picture),
      ownTransforms: [transforms(video), transforms(overlay)],
      videoBox: box(video),
      overlayBox: box(overlay),
      frame: [video.videoWidth, video.videoHeight],
      canvas: [overlay.width, overlay.height],
    };
  });
  expect(geometry.transform).toBe(mirrored ? '-1 1 / none' : 'none / none');
  expect(geometry.ownTransforms).toEqual(['none / none', 'none / none']);
  expect(geometry.overlayBox).toEqual(geometry.videoBox);
  expect(geometry.canvas).toEqual(geometry.frame);
}

test.describe('tablet, 768 x 1024, touch', () => {
  test.use({ viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true });

  test('the studio fits the tablet: nothing wider than the screen, every control 44 px, the camera first', async ({ studio, page }) => {
    await studio.open();
    await expectPreviewFirst(studio);
    await page.getByRole('button', { name: 'Start camera' }).tap();
    await expect(page.getByRole('button', { name: 'Stop camera' })).toBeVisible();
    await studio.holdToRecordByTouch(await page.getByTestId('class-card').first().getByRole('textbox', { name: 'Class name' }).inputValue(), 1500);
    await expect(page.getByTestId('sample-count').first()).not.toHaveText('0 samples');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: 'test-results/tablet-768x1024.png' });
    await page.screenshot({ path: 'test-results/tablet-768x1024-full.png', fullPage: true });
    await expectFitsTouchScreen(page, 'tablet');
  });
});
