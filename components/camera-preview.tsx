'use client';
import { useState, type ReactNode } from 'react';
import { mirrorsPreview, type CameraFacing } from '@/lib/camera';
import type { CameraControls, LiveStore } from '@/lib/hooks';
import { HandOverlay } from './hand-overlay';
import { buttonClass, Notice } from './ui';

export interface CameraPreviewProps {
  readonly camera: CameraControls;
  readonly store: LiveStore;
  /** The model looks at the hand: draw the tracked hand and its crop; else mark the centre square it sees. */
  readonly handMode: boolean;
  readonly mirrored: boolean;
  /** What the preview says while the camera is off. */
  readonly offText: string;
  /** Badges over the running preview (not mirrored). */
  readonly children?: ReactNode;
}

/** The camera's preview, mirrored like a mirror when asked, with what the model looks at drawn over it. */
export function CameraPreview({ camera, store, handMode, mirrored, offText, children }: CameraPreviewProps) {
  const on = camera.status === 'on';
  return (
    <div className="relative aspect-[4/3] overflow-hidden rounded-lg bg-slate-900">
      {/* The overlay shares the video's box and transform, so landmarks and crop box stay on the hand either way. */}
      <div data-testid="camera-picture" data-mirrored={mirrored} className={`absolute inset-0 ${mirrored ? '-scale-x-100' : ''}`}>
        <video ref={camera.videoRef} data-testid="camera-video" aria-label="Camera preview" className={`h-full w-full object-cover ${on ? '' : 'invisible'}`} playsInline muted />
        {on && handMode && <HandOverlay store={store} />}
      </div>
      {on && !handMode && (
        // The backbone sees only the centre square; show where it is.
        <div aria-hidden className="pointer-events-none absolute inset-y-0 left-1/2 aspect-square h-full -translate-x-1/2 border-2 border-white/60" />
      )}
      {on && children}
      {!on && <div className="absolute inset-0 flex items-center justify-center p-6 text-center text-sm text-slate-300">{camera.status === 'starting' ? 'Waiting for the camera…' : offText}</div>}
    </div>
  );
}

/** Start camera / Stop camera. */
export function CameraToggle({ camera }: { readonly camera: CameraControls }) {
  if (camera.status === 'on') {
    return (
      <button type="button" className={`${buttonClass('secondary')} min-h-11`} onClick={camera.stop}>
        Stop camera
      </button>
    );
  }
  return (
    <button type="button" className={`${buttonClass('primary')} min-h-11`} disabled={camera.status === 'starting'} onClick={() => camera.start(camera.deviceId ?? undefined)}>
      {camera.status === 'starting' ? 'Starting…' : 'Start camera'}
    </button>
  );
}

/**
 * Whether the preview is mirrored: as a mirror for a front camera, as it is for a back one. A
 * person's own choice holds until the camera turns the other way; then the mirror follows it again.
 */
export function useMirror(camera: CameraControls): readonly [boolean, (mirrored: boolean) => void] {
  const [choice, setChoice] = useState<{ facing: CameraFacing; mirrored: boolean } | null>(null);
  const mirrored = choice?.facing === camera.facing ? choice.mirrored : mirrorsPreview(camera.facing);
  return [mirrored, (next) => setChoice({ facing: camera.facing, mirrored: next })];
}

/** Why the camera did not start, and what to do, when it did not. */
export function CameraErrorNotice({ camera }: { readonly camera: CameraControls }) {
  if (!camera.error) return null;
  return (
    <div className="mt-2" data-testid="camera-error" data-kind={camera.error.kind}>
      <Notice tone="error">{camera.error.message}</Notice>
    </div>
  );
}
