import { SERVICE_WORKER_PATH } from './contract';

/**
 * Registers the service worker, after the page has loaded (its precache then does not slow the
 * page's own start). Resolves to null where there is none: a browser without service workers, a
 * test that blocks them (Playwright's `serviceWorkers: 'block'` makes `register` resolve to
 * nothing), and `next dev`, which has no build to precache; there any worker a production run left
 * on this origin is removed, so it cannot answer with an old build's files. Rejects when the browser
 * refuses the worker.
 */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator)) return null;
  const container = navigator.serviceWorker;
  if (process.env.NODE_ENV !== 'production') {
    await Promise.all((await container.getRegistrations()).map((registration) => registration.unregister()));
    return null;
  }
  if (document.readyState !== 'complete') await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  // 'none': every update check asks the server for /sw.js, never the HTTP cache.
  const registration = (await container.register(SERVICE_WORKER_PATH, { scope: '/', updateViaCache: 'none' })) as ServiceWorkerRegistration | undefined;
  return registration ?? null;
}
