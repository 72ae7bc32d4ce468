'use client';
import type { CameraControls, LiveStore } from '@/lib/hooks';
import { CameraErrorNotice, CameraPreview, CameraToggle, useMirror } from '../camera-preview';
import { HandBadge } from '../camera-panel';
import { ChargingRing } from '../charging-ring';
import { DemoStage, PresentButton, type GestureDemo } from '../gesture-demo';
import { MotionEvents, type MotionEventsSource } from '../motion-events';
import { PredictionPanel } from '../prediction-panel';
import { Panel } from '../ui';

export interface PlayerLiveViewProps {
  readonly camera: CameraControls;
  readonly store: LiveStore;
  /** The model looks at the hand (its crop, its landmarks): draw the tracked hand. */
  readonly handMode: boolean;
  /** What to do before labels can show (no model yet, camera off); null once they do. */
  readonly hint: string | null;
  readonly threshold: number;
  readonly onThreshold: (threshold: number) => void;
  /** Gesture actions and presentation mode, as in the studio. */
  readonly demo: GestureDemo;
  /** The bundle's motions recognised live (nothing shows without a motion model). */
  readonly motions: MotionEventsSource;
}

/**
 * The player's live view: the camera with the hand drawn over it, the label, its confidence, a
 * bar per class and the motions recognised. Self-contained (it only reads the live store), so a stage can wrap it.
 */
export function PlayerLiveView({ camera, store, handMode, hint, threshold, onThreshold, demo, motions }: PlayerLiveViewProps) {
  const [mirrored, setMirrored] = useMirror(camera);
  return (
    <div className="space-y-4">
      <Panel
        title="Camera"
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <PresentButton demo={demo} />
            <CameraToggle camera={camera} />
          </div>
        }
      >
        <DemoStage
          demo={demo}
          store={store}
          threshold={threshold}
          onStartCamera={camera.status === 'on' ? undefined : () => camera.start(camera.deviceId ?? undefined)}
          motion={<MotionEvents motions={motions} variant="stage" />}
          preview={
            <CameraPreview camera={camera} store={store} handMode={handMode} mirrored={mirrored} offText="The camera is off. Start it to see the model label your gestures. Frames never leave this device.">
              {handMode && <HandBadge store={store} />}
            </CameraPreview>
          }
        />
        <label className="mt-2 flex min-h-11 items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" className="h-5 w-5" checked={mirrored} onChange={(e) => setMirrored(e.target.checked)} />
          Mirror preview
        </label>
        <CameraErrorNotice camera={camera} />
      </Panel>
      <PredictionPanel store={store} hint={hint} speaker={null} threshold={threshold} onThreshold={onThreshold} ring={<ChargingRing trigger={demo.firing.trigger} />} motion={<MotionEvents motions={motions} />} />
    </div>
  );
}
