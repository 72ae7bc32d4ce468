import type { Page, Request, Response } from '@playwright/test';
import { expect, test } from './fixtures';
import { launchOptions } from './support/browser';
import { fakeCameraArgs, GESTURE_VIDEO, GESTURES, SEGMENT_MS } from './support/camera-videos';
import { hasSignDigits, SKIP_REASON } from './support/sign-digits';
import type { Screen } from './studio-page';

/*
 * Offline after the first visit: the service worker (lib/pwa) stores the app, the models and the
 * WASM runtimes, and answers for them once the network is gone. Every other spec blocks service
 * workers (playwright.config.ts); this one allows them. The fixture's privacy check listens on the
 * context, which also sees the worker's own fetches.
 */
test.use({ serviceWorkers: 'allow', launchOptions: launchOptions(fakeCameraArgs(GESTURE_VIDEO)) });

/** What the worker stored, against what its manifest (the first line of /sw.js) lists, once it is active. */
async function waitForPrecache(page: Page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const active = registration.active as ServiceWorker;
    // A worker activates only after its install stored every entry (a failed fetch fails the install).
    if (active.state !== 'activated') await new Promise((resolve) => active.addEventListener('statechange', () => active.state === 'activated' && resolve(null)));
    const script = await (await fetch('/sw.js')).text();
    const manifest = JSON.parse(script.split('\n')[0].replace(/^const PRECACHE = /, '').replace(/;$/, '')) as { caches: { name: string; entries: { url: string }[] }[] };
    return Promise.all(
      manifest.caches.map(async ({ name, entries }) => {
        const cache = await caches.open(name);
        const stored = new Set((await cache.keys()).map((request) => new URL(request.url).pathname));
        return { name, listed: entries.length, missing: entries.map((entry) => entry.url).filter((url) => !stored.has(url)) };
      }),
    );
  });
}

