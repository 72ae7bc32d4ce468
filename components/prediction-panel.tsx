'use client';
import { useEffect, useRef, type ReactNode } from 'react';
import { SettledLabel } from '@/lib/a11y';
import type { LiveStore } from '@/lib/hooks';
import { useAnnounce } from './live-announcer';
import { useLiveLabel } from './live-label';
import { Panel } from './ui';

/** The live label, its confidence, a bar per class, and the loop's speed. */
export interface PredictionPanelProps {
  readonly store: LiveStore;
  readonly hint: string | null;
  /** Set while a new model trains and the previous one keeps labelling: says which model is speaking. */
  readonly speaker: string | null;
  readonly threshold: number;
  readonly onThreshold: (threshold: number) => void;
  /** The gesture actions' charging ring, shown beside the label. */
  readonly ring?: ReactNode;
  /** The motions recognised live, shown under the pose label. */
  readonly motion?: ReactNode;
}

export function PredictionPanel({ store, hint, speaker, threshold, onThreshold, ring, motion }: PredictionPanelProps) {
  const { live, noHand, top, text: shown, state } = useLiveLabel(store, threshold);
  useSettledLabelAnnouncement(state === 'idle' ? null : shown, live.frames);
  return (
    <Panel title="Live prediction">
      <div className="mb-3 flex items-center gap-3">
        <div
          data-testid="prediction"
          data-label={top?.confident ? top.label : ''}
          data-state={state}
          data-confidence={top ? top.confidence.toFixed(4) : ''}
          data-captured-ms={live.capturedMs?.toFixed(1) ?? ''}
          className="flex min-w-0 flex-1 items-baseline justify-between gap-3"
        >
          <span className={`truncate text-2xl font-bold ${noHand || (top && !top.confident) ? 'text-slate-500' : 'text-slate-900'}`}>{shown}</span>
          <span className="text-lg tabular-nums text-slate-600">{top ? `${Math.round(top.confidence * 100)}%` : ''}</span>
        </div>
        {ring}
      </div>
      {motion}
      {speaker && (
        <p className="mb-3 text-sm text-indigo-800" data-testid="live-model-note">
          {speaker}
        </p>
      )}
      {noHand && <p className="mb-3 text-sm text-slate-600">Show your hand to the camera: this input mode looks only at the hand.</p>}
      {hint && !top && !noHand && <p className="mb-3 text-sm text-slate-600">{hint}</p>}
      {top && !top.confident && (
        <p className="mb-3 text-sm text-slate-600">
          Not sure: the best guess, {top.label}, is below the {Math.round(threshold * 100)}% threshold.
        </p>
      )}
      {live.probabilities && !noHand && (
        <ul className="space-y-1.5" aria-label="Probability per class">
          {live.classNames.map((name, i) => {
            const p = live.probabilities?.[i] ?? 0;
            return (
              <li key={name} data-testid="class-probability" data-class={name} data-probability={String(p)} className="grid grid-cols-[7rem_1fr_3rem] items-center gap-2 text-sm">
                <span className="truncate" title={name}>
                  {name}
                </span>
                <span className="h-3 overflow-hidden rounded bg-slate-200">
                  <span className={`block h-full ${i === top?.index ? 'bg-indigo-500' : 'bg-slate-400'}`} style={{ width: `${(p * 100).toFixed(1)}%` }} />
                </span>
                <span className="text-right tabular-nums">{Math.round(p * 100)}%</span>
              </li>
            );
          })}
        </ul>
      )}
      <label className="mt-3 flex items-center gap-2 text-sm text-slate-700">
        <span className="whitespace-nowrap">Confidence threshold</span>
        <input type="range" min={0} max={0.95} step={0.05} value={threshold} onChange={(e) => onThreshold(Number(e.target.value))} className="flex-1" />
        <span className="w-10 text-right tabular-nums">{Math.round(threshold * 100)}%</span>
      </label>
      <dl className="mt-3 grid grid-cols-4 gap-2 text-xs text-slate-600">
        <Stat label="Frames/s" value={live.fps.toFixed(1)} testId="fps" />
        <Stat label="Latency" value={`${live.latencyMs.toFixed(0)} ms`} testId="latency" />
        <Stat label="Frames" value={String(live.frames)} testId="frame-count" />
        <Stat label="Tensors" value={live.tensors === null ? '–' : String(live.tensors)} testId="tensor-count" />
      </dl>
    </Panel>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId} className="font-mono text-sm text-slate-900">
        {value}
      </dd>
    </div>
  );
}

/** Says the live label once it has settled for a second, not on every frame (see `SettledLabel`). */
function useSettledLabelAnnouncement(label: string | null, frames: number): void {
  const announce = useAnnounce();
  const gate = useRef<SettledLabel>(null);
  gate.current ??= new SettledLabel(1000);
  useEffect(() => {
    const settled = gate.current?.update(label, performance.now());
    if (settled) announce(settled);
  }, [label, frames, announce]);
}
