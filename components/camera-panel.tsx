'use client';
import { useSyncExternalStore, type ReactNode } from 'react';
import type { CameraFacing } from '@/lib/camera';
import { framingOf, INPUT_MODES, type Framing, type InputMode } from '@/lib/dataset';
import { EMPTY_LIVE, type CameraControls, type LiveStore } from '@/lib/hooks';
import type { HandsState } from '@/lib/studio';
import { CameraErrorNotice, CameraPreview, CameraToggle, useMirror } from './camera-preview';
import { Notice, Panel } from './ui';

export interface CameraPanelProps {
  readonly camera: CameraControls;
  readonly store: LiveStore;
  readonly mode: InputMode;
  readonly onMode: (mode: InputMode) => void;
  readonly hands: HandsState;
  /** The framing of the samples recorded so far (null when there are none): modes of the other framing need new samples. */
  readonly samplesFraming: Framing | null;
  readonly disabled: boolean;
  /** More controls for the panel's header (the Present button). */
  readonly extraActions?: ReactNode;
  /** Puts the preview inside something that can take it full screen (presentation mode's stage). */
  readonly wrapPreview?: (preview: ReactNode) => ReactNode;
}

const FACINGS: readonly { facing: CameraFacing; label: string }[] = [
  { facing: 'user', label: 'Front camera' },
  { facing: 'environment', label: 'Back camera' },
];

/**
 * The preview with the tracked hand drawn over it (mirrored for a front camera, as it feels like a
 * mirror; as it is for a back one), the input mode, camera choice, start/stop and every failure explained.
 */
export function CameraPanel({ camera, store, mode, onMode, hands, samplesFraming, disabled, extraActions, wrapPreview = (preview) => preview }: CameraPanelProps) {
  const [mirrored, setMirrored] = useMirror(camera);
  const handMode = framingOf(mode) === 'hand';
  return (
    <Panel
      title="Camera"
      actions={
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          {extraActions}
          {camera.devices.length > 1 && (
            <select
              aria-label="Choose camera"
              className="min-w-0 max-w-full rounded-lg border border-slate-300 px-2 py-1.5 text-sm"
              value={camera.deviceId ?? ''}
              onChange={(e) => camera.start(e.target.value)}
            >
              {camera.devices.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label}
                </option>
              ))}
            </select>
          )}
          <CameraToggle camera={camera} />
        </div>
      }
    >
      {wrapPreview(
        <CameraPreview
          camera={camera}
          store={store}
          handMode={handMode}
          mirrored={mirrored}
          offText="The camera is off. Start it to record gestures and see them recognised live. Frames never leave this device."
        >
          {handMode && <HandBadge store={store} />}
        </CameraPreview>,
      )}
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        {camera.canChooseFacing && (
          <div role="radiogroup" aria-label="Camera facing" className="flex flex-wrap items-center gap-3 text-sm text-slate-700">
            {FACINGS.map(({ facing, label }) => (
              <label key={facing} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="camera-facing"
                  checked={camera.facing === facing}
                  disabled={camera.status === 'starting'}
                  onChange={() => void camera.chooseFacing(facing)}
                />
                {label}
              </label>
            ))}
          </div>
        )}
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={mirrored} onChange={(e) => setMirrored(e.target.checked)} />
          Mirror preview
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          Input
          <select
            aria-label="Input mode"
            className="rounded-lg border border-slate-300 px-2 py-1.5 text-sm"
            value={mode}
            disabled={disabled || hands.phase === 'error'}
            onChange={(e) => onMode(e.target.value as InputMode)}
          >
            {INPUT_MODES.map((m) => (
              <option key={m.id} value={m.id} disabled={samplesFraming !== null && framingOf(m.id) !== samplesFraming}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="mt-1 text-sm text-slate-600" data-testid="input-mode-description">
        {INPUT_MODES.find((m) => m.id === mode)?.description}
        {samplesFraming !== null && ` Modes that ${samplesFraming === 'hand' ? 'use the whole frame' : 'crop to the hand'} need their own samples: clear the classes to switch to them.`}
      </p>
      <p className="mt-1 text-xs text-slate-500" data-testid="hand-model-status" data-state={hands.phase}>
        {hands.phase === 'loading' ? 'Loading the hand model…' : hands.phase === 'ready' ? 'Hand model ready (runs on this device).' : 'Hand model unavailable.'}
      </p>
      {hands.phase === 'error' && (
        <div className="mt-2" data-testid="hand-model-error">
          <Notice tone="warning">{hands.message} Using the whole frame instead.</Notice>
        </div>
      )}
      <CameraErrorNotice camera={camera} />
    </Panel>
  );
}

/** "No hand in view", the hand found, and what the last recording kept and dropped. */
export function HandBadge({ store }: { store: LiveStore }) {
  const live = useSyncExternalStore(store.subscribe, store.get, () => EMPTY_LIVE);
  if (!live.tracking) return null;
  return (
    <div className="pointer-events-none absolute inset-x-2 top-2 flex flex-wrap justify-between gap-2 text-xs font-medium">
      <span data-testid="hand-status" data-state={live.hand ? 'hand' : 'no-hand'} className={`rounded px-2 py-1 ${live.hand ? 'bg-indigo-600/80 text-white' : 'bg-amber-500/90 text-slate-900'}`}>
        {live.hand ? `${live.hand.handedness} hand` : 'No hand in view'}
      </span>
      {live.kept + live.dropped > 0 && (
        <span data-testid="recording-drops" className="rounded bg-slate-900/70 px-2 py-1 text-white">
          Recorded {live.kept}
          {live.dropped > 0 ? `, dropped ${live.dropped} with no hand in view` : ''}
        </span>
      )}
    </div>
  );
}
