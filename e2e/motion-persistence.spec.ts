import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { seriousViolations } from './support/axe';
import { motionCard, trainSwipeMotions } from './support/motion-upload';
import { hasSignDigits, listClassImages, SKIP_REASON } from './support/sign-digits';

test.skip(!hasSignDigits(), `Skipped: ${SKIP_REASON}.`);

const CLIPS = 3;

/** What the Motions panel shows of the project's motions: each class with its clip count, and the model's state. */
async function motionsShown(page: Page): Promise<string> {
  const classes = await page.getByTestId('motion-class').evaluateAll((cards) => cards.map((c) => `${c.getAttribute('data-class-name')}:${c.querySelector('[data-testid="motion-clip-count"]')?.getAttribute('data-count')}`));
  const model = await page.getByTestId('motion-training').textContent();
  return `${classes.join(', ')} | ${model}`;
}

test('motion classes, their clips and the trained motion model survive a reload and travel in a project file', async ({ studio, page }) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-motion-file-'));
  await studio.open('fused');
  await expect(page.getByTestId('hand-model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });

  await test.step('make two swipes and "No motion" from uploaded videos, pair the swipes as mirrors, and train', async () => {
    await trainSwipeMotions(page, listClassImages('5'), CLIPS);
    expect(await seriousViolations(page, 'the Motions panel with clips and a trained model')).toEqual([]);
  });
  const before = await motionsShown(page);
  console.log(`motions before the reload: ${before}`);
  expect(before).toBe('Swipe right:3, Swipe left:3, No motion:3 | Motion model trained on 3 classes, recognising live.');
  const mirror = await motionCard(page, 'Swipe left').getByLabel('Mirror of Swipe left').locator('option:checked').textContent();

  await test.step('reload: the same classes, clips, mirror pair and model, recognising again', async () => {
    await expect(page.getByText('Saved', { exact: true })).toBeVisible({ timeout: 30_000 });
    await page.reload();
    await expect(page.getByTestId('motion-training')).toHaveText(/recognising live/, { timeout: 120_000 });
    expect(await motionsShown(page)).toBe(before);
    await expect(motionCard(page, 'Swipe left').getByLabel('Mirror of Swipe left').locator('option:checked')).toHaveText(mirror ?? '');
  });

  const exported = path.join(tmp, 'motions.gesture-project.zip');
  await test.step('export the project file, delete the project, import the file: the motions come back', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export project' }).click()]);
    await download.saveAs(exported);
    const bytes = fs.readFileSync(exported);
    for (const name of ['motion/clips.bin', 'motion/model.json', 'motion/weights.bin']) expect(bytes.includes(Buffer.from(name)), name).toBe(true);
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Delete project' }).click();
    await expect(page.getByTestId('motion-class')).toHaveCount(0, { timeout: 30_000 });
    await page.getByLabel('Import project file').setInputFiles(exported);
    await expect(page.getByTestId('motion-training')).toHaveText(/recognising live/, { timeout: 120_000 });
    expect(await motionsShown(page)).toBe(before);
  });
});
