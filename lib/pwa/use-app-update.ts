'use client';
import { useCallback, useEffect, useState } from 'react';
import { registerServiceWorker } from './register';
import { applyUpdate, watchFirstInstall, watchForUpdate } from './update';

/**
 * What the app says about itself as an installed, offline app: nothing; a new version waiting for the
 * person's reload; or why it could not be stored for offline use.
 */
export type AppUpdateState = { readonly kind: 'none' } | { readonly kind: 'update-ready' } | { readonly kind: 'offline-unavailable'; readonly reason: string };

export interface AppUpdate {
  readonly state: AppUpdateState;
  /** Switches to the waiting version and reloads into it. */
  reload(): void;
  /** Hides the notice for this page's lifetime; the new version then starts with the next visit. */
  dismiss(): void;
}

/**
 * Registers the service worker on mount and reports what the page should announce. It lives here, not
 * in lib/hooks: the root layout renders it on every page, and lib/hooks' index would bring the
 * studio's ML into every page's first bundle.
 */
export function useAppUpdate(): AppUpdate {
  const [state, setState] = useState<AppUpdateState>({ kind: 'none' });
  const [registration, setRegistration] = useState<ServiceWorkerRegistration | null>(null);

  useEffect(() => {
    const stops: (() => void)[] = [];
    let unmounted = false;
    const unavailable = (reason: string) => !unmounted && setState({ kind: 'offline-unavailable', reason });
    registerServiceWorker().then(
      (registered) => {
        if (!registered || unmounted) return;
        setRegistration(registered);
        stops.push(
          watchForUpdate(registered, navigator.serviceWorker, () => setState({ kind: 'update-ready' })),
          watchFirstInstall(registered, () => unavailable('this browser could not store its files; is its storage full?')),
        );
      },
      (error: unknown) => unavailable(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      unmounted = true;
      stops.forEach((stop) => stop());
    };
  }, []);

  const reload = useCallback(() => {
    if (!registration || !applyUpdate(registration, navigator.serviceWorker, () => window.location.reload())) window.location.reload();
  }, [registration]);
  const dismiss = useCallback(() => setState({ kind: 'none' }), []);
  return { state, reload, dismiss };
}