test('after one visit the studio opens, loads its models, trains and classifies live with the network gone', async ({ studio, page, context, baseURL }) => {
  test.skip(!hasSignDigits(), `Skipped: ${SKIP_REASON}.`);
  const workerFetches: string[] = [];
  const workerStatuses = new Map<number, number>();
  context.on('request', (request) => {
    if (request.serviceWorker()) workerFetches.push(request.url());
  });
  context.on('response', (response) => {
    if (response.request().serviceWorker()) workerStatuses.set(response.status(), (workerStatuses.get(response.status()) ?? 0) + 1);
  });

  await test.step('first visit: the studio loads, and the service worker stores the app, the models and the WASM runtimes', async () => {
    await studio.open('fused');
    const caches = await waitForPrecache(page);
    for (const cache of caches) console.log(`${cache.name}: ${cache.listed - cache.missing.length}/${cache.listed} stored`);
    expect(caches).toHaveLength(2);
    for (const cache of caches) expect(cache.missing, `not stored in ${cache.name}`).toEqual([]);
    // The fixture's privacy check saw these too: the context reports the worker's own requests.
    console.log(`the service worker fetched ${workerFetches.length} files while installing, all from ${new URL(baseURL as string).origin} (HTTP status: count ${JSON.stringify(Object.fromEntries(workerStatuses))})`);
    expect(workerFetches).toEqual(expect.arrayContaining([`${baseURL}/models/hand_landmarker.task`, `${baseURL}/mediapipe-wasm/vision_wasm_internal.wasm`]));
  });

  await context.setOffline(true);
  // Provoked by going offline: the router's fetch of a linked page's RSC payload is not stored, so it
  // fails (logged by the browser and by Next, which then loads the page whole, from the worker).
  studio.expectConsoleError(/^Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/);
  studio.expectConsoleError(/^Failed to fetch RSC payload for /);
  const offline = { responses: [] as Response[], failed: [] as Request[] };
  page.on('response', (response) => offline.responses.push(response));
  page.on('requestfailed', (request) => offline.failed.push(request));

  await test.step('offline: the studio opens, cross-origin isolated, and the backbone and the hand model load', async () => {
    await studio.open('fused');
    const document = offline.responses.find((response) => response.request().isNavigationRequest());
    expect(document?.fromServiceWorker()).toBe(true);
    const headers = (await document?.allHeaders()) ?? {};
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const engine = page.workers().find((worker) => new URL(worker.url()).pathname.startsWith('/_next/static/'));
    expect(await engine?.evaluate(() => self.crossOriginIsolated), 'the engine worker is cross-origin isolated').toBe(true);
    // WASM threads need that isolation; offline they still run, one per core (at most 4).
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const badge = page.getByTestId('backend');
    if (cores > 1) await expect(badge).toHaveAttribute('title', new RegExp(`WebAssembly: ${Math.min(cores, 4)} threads \\(`));
    console.log(`offline: backend badge "${await badge.textContent()}"; ${(await badge.getAttribute('title'))?.split('. ').at(-1)}`);
  });

  await test.step('offline: record each gesture from the camera and train', async () => {
    // No augmented views: preparing them keeps the engine busy while it records (fewer samples on a
    // loaded machine), and this spec is about working offline, not about augmentation.
    await studio.setRecipe('auto', 0);
    await studio.startCamera();
    await studio.renameClass(0, GESTURES[0].name);
    await studio.renameClass(1, GESTURES[1].name);
    await studio.addClass(GESTURES[2].name);
    await studio.recordGestures(GESTURES, SEGMENT_MS);
    for (const g of GESTURES) {
      const count = await studio.sampleCount(g.name);
      console.log(`offline: recorded ${count} samples of ${g.name}`);
      // Fused mode keeps only frames in which the hand model found the hand.
      expect(count).toBeGreaterThanOrEqual(10);
    }
    await studio.train();
  });

  await test.step('offline: the live label is the gesture on screen', async () => {
    // Ten readings a second over two loops of the video; a reading counts once the same gesture has
    // been on screen for the seven before it (the label may lag a change by latency and smoothing).
    const readings: Screen[] = [];
    for (let i = 0; i < (2 * GESTURES.length * SEGMENT_MS) / 100; i += 1) {
      readings.push(await studio.readScreen());
      await page.waitForTimeout(100);
    }
    for (const g of GESTURES) {
      const settled = readings.filter((_, i) => i >= 7 && readings.slice(i - 7, i + 1).every((r) => r.shown === g.digit));
      const right = settled.filter((reading) => reading.predicted === g.name).length;
      console.log(`offline live accuracy ${g.name}: ${right}/${settled.length} = ${(right / settled.length).toFixed(3)}`);
      expect(settled.length).toBeGreaterThanOrEqual(10);
      expect(right / settled.length).toBeGreaterThanOrEqual(0.9);
    }
  });

  await test.step('offline: the other pages open too, and their links lead back to the studio', async () => {
    await page.goto('/bench');
    await expect(page.getByRole('heading', { name: 'Benchmark this device' })).toBeVisible();
    await page.getByRole('link', { name: 'Back to Gesture Studio' }).click();
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  });

  // Every request that went out while offline was answered by the service worker, but two kinds:
  // Chromium reports the hand tracker's HEAD requests as aborted, online and with no worker too (an
  // answer with no body; the tracker read them as found, or the hand model would not have loaded);
  // and Next's router fetches a linked page's RSC payload, which is not stored: offline that fails
  // and the router loads the page itself, which the worker answers (the link just above).
  const isRscFetch = (request: Request) => request.headers()['rsc'] === '1';
  const failed = offline.failed.filter((request) => request.method() !== 'HEAD' && !isRscFetch(request)).map((request) => `${request.url()}: ${request.failure()?.errorText}`);
  console.log(`offline: ${offline.failed.filter(isRscFetch).length} RSC fetches failed (not stored; the router then loaded the page)`);
  const network = offline.responses.filter((response) => !/^(blob|data):/.test(response.url()));
  const notFromWorker = network.filter((response) => !response.fromServiceWorker()).map((response) => response.url());
  console.log(`offline: ${network.length} responses, ${network.length - notFromWorker.length} from the service worker; ${failed.length} requests failed`);
  expect(failed).toEqual([]);
  expect(notFromWorker).toEqual([]);
});

