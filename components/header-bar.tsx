'use client';
import { useState, type ReactNode } from 'react';
import { BACKBONES, type BackboneId } from '@/lib/backbone';
import { useTensorCount, type BackboneState, type TensorSource } from '@/lib/hooks';
import type { StudioState } from '@/lib/studio';
import { BACKEND_LABELS, type BackendChoice, type BackendName } from '@/lib/tf';
import { buttonClass } from './ui';

export interface HeaderBarProps {
  readonly model: BackboneState;
  /** The ML engine (lib/engine): where it runs, and whether its backbone is loaded too. */
  readonly engine: Pick<StudioState, 'engine' | 'engineKind' | 'engineFallback'>;
  /** The engine's own tensors when it runs in a worker (on the page they are among the page's). */
  readonly engineTensors: TensorSource | null;
  readonly backboneId: BackboneId;
  readonly backendChoice: BackendChoice;
  readonly disabled: boolean;
  /** The backend can change during training (which restarts on the new one), but not during other jobs. */
  readonly backendDisabled: boolean;
  onBackbone(id: BackboneId): void;
  onBackend(choice: BackendChoice): void;
  /** Work that makes tensors is running (training, a job, augmentation): tensor readings are not comparable meanwhile. */
  readonly busy: boolean;
  /** The projects menu (components/project-menu), shown beside the title. */
  readonly projects?: ReactNode;
}

/**
 * Title, the projects menu, the backbone and backend choices, and what the device is actually
 * running. On a phone the menu and the choices fold behind one button, so the camera comes first.
 */
export function HeaderBar({ model, engine, engineTensors, backboneId, backendChoice, disabled, backendDisabled, busy, onBackbone, onBackend, projects }: HeaderBarProps) {
  const [menuOpen, setMenuOpen] = useState(false);
  const ready = model.phase === 'ready' && engine.engine.phase === 'ready';
  // Counted once both are loaded: a count of the page's tensors alone would not compare with the sum.
  const tensors = useTensorCount(ready, busy, engineTensors);
  const failed = model.phase === 'error' || engine.engine.phase === 'error';
  // The engine's backend is the one doing the work (the page's own runs one WASM thread for its few uses).
  const report = engine.engine.phase === 'error' ? model.report : (engine.engine.report ?? model.report);
  const probes = report
    ? Object.entries(report.probeMs)
        .map(([name, ms]) => `${name} ${ms?.toFixed(1)} ms`)
        .join(', ')
    : '';
  return (
    <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3">
      <div>
        <h1 className="text-xl font-bold text-slate-900">Gesture Studio</h1>
        <p className="text-xs text-slate-600">Teach your webcam your own gestures. Everything stays on this device.</p>
      </div>
      <button
        type="button"
        className={`${buttonClass('secondary')} sm:hidden`}
        aria-expanded={menuOpen}
        aria-controls="studio-menu"
        onClick={() => setMenuOpen((open) => !open)}
      >
        Project and settings
      </button>
      {/* From the sm breakpoint up its children sit in the header as they are; below it they fold. */}
      <div id="studio-menu" className={`${menuOpen ? 'flex' : 'hidden'} w-full flex-col items-start gap-3 sm:contents`}>
        {projects}
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <label className="flex items-center gap-1">
            <span className="text-slate-700">Backbone</span>
            <select aria-label="Backbone" className="rounded-lg border border-slate-300 px-2 py-1" value={backboneId} disabled={disabled} onChange={(e) => onBackbone(e.target.value as BackboneId)}>
              {Object.values(BACKBONES).map((b) => (
                <option key={b.id} value={b.id}>
                  {b.label}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-1">
            <span className="text-slate-700">Backend</span>
            <select aria-label="Backend" className="rounded-lg border border-slate-300 px-2 py-1" value={backendChoice} disabled={backendDisabled} onChange={(e) => onBackend(e.target.value as BackendChoice)}>
              <option value="auto">Automatic (fastest)</option>
              {(Object.keys(BACKEND_LABELS) as BackendName[]).map((name) => (
                <option key={name} value={name}>
                  {BACKEND_LABELS[name]}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span
          data-testid="backend"
          data-backend={report?.active ?? ''}
          className="rounded-full bg-slate-100 px-2 py-1 text-xs text-slate-700"
          title={report ? `Start-up probe: ${probes}. GPU renderer: ${report.gpuRenderer ?? 'none'}. WebAssembly: ${report.wasmThreadsReason}.` : undefined}
        >
          {report
            ? `${report.active}${report.active === 'wasm' ? (report.wasmThreads ? ' · threads' : '') + (report.wasmSimd ? ' · SIMD' : '') : ''}${report.softwareRenderer && report.active === 'wasm' ? ' · GPU is software-rendered' : ''}`
            : 'choosing backend…'}
        </span>
        <span
          data-testid="engine"
          data-kind={engine.engineKind ?? ''}
          className="rounded-full bg-slate-100 px-2 py-1 text-xs text-slate-700"
          title={engine.engineFallback ?? (engine.engineKind === 'worker' ? 'Hand tracking, the networks and training run in a worker, so the page stays responsive.' : undefined)}
        >
          {engine.engineKind === 'worker' ? 'ML in a worker' : engine.engineKind === 'main' ? 'ML on the page' : 'starting ML…'}
        </span>
        <span
          data-testid="memory-tensors"
          data-value={tensors.count ?? ''}
          data-quiet={tensors.quiet}
          className="text-xs tabular-nums text-slate-500"
          title="tf.memory().numTensors (the page’s and the ML worker’s): steady unless something leaks"
        >
          {tensors.count ?? '–'} tensors
        </span>
        <span data-testid="model-status" data-state={failed ? 'error' : ready ? 'ready' : 'starting'} className="text-xs text-slate-600">
          {failed ? 'Model unavailable' : ready ? `${BACKBONES[backboneId].label} ready` : 'Loading model…'}
        </span>
      </div>
    </header>
  );
}
