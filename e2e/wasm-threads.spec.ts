import { expect, test } from './fixtures';

/*
 * The engine's WASM backend runs one thread per core (at most 4) inside the engine's worker when that
 * worker is cross-origin isolated. Its threads are a pool of workers the engine's worker starts from
 * blob: URLs, which the Content-Security-Policy (`worker-src 'self' blob:`) has to allow; the backend
 * reports the threads only once the pool has started them (lib/tf/wasm-backend.ts).
 */
test('the engine runs WASM with a thread per core, its pool started inside the engine worker under the CSP', async ({ studio, page }) => {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text()) && /worker|script/i.test(message.text())) refused.push(message.text());
  });
  await studio.open();
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, 'the browser reports one core: WASM runs one thread by design');

  const engineWorker = page.workers().find((worker) => new URL(worker.url()).pathname.startsWith('/_next/static/'));
  expect(engineWorker, 'the engine worker').toBeDefined();
  expect(await engineWorker?.evaluate(() => self.crossOriginIsolated)).toBe(true);

  const badge = page.getByTestId('backend');
  const threads = Math.min(cores, 4);
  await expect(badge).toHaveAttribute('title', new RegExp(`WebAssembly: ${threads} threads \\(`));
  if ((await badge.getAttribute('data-backend')) === 'wasm') await expect(badge).toContainText(' · threads');
  console.log(`backend badge: "${await badge.textContent()}"; ${(await badge.getAttribute('title'))?.split('. ').at(-1)}`);
  expect(refused, 'workers or scripts the policy refused').toEqual([]);
});
