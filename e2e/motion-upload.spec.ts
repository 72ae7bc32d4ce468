import fs from 'node:fs';
import { expect, test } from './fixtures';
import { hasSignDigits, listClassImages, SKIP_REASON } from './support/sign-digits';

test.skip(!hasSignDigits(), `Skipped: ${SKIP_REASON}.`);

/**
 * Records, in the page, a short .webm of a real hand photo travelling across a plain frame (the
 * browser's own MediaRecorder over a canvas), so the upload is a real video file a person could have.
 */
async function recordSwipeVideo(page: import('@playwright/test').Page, photo: string, direction: 1 | -1): Promise<Buffer> {
  const dataUrl = `data:image/png;base64,${fs.readFileSync(photo).toString('base64')}`;
  const base64 = await page.evaluate(
    async ({ dataUrl, direction }) => {
      const image = new Image();
      image.src = dataUrl;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 240;
      const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
      const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: 'video/webm' });
      const chunks: Blob[] = [];
      recorder.ondataavailable = (e) => chunks.push(e.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      const durationMs = 1600;
      const start = performance.now();
      recorder.start();
      await new Promise<void>((resolve) => {
        const draw = () => {
          const t = Math.min(1, (performance.now() - start) / durationMs);
          // Still for the first and last fifth, travelling in between.
          const u = Math.min(1, Math.max(0, (t - 0.2) / 0.6));
          const x = direction > 0 ? -20 + 160 * u : 140 - 160 * u;
          ctx.fillStyle = '#d9d4cc';
          ctx.fillRect(0, 0, 320, 240);
          ctx.drawImage(image, x, 20, 200, 200);
          if (t < 1) requestAnimationFrame(draw);
          else resolve();
        };
        draw();
      });
      recorder.stop();
      await stopped;
      const bytes = new Uint8Array(await new Blob(chunks, { type: 'video/webm' }).arrayBuffer());
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      return btoa(binary);
    },
    { dataUrl, direction },
  );
  return Buffer.from(base64, 'base64');
}

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
