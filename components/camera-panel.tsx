'use client';
import { useState } from 'react';
import type { CameraControls } from '@/lib/hooks';
import { buttonClass, Notice, Panel } from './ui';

/** Mirrored preview (it feels like a mirror), camera choice, start/stop and every failure explained. */
export function CameraPanel({ camera }: { camera: CameraControls }) {
  const [mirrored, setMirrored] = useState(true);
  const on = camera.status === 'on';
  return (
    <Panel
      title="Camera"
      actions={
        <div className="flex flex-wrap items-center gap-2">
          {camera.devices.length > 1 && (
            <select
              aria-label="Choose camera"
              className="rounded-lg border border-slate-300 px-2 py-1.5 text-sm"
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
          {on ? (
            <button type="button" className={buttonClass('secondary')} onClick={camera.stop}>
              Stop camera
            </button>
          ) : (
            <button type="button" className={buttonClass('primary')} disabled={camera.status === 'starting'} onClick={() => camera.start(camera.deviceId ?? undefined)}>
              {camera.status === 'starting' ? 'Starting…' : 'Start camera'}
            </button>
          )}
        </div>
      }
    >
      <div className="relative aspect-[4/3] overflow-hidden rounded-lg bg-slate-900">
        <video
          ref={camera.videoRef}
          data-testid="camera-video"
          aria-label="Camera preview"
          className={`h-full w-full object-cover ${mirrored ? '-scale-x-100' : ''} ${on ? '' : 'invisible'}`}
          playsInline
          muted
        />
        {on && (
          // The backbone sees only the centre square; show where it is.
          <div aria-hidden className="pointer-events-none absolute inset-y-0 left-1/2 aspect-square h-full -translate-x-1/2 border-2 border-white/60" />
        )}
        {!on && (
          <div className="absolute inset-0 flex items-center justify-center p-6 text-center text-sm text-slate-300">
            {camera.status === 'starting' ? 'Waiting for the camera…' : 'The camera is off. Start it to record gestures and see them recognised live. Frames never leave this device.'}
          </div>
        )}
      </div>
      <label className="mt-2 flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={mirrored} onChange={(e) => setMirrored(e.target.checked)} />
        Mirror preview
      </label>
      {camera.error && (
        <div className="mt-2" data-testid="camera-error" data-kind={camera.error.kind}>
          <Notice tone="error">{camera.error.message}</Notice>
        </div>
      )}
    </Panel>
  );
}
