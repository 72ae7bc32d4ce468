import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { zipEntries } from '../lib/project/test-zip';
import { expect, test } from './fixtures';
import { PlayerPage } from './player-page';
import { seriousViolations } from './support/axe';
import { launchOptions } from './support/browser';
import { fakeCameraArgs } from './support/camera-videos';
import { trainSwipeMotions } from './support/motion-upload';
import { hasSignDigits, listClassImages, makeSplit, SKIP_REASON } from './support/sign-digits';
import { buildSwipeCameraVideo } from './support/swipe-camera';

test.skip(!hasSignDigits(), `Skipped: ${SKIP_REASON}.`);

/** The motions are taught from uploaded swipes of these photos; the camera swipes another photo of a hand. */
const CLIPS = 3;
const SWIPE_VIDEO = path.join(os.tmpdir(), 'gesture-studio-e2e', 'swipes.y4m');
const CAMERA_PHOTO = () => listClassImages('5')[CLIPS + 6];
if (hasSignDigits()) buildSwipeCameraVideo(CAMERA_PHOTO(), SWIPE_VIDEO);
test.use({ launchOptions: launchOptions(fakeCameraArgs(SWIPE_VIDEO)) });

/** Events the live list must show before they are judged: two swipes each way. */
const EVENTS = 4;

/** The motions the player lists, oldest first. */
async function shownMotions(page: Page): Promise<string[]> {
  const newestFirst = await page.getByTestId('motion-events').locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-class') ?? ''));
  return newestFirst.reverse();
}

test('a bundle exported with motions recognises them in /play: its motion model loads, the camera’s swipes show as events (also on the presentation stage) and fire their action', async ({ studio, page }) => {
  const split = makeSplit({ holdoutPerClass: 0, trainPerClass: 12, classes: ['0', '2', '5'], seed: 23 });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'player-motions-'));
  try {
    await test.step('in the studio, train a pose model on imported photos and a motion model on uploaded swipes', async () => {
      await studio.open('fused');
      await studio.setFolder('Import dataset folder', split.trainDir);
      await expect(studio.classCards()).toHaveCount(3, { timeout: 180_000 });
      await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 180_000 });
      await studio.setRecipe('head-only', 0);
      await studio.train();
      await trainSwipeMotions(page, listClassImages('5'), CLIPS);
      await expect(page.getByTestId('motion-export-needs-poses')).toHaveCount(0);
    });

    const bundle = path.join(tmp, 'gesture-model.zip');
    await test.step('export the model: the bundle carries the motion model', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export model' }).click()]);
      await download.saveAs(bundle);
      const files = await zipEntries(new Blob([fs.readFileSync(bundle)]));
      const meta = JSON.parse(new TextDecoder().decode(files.get('metadata.json'))) as { motion?: { labels: string[] } };
      expect(meta.motion?.labels).toEqual(['Swipe right', 'Swipe left', 'No motion']);
      expect(files.has('motion/weights.bin')).toBe(true);
    });

    const player = new PlayerPage(page);
    await test.step('/play opens it and says which motions it recognises', async () => {
      await page.goto('/play');
      await player.openFile(bundle);
      await expect(page.getByTestId('player-motions')).toHaveText('Recognising motions: Swipe right, Swipe left');
      // Actions bind to the bundle's motions as to its labels ("No motion" never fires, so it has none).
      await studio.chooseAction('Swipe right', 'Play “Chime”');
      await expect(page.getByRole('combobox', { name: 'Action for No motion', exact: true })).toHaveCount(0);
    });

    await test.step('in presentation mode the stage shows each new motion', async () => {
      await player.startCamera();
      await expect(page.getByTestId('motion-live')).toHaveAttribute('data-recognising', 'true');
      await page.getByRole('button', { name: 'Present' }).click();
      const stage = page.getByTestId('stage-motion');
      await expect(stage).toHaveAttribute('data-class', /^Swipe (right|left)$/);
      const now = await stage.getAttribute('data-class');
      // The camera's next swipe goes the other way.
      await expect(stage).toHaveAttribute('data-class', now === 'Swipe right' ? 'Swipe left' : 'Swipe right', { timeout: 60_000 });
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('presentation-stage')).toHaveAttribute('data-mode', 'off');
    });

    await test.step('the list beside the label gathers the camera’s swipes', async () => {
      await expect.poll(async () => (await shownMotions(page)).length, { timeout: 180_000 }).toBeGreaterThanOrEqual(EVENTS);
      expect(await seriousViolations(page, '/play, recognising motions')).toEqual([]);
    });

    await test.step('with the camera stopped, every event is judged: the swipes alternate as the camera made them, and each right swipe fired its action', async () => {
      await page.getByRole('button', { name: 'Stop camera' }).click();
      const shown = await shownMotions(page);
      // The list keeps the latest 20: below that it holds every event since the camera started.
      expect(shown.length).toBeLessThan(20);
      console.log(`/play, motions from the fake camera's swipes, oldest first: ${shown.join(', ')}`);
      expect(shown.every((name) => name === 'Swipe right' || name === 'Swipe left')).toBe(true);
      for (let i = 1; i < shown.length; i += 1) expect(shown[i], `event ${i + 1} after ${shown[i - 1]}`).not.toBe(shown[i - 1]);
      const rights = shown.filter((name) => name === 'Swipe right').length;
      await expect(page.locator('[data-testid="fired-count"][data-class="Swipe right"]')).toHaveAttribute('data-fired-count', String(rights));
      await expect(page.locator('[data-testid="fired-count"][data-class="Swipe left"]')).toHaveAttribute('data-fired-count', '0');
    });
  } finally {
    fs.rmSync(split.root, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