test('a new version is announced, and takes over only when the person reloads', async ({ studio, page }) => {
  await page.goto('/');
  await waitForPrecache(page);
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');

  await page.evaluate(() => {
    (window as { sessionMark?: string }).sessionMark = 'this session';
  });
  const banner = page.getByRole('status').filter({ hasText: 'A new version of Gesture Studio is ready' });

  await test.step('a new version installs, and the page says so without reloading', async () => {
    // A new deploy as the browser meets it: the registration's script changed. The browser's own
    // update check fetches /sw.js, which this build cannot change (Playwright's routes do not see
    // that fetch), so the script's URL changes instead; the browser then installs it (the real
    // worker, whose precache finds everything stored) beside the version serving the page.
    await page.evaluate(() => navigator.serviceWorker.register('/sw.js?next-deploy', { scope: '/' }));
    await expect(banner).toBeVisible();
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return { waiting: registration.waiting?.state, servedByTheOldOne: navigator.serviceWorker.controller === registration.active, mark: (window as { sessionMark?: string }).sessionMark };
    });
    console.log(`after the update check: ${JSON.stringify(state)}`);
    // Still this session, still served by the old worker, the new one waiting.
    expect(state).toEqual({ waiting: 'installed', servedByTheOldOne: true, mark: 'this session' });
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  });

  await test.step('on a phone the notice fits the screen and its buttons are big enough to touch', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const box = await banner.locator('[data-testid="app-update"]').boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    for (const name of ['Reload to update', 'Dismiss']) expect((await banner.getByRole('button', { name }).boundingBox())?.height).toBeGreaterThanOrEqual(44);
  });

  await test.step('the notice is reached with the keyboard and dismissed', async () => {
    const dismiss = banner.getByRole('button', { name: 'Dismiss' });
    await dismiss.focus();
    await expect(dismiss).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(banner).toHaveCount(0);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).waiting?.state)).toBe('installed');
  });

  await test.step('a plain reload keeps the old version and announces the new one again; "Reload to update" switches to it', async () => {
    await page.reload();
    await expect(banner).toBeVisible();
    // Loading, the page registers /sw.js again, a script other than the one waiting (?next-deploy),
    // so the browser installs that one in its place: let it, or the reload below would land on
    // ?next-deploy and the page's registration would install /sw.js as yet another new version.
    await page.waitForFunction(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.installing === null && registration.waiting?.scriptURL.endsWith('/sw.js') === true;
    });
    // The old version hands over only when it serves no request (Chromium waits for its fetches in
    // flight), and the reloaded page's engine loads its models through it: pressed meanwhile, the switch
    // waits for them, which on a slow machine outlasted the 30 s below (a fresh-clone run, stop 23).
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(page.getByTestId('hand-model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await page.evaluate(() => {
      (window as { sessionMark?: string }).sessionMark = 'before the update';
    });
    await banner.getByRole('button', { name: 'Reload to update' }).focus();
    await page.keyboard.press('Enter');
    // The new version takes over, then the page reloads into it: the mark of this session is gone.
    await expect.poll(() => page.evaluate(() => (window as { sessionMark?: string }).sessionMark ?? null).catch(() => 'navigating')).toBeNull();
    await page.waitForLoadState();
    await expect(banner).toHaveCount(0);
    const after = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return { waiting: registration.waiting, active: registration.active?.state, controlled: navigator.serviceWorker.controller !== null, mark: (window as { sessionMark?: string }).sessionMark ?? null };
    });
    console.log(`after "Reload to update": ${JSON.stringify(after)}`);
    expect(after).toEqual({ waiting: null, active: 'activated', controlled: true, mark: null });
  });
  await expect(studio.classCards()).toHaveCount(2);
});
