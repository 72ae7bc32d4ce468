'use client';
import { INPUT_MODES } from '@/lib/dataset';
import type { PlayerState } from '@/lib/player';
import { Notice, Panel } from '../ui';
import { ModelPicker } from './model-picker';

export interface ModelPanelProps {
  readonly state: PlayerState;
  readonly onFile: (file: File) => void;
}

/**
 * What the player plays: an invitation to drop a bundle while there is none, what the bundle is
 * once open, and the one sentence of a file it cannot play.
 */
export function ModelPanel({ state, onFile }: ModelPanelProps) {
  const { phase, bundle, refusal, refusedName, step, backend, engineKind } = state;
  const status = step ? (bundle && phase === 'opening' ? `Opening ${bundle.name}: ${step.toLowerCase()}…` : `${step}…`) : bundle && phase === 'ready' ? `Playing ${bundle.name}.` : '';
  return (
    <Panel title="Model" actions={bundle && <ModelPicker label="Open another model" onFile={onFile} />}>
      <div data-testid="player-status" data-state={phase} className="space-y-3">
        {!bundle && (
          <div className="rounded-lg border-2 border-dashed border-slate-300 p-6 text-center" data-testid="player-empty">
            <p className="text-base font-semibold text-slate-900">Drop a model exported from Gesture Studio</p>
            <p className="mt-1 text-sm text-slate-600">
              The .zip that <em>Export model</em> downloads: drop it anywhere on this page, or choose it. It runs on this device only; nothing is uploaded.
            </p>
            <div className="mt-4 flex justify-center">
              <ModelPicker label="Choose a model file" onFile={onFile} primary />
            </div>
          </div>
        )}
        <p role="status" className="text-sm text-slate-700 empty:hidden">
          {status}
        </p>
        {bundle && (
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm" data-testid="player-model">
            <dt className="text-slate-600">File</dt>
            <dd className="break-all text-slate-900">{bundle.name}</dd>
            <dt className="text-slate-600">Labels</dt>
            <dd className="flex flex-wrap gap-1">
              {bundle.labels.map((label) => (
                <span key={label} className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-900">
                  {label}
                </span>
              ))}
            </dd>
            {bundle.motions.length > 0 && (
              <>
                <dt className="text-slate-600">Motions</dt>
                <dd className="text-slate-900" data-testid="player-motions">
                  Recognising motions: {bundle.motions.join(', ')}
                </dd>
              </>
            )}
            <dt className="text-slate-600">Input</dt>
            <dd className="text-slate-900">{INPUT_MODES.find((m) => m.id === bundle.inputMode)?.label ?? bundle.inputMode}</dd>
            <dt className="text-slate-600">Backbone</dt>
            <dd className="text-slate-900">
              {bundle.backbone}
              {bundle.fineTunedBlocks > 0 && `, last ${bundle.fineTunedBlocks === 1 ? 'block' : 'two blocks'} fine-tuned`}
            </dd>
            <dt className="text-slate-600">Exported</dt>
            <dd className="text-slate-900">
              {new Date(bundle.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })} by Gesture Studio {bundle.appVersion}
            </dd>
            {backend && (
              <>
                <dt className="text-slate-600">Runs on</dt>
                <dd className="text-slate-900" data-testid="backend" data-backend={backend.active}>
                  {backend.active}
                  {engineKind === 'worker' ? ', in a background thread' : ', on this page'}
                </dd>
              </>
            )}
          </dl>
        )}
      </div>
      {refusal && (
        <div className="mt-3" data-testid="player-refusal">
          <Notice tone="error">
            {refusedName && <span className="font-semibold">Not opened: {refusedName}. </span>}
            {refusal}
          </Notice>
        </div>
      )}
    </Panel>
  );
}
