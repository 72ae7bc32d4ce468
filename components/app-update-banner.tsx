'use client';
import { useAppUpdate } from '@/lib/pwa';
import { buttonClass } from './ui';

/**
 * On every page: says when a new version of the app is ready (the person reloads into it when it
 * suits them; nothing is forced mid-session), or that the app could not be stored for offline use.
 * The polite live region is always there, so a screen reader hears the notice when it appears.
 */
export function AppUpdateBanner() {
  const { state, reload, dismiss } = useAppUpdate();
  return (
    <div role="status" className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex justify-center p-3">
      {state.kind !== 'none' && (
        <div data-testid="app-update" data-state={state.kind} className="pointer-events-auto flex max-w-xl flex-wrap items-center gap-2 rounded-xl border border-indigo-200 bg-white px-4 py-2 text-sm text-slate-800 shadow-lg">
          <p className="min-w-0 flex-1">
            {state.kind === 'update-ready'
              ? 'A new version of Gesture Studio is ready.'
              : `Gesture Studio could not be stored for offline use (${state.reason}); it keeps working while you are online.`}
          </p>
          {state.kind === 'update-ready' && (
            <button type="button" className={`${buttonClass('primary')} min-h-11`} onClick={reload}>
              Reload to update
            </button>
          )}
          <button type="button" className={`${buttonClass('secondary')} min-h-11`} onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
