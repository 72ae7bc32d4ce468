'use client';
import { useEffect, useSyncExternalStore } from 'react';
import type { MotionController } from '@/lib/studio';
import { useAnnounce } from './live-announcer';

/**
 * The motions recognised live, beside the pose label: the latest, which flashes as it arrives, and
 * the recent ones (each with the page time it was shown, for scripts: `data-at`). Each event is said
 * once through the page's live region.
 */
export function MotionEvents({ motions }: { motions: MotionController }) {
  const { recognising, events } = useSyncExternalStore(motions.subscribe, motions.getState, motions.getState);
  const latest = events[0] ?? null;
  const announce = useAnnounce();
  useEffect(() => {
    if (latest) announce(`Motion: ${latest.className}`);
  }, [latest, announce]);
  if (!recognising && events.length === 0) return null;
  return (
    <div className="mb-3 rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2" data-testid="motion-live" data-recognising={recognising}>
      <div className="flex flex-wrap items-baseline gap-2">
        <span className="text-sm text-indigo-900">Motion</span>
        {latest ? (
          <span key={latest.seq} data-testid="motion-event" data-class={latest.className} className="animate-game-pulse rounded-md bg-indigo-600 px-2 py-0.5 text-lg font-bold text-white">
            {latest.className}
          </span>
        ) : (
          <span className="text-sm text-slate-600">{recognising ? 'make a motion…' : 'not recognising: train the motions again'}</span>
        )}
      </div>
      {events.length > 0 && (
        <ol data-testid="motion-events" aria-label="Recent motions, newest first" className="mt-1 flex flex-wrap gap-1 text-xs text-slate-700">
          {events.map((e) => (
            <li key={e.seq} data-class={e.className} data-at={e.atMs.toFixed(1)} className="rounded bg-white px-1.5 py-0.5">
              {e.className} <span className="tabular-nums text-slate-500">{Math.round(e.probability * 100)}%</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
