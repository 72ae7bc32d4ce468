import { defineConfig } from '@playwright/test';
import { launchOptions } from './e2e/support/browser';

// E2E_PORT lets two copies of the project run their suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 3101);

/**
 * End-to-end tests run the production build in Debian's Chromium (Playwright cannot download its
 * own browsers here). Specs that need a camera add Chromium's fake-camera flags themselves.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 5 * 60_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    actionTimeout: 30_000,
    viewport: { width: 1400, height: 1000 },
    launchOptions: launchOptions(),
    // The app's service worker (offline use) stays out of every spec but e2e/offline.spec.ts: requests
    // it answers never reach page.route (classes-and-models.spec.ts fakes missing models that way),
    // and its precache (50 MB) filling in the background would compete for the cores with each spec.
    serviceWorkers: 'block',
  },
  webServer: {
    // Always test what the code builds to now, never a stale server.
    command: `npx next build && npx next start -p ${PORT}`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: false,
    timeout: 5 * 60_000,
    env: { NEXT_TELEMETRY_DISABLED: '1' },
  },
});
