import { expect, test } from './fixtures';
import { recordSwipeVideo } from './support/motion-upload';
import { hasSignDigits, listClassImages, SKIP_REASON } from './support/sign-digits';

test.skip(!hasSignDigits(), `Skipped: ${SKIP_REASON}.`);

test('uploaded videos become motion clips, one per file, drawn as the path the hand took; an unplayable file is refused with a sentence', async ({ studio, page }) => {
  await studio.open('fused');
  await expect(page.getByTestId('hand-model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  const motions = page.getByRole('region', { name: 'Motions' });
  await expect(motions.getByText('No motions yet.')).toBeVisible();
  await motions.getByRole('button', { name: 'Add a motion' }).click();
  const card = page.locator('[data-testid="motion-class"][data-class-name="Motion 1"]');
  await card.getByLabel('Name of Motion 1').fill('Swipe right');
  await card.getByLabel('Name of Motion 1').press('Enter');
  const swipe = page.locator('[data-testid="motion-class"][data-class-name="Swipe right"]');
  await expect(swipe).toBeVisible();

  const photo = listClassImages('5')[0];
  const right = await recordSwipeVideo(page, photo, 1);
  const left = await recordSwipeVideo(page, photo, -1);
  await swipe.getByLabel('Upload motion videos for Swipe right').setInputFiles([
    { name: 'swipe-1.webm', mimeType: 'video/webm', buffer: right },
    { name: 'swipe-2.webm', mimeType: 'video/webm', buffer: left },
  ]);
  await expect(swipe.getByTestId('motion-clip-count')).toHaveAttribute('data-count', '2', { timeout: 120_000 });
  const drawings = swipe.getByRole('img', { name: /^Clip \d of Swipe right/ });
  await expect(drawings).toHaveCount(2);
  const travel = await drawings.evaluateAll((svgs) => svgs.map((svg) => Number(svg.getAttribute('data-travel-x'))));
  console.log(`wrist travel in frame heights, right then left: ${travel.map((x) => x.toFixed(2)).join(', ')}`);
  // 160 px of a 240 px-high frame is 0.67 frame heights; the tracked wrist must have gone most of it, each its own way.
  expect(travel[0]).toBeGreaterThan(0.4);
  expect(travel[1]).toBeLessThan(-0.4);

  await swipe.getByRole('button', { name: 'Delete clip 2 of Swipe right' }).click();
  await expect(swipe.getByTestId('motion-clip-count')).toHaveAttribute('data-count', '1');

  await swipe.getByLabel('Upload motion videos for Swipe right').setInputFiles([{ name: 'broken.webm', mimeType: 'video/webm', buffer: Buffer.from('not a video at all') }]);
  await expect(page.getByTestId('notice')).toContainText('This browser cannot play “broken.webm”');
  await expect(swipe.getByTestId('motion-clip-count')).toHaveAttribute('data-count', '1');
});
