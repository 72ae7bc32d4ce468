'use client';
import { useCallback, useSyncExternalStore } from 'react';
import { motionClassesKey, type MirrorChoice } from '@/lib/motion';
import type { MotionController } from '@/lib/studio';
import { MotionCard } from './motion-card';
import { TrainingCurves } from './training-curves';
import { buttonClass, Notice, Panel } from './ui';

export interface MotionPanelProps {
  readonly motions: MotionController;
  /** The camera is on and the hand model ready: clips can be recorded. */
  readonly canRecord: boolean;
  /** The engine and its hand tracker are ready: videos can be read into clips. */
  readonly canUpload: boolean;
  /** Something else uses the engine (a pose training run, a job): motions wait. */
  readonly busy: boolean;
  readonly mirrored: boolean;
  /** A pose model fits the pose classes: *Export model* can write the motion model beside it. */
  readonly poseModelReady: boolean;
  onVideos(classId: string, files: File[]): void;
}

/**
 * Motion gestures: classes whose examples are clips of the hand moving (swipes, waves, circles,
 * pushes), a "No motion" class learned from idle clips, how each class mirrors, and training the
 * temporal network. Live events show beside the pose label (`MotionEvents`).
 */
export function MotionPanel({ motions, canRecord, canUpload, busy, mirrored, poseModelReady, onVideos }: MotionPanelProps) {
  const state = useSyncExternalStore(motions.subscribe, motions.getState, motions.getState);
  const { classes, trained, phase, recording } = state;
  const training = phase === 'training';
  const locked = busy || training;
  const onRecord = useCallback((id: string, mode: 'hold' | 'timed' | 'stop') => (mode === 'stop' ? motions.stopRecording() : motions.startRecording(id, mode)), [motions]);
  const onRename = useCallback((id: string, name: string) => motions.rename(id, name), [motions]);
  const onMirror = useCallback((id: string, choice: MirrorChoice) => motions.setMirror(id, choice), [motions]);
  const onDeleteClip = useCallback((id: string, clipId: string) => motions.removeClip(id, clipId), [motions]);
  const onDelete = useCallback(
    (id: string) => {
      const c = motions.getState().classes.find((x) => x.id === id);
      if (c && c.clips.length > 0 && !window.confirm(`Delete "${c.name}" and its ${c.clips.length} clips?`)) return;
      motions.remove(id);
    },
    [motions],
  );
  const blocker = locked ? (training ? null : 'Wait for the pose training or the job under way to finish.') : motions.trainBlocker;
  const stale = trained && !training ? (!motions.modelFits ? 'Your motion classes changed since the last training: train again to recognise motions live.' : trained.trainedOn !== motionClassesKey(classes) ? 'Clips changed since the last training: train again to use them.' : null) : null;
  const hasIdle = classes.some((c) => c.role === 'idle');
  const accuracy = trained?.validationAccuracy ?? null;
  return (
    <Panel
      title="Motions"
      actions={
        <div className="flex flex-wrap gap-2">
          {!hasIdle && (
            <button type="button" className={buttonClass('secondary')} disabled={locked} onClick={() => motions.addIdleClass()}>
              Add “No motion”
            </button>
          )}
          <button type="button" className={buttonClass('primary')} disabled={locked} onClick={() => motions.addClass()}>
            Add a motion
          </button>
        </div>
      }
    >
      <p className="mb-3 text-sm text-slate-600">
        A motion is a gesture that moves: a swipe, a wave, a circle, a push. Record a few clips of each (3 or more), and clips of your hand doing nothing in particular under “No motion”, so the model knows when no motion was made. Mirroring doubles your clips where it keeps the meaning: a left
        swipe seen in a mirror is a right swipe, another class.
      </p>
      {classes.length === 0 && <Notice tone="info">No motions yet. Press “Add a motion”, then record it with the camera or upload short videos of it.</Notice>}
      <div className="grid gap-3 xl:grid-cols-2">
        {classes.map((c) => (
          <MotionCard
            key={c.id}
            motionClass={c}
            allClasses={classes}
            recording={recording?.classId === c.id ? recording : null}
            canRecord={canRecord && !locked && (recording === null || recording.classId === c.id)}
            busy={locked}
            canUpload={canUpload}
            mirrored={mirrored}
            onRename={onRename}
            onRecord={onRecord}
            onVideos={onVideos}
            onMirror={onMirror}
            onDeleteClip={onDeleteClip}
            onDelete={onDelete}
          />
        ))}
      </div>
      {state.message && (
        <div className="mt-3">
          <Notice tone="warning">{state.message}</Notice>
        </div>
      )}
      {classes.length > 0 && (
        <div className="mt-3 space-y-2 border-t border-slate-200 pt-3">
          <div className="flex flex-wrap items-center gap-2">
            <button type="button" className={buttonClass('primary')} disabled={training || blocker !== null || recording !== null} onClick={() => void motions.train()}>
              Train motions
            </button>
            {training && (
              <button type="button" className={buttonClass('secondary')} onClick={() => motions.cancel()}>
                Cancel motion training
              </button>
            )}
            <p data-testid="motion-training" data-phase={phase} className="text-sm text-slate-700">
              {training
                ? `Training the motion model… epoch ${state.history.length}`
                : trained
                  ? `Motion model trained on ${trained.saved.classNames.length} classes${state.recognising ? ', recognising live' : ''}.`
                  : phase === 'cancelled'
                    ? 'Motion training was cancelled.'
                    : 'Not trained yet.'}
            </p>
          </div>
          {blocker && !training && <p className="text-sm text-slate-600">{blocker}</p>}
          {stale && <Notice tone="info">{stale}</Notice>}
          {trained && !training && (
            <p className="text-sm text-slate-700">
              Held-out clips recognised:{' '}
              <span data-testid="motion-accuracy" data-value={accuracy ?? ''} className="font-semibold tabular-nums">
                {accuracy === null ? 'none held out' : `${(accuracy * 100).toFixed(0)}%`}
              </span>
              {trained.stoppedEarly ? ` (stopped early at epoch ${trained.bestEpoch})` : ''}
            </p>
          )}
          {trained && !training && !stale && !poseModelReady && (
            <p data-testid="motion-export-needs-poses" className="text-sm text-slate-600">
              To take the motions elsewhere, train the poses too: <em>Export model</em> and <em>Open in player</em> write the motion model into one bundle with the pose model.
            </p>
          )}
          <TrainingCurves history={state.history} bestEpoch={trained && !training ? trained.bestEpoch : undefined} />
        </div>
      )}
    </Panel>
  );
}
