'use client';
import { useSyncExternalStore } from 'react';
import { IDLE_TRIGGER, type TriggerState } from '@/lib/actions';
import type { Store } from '@/lib/hooks';

const RADIUS = 16;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;
const ARC_COLOURS: Record<TriggerState['phase'], string> = {
  idle: 'stroke-transparent',
  charging: 'stroke-indigo-500',
  cooldown: 'stroke-amber-500',
  fired: 'stroke-emerald-500',
};

/**
 * Fills as a gesture with an action is held, and turns green when the action fires (amber while a
 * cooldown holds it back). A visual aid only: firings are announced by the actions' live region.
 */
export function ChargingRing({ trigger, size = 'small' }: { trigger: Store<TriggerState>; size?: 'small' | 'large' }) {
  const state = useSyncExternalStore(trigger.subscribe, trigger.get, () => IDLE_TRIGGER);
  const dimension = size === 'large' ? 'h-20 w-20 sm:h-24 sm:w-24' : 'h-10 w-10';
  return (
    <div
      data-testid="charging-ring"
      data-state={state.phase}
      data-label={state.label ?? ''}
      data-progress={state.progress.toFixed(2)}
      aria-hidden
      title={state.label ? `${state.label}: ${state.phase === 'fired' ? 'fired' : `${Math.round(state.progress * 100)}% held`}` : 'No gesture with an action is held'}
      className={`relative shrink-0 ${dimension}`}
    >
      <svg viewBox="0 0 40 40" className="h-full w-full -rotate-90">
        <circle cx="20" cy="20" r={RADIUS} fill="none" strokeWidth="5" className={size === 'large' ? 'stroke-white/25' : 'stroke-slate-200'} />
        <circle
          cx="20"
          cy="20"
          r={RADIUS}
          fill="none"
          strokeWidth="5"
          strokeLinecap="round"
          strokeDasharray={CIRCUMFERENCE}
          strokeDashoffset={CIRCUMFERENCE * (1 - state.progress)}
          className={ARC_COLOURS[state.phase]}
        />
      </svg>
      {state.phase === 'fired' && <span className={`absolute inset-0 flex items-center justify-center font-bold text-emerald-500 ${size === 'large' ? 'text-3xl' : 'text-base'}`}>✓</span>}
    </div>
  );
}
