import fs from 'node:fs';
import type { Page } from '@playwright/test';

/**
 * Records, in the page, a short .webm of a real hand photo travelling across a plain frame (the
 * browser's own MediaRecorder over a canvas), so the upload is a real video file a person could have.
 */
/** `direction`: 1 travels right, -1 left, 0 holds the hand still (an idle clip). */
export async function recordSwipeVideo(page: Page, photo: string, direction: 1 | -1 | 0): Promise<Buffer> {
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
          const x = 60 + direction * (160 * u - 80);
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
