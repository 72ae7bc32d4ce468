import { test as base, expect } from '@playwright/test';
import { StudioPage } from './studio-page';

/**
 * Every spec goes through this fixture: it records every request the pages and the service worker
 * make (the context sees both; the page alone would not see the worker's own fetches) and fails the
 * test if any goes to another origin (privacy: no frame, embedding or metric may leave the device),
 * and fails it on any error the page left uncaught or any `console.error` the spec did not expect
 * (`studio.expectConsoleError`).
 */
/**
 * MediaPipe's WASM writes its own INFO lines ("INFO: Created TensorFlow Lite XNNPACK delegate for
 * CPU.") to stderr, which Emscripten sends to console.error: a log, not an error.
 */
const MEDIAPIPE_INFO_LOG = /^INFO: /;

export const test = base.extend<{ studio: StudioPage }>({
  studio: async ({ page, context, baseURL }, use) => {
    const foreign: string[] = [];
    const origin = new URL(baseURL as string).origin;
    const studio = new StudioPage(page);
    context.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith('blob:') && !url.startsWith('data:') && new URL(url).origin !== origin && !studio.isTestOrigin(new URL(url).origin)) foreign.push(url);
    });
    const uncaught: string[] = [];
    page.on('pageerror', (error) => uncaught.push(error.stack ?? error.message));
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !MEDIAPIPE_INFO_LOG.test(text) && !studio.isExpectedConsoleError(text)) consoleErrors.push(text);
    });
    await use(studio);
    expect(foreign, 'requests to other origins').toEqual([]);
    expect(uncaught, 'uncaught errors in the page').toEqual([]);
    expect(consoleErrors, 'console errors the test did not expect').toEqual([]);
  },
});

export { expect };
