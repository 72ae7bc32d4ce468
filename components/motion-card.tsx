'use client';
import { memo } from 'react';
import { MOTION_VIDEO_TYPES } from '@/lib/live';
import { clipDuration, motionNameProblem, type MirrorChoice, type MotionClass } from '@/lib/motion';
import type { MotionRecording } from '@/lib/studio';
import { HoldToRecord } from './hold-to-record';
import { NameField } from './name-field';
import { MotionTrajectory } from './motion-trajectory';
import { buttonClass, FileButton } from './ui';


export interface MotionCardProps {
  readonly motionClass: MotionClass;
  readonly allClasses: readonly MotionClass[];
  /** The recording under way, when it is this class's. */
  readonly recording: MotionRecording | null;
  readonly canRecord: boolean;
  readonly busy: boolean;
  /** Draw paths as the preview shows them. */
  readonly mirrored: boolean;
  onRename(id: string, name: string): void;
  onRecord(id: string, mode: 'hold' | 'timed' | 'stop'): void;
  onVideos(id: string, files: File[]): void;
  onMirror(id: string, choice: MirrorChoice): void;
  onDeleteClip(id: string, clipId: string): void;
  onDelete(id: string): void;
}

/** One motion class: its name, how to record clips (held, timed or from videos), how it mirrors, and its clips as drawings. */
export const MotionCard = memo(function MotionCard(props: MotionCardProps) {
  const { motionClass: c, recording, canRecord, busy } = props;
  const holding = recording?.mode === 'hold';
  const timed = recording?.mode === 'timed' ? recording : null;
  return (
    <section aria-label={`Motion ${c.name}`} data-testid="motion-class" data-class-name={c.name} data-role={c.role} className="rounded-xl border border-slate-200 bg-white p-3 shadow-sm">
      <NameField id={c.id} label={`Name of ${c.name}`} name={c.name} problemOf={(draft) => motionNameProblem(props.allClasses, draft, c.id)} onRename={(name) => props.onRename(c.id, name)}>
        {c.role === 'idle' && <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-900">never fires</span>}
        <span data-testid="motion-clip-count" data-count={c.clips.length} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs tabular-nums text-slate-700">
          {c.clips.length} {c.clips.length === 1 ? 'clip' : 'clips'}
        </span>
      </NameField>
      <div className="mb-2 flex flex-wrap gap-2">
        <HoldToRecord
          className={c.name}
          active={holding}
          disabled={!canRecord || (recording !== null && !holding)}
          activeText={`Recording · ${recording?.frames ?? 0} frames`}
          onChange={(on) => props.onRecord(c.id, on ? 'hold' : 'stop')}
        />
        <button
          type="button"
          className={buttonClass(timed ? 'danger' : 'secondary')}
          aria-label={timed ? `Stop recording ${c.name}` : `Record 2 s of ${c.name}`}
          disabled={!canRecord || (recording !== null && !timed)}
          onClick={() => props.onRecord(c.id, timed ? 'stop' : 'timed')}
        >
          {timed?.phase === 'countdown' ? `Starting in ${timed.secondsLeft}…` : timed ? 'Recording…' : 'Record 2 s'}
        </button>
        <FileButton label={`Upload motion videos for ${c.name}`} accept={MOTION_VIDEO_TYPES} disabled={busy || recording !== null} onFiles={(files) => props.onVideos(c.id, files)} />
        <button type="button" className={buttonClass('danger')} disabled={busy || recording !== null} onClick={() => props.onDelete(c.id)} aria-label={`Delete motion ${c.name}`}>
          Delete
        </button>
      </div>
      {c.role === 'motion' && <MirrorChoiceSelect motionClass={c} allClasses={props.allClasses} disabled={busy} onMirror={props.onMirror} />}
      {c.clips.length === 0 ? (
        <p className="text-xs text-slate-600">
          {c.role === 'idle'
            ? 'Record your hand resting, drifting and changing shape without a motion: the model learns what is not a motion from these.'
            : 'No clips yet. Hold the record button while you make the motion once (up to 2 s), or record 2 s after a countdown.'}
        </p>
      ) : (
        <ol aria-label={`Clips of ${c.name}`} className="flex flex-wrap gap-2">
          {c.clips.map((k, i) => (
            <li key={k.id} className="flex flex-col items-center gap-1">
              <MotionTrajectory clip={k.clip} mirrored={props.mirrored} label={`Clip ${i + 1} of ${c.name}: the hand's path over ${clipDuration(k.clip).toFixed(1)} s`} />
              <button type="button" className={`${buttonClass('secondary')} px-2 py-0.5 text-xs`} disabled={busy} aria-label={`Delete clip ${i + 1} of ${c.name}`} onClick={() => props.onDeleteClip(c.id, k.id)}>
                Delete
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
});

function MirrorChoiceSelect({ motionClass: c, allClasses, disabled, onMirror }: { motionClass: MotionClass; allClasses: readonly MotionClass[]; disabled: boolean; onMirror: MotionCardProps['onMirror'] }) {
  const value = typeof c.mirror === 'object' ? c.mirror.partner : c.mirror;
  const partners = allClasses.filter((o) => o.role === 'motion' && o.id !== c.id);
  return (
    <label className="mb-2 flex flex-wrap items-center gap-2 text-sm text-slate-700">
      Mirrored, this motion is
      <select
        aria-label={`Mirror of ${c.name}`}
        className="min-w-0 rounded-lg border border-slate-300 px-2 py-1 text-sm"
        value={value}
        disabled={disabled}
        onChange={(e) => onMirror(c.id, e.target.value === 'off' || e.target.value === 'self' ? e.target.value : { partner: e.target.value })}
      >
        <option value="off">not used (no mirrored copies)</option>
        <option value="self">still {c.name} (a wave, a push)</option>
        {partners.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name} (another class)
          </option>
        ))}
      </select>
    </label>
  );
}
