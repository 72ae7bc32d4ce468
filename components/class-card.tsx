'use client';
import { memo } from 'react';
import { validateClassName, type GestureClass } from '@/lib/dataset';
import { HoldToRecord } from './hold-to-record';
import { NameField } from './name-field';
import { SampleGrid } from './sample-grid';

import { buttonClass, FileButton } from './ui';

export interface ClassCardProps {
  readonly gestureClass: GestureClass;
  readonly allClasses: readonly GestureClass[];
  readonly recording: boolean;
  readonly canRecord: boolean;
  readonly busy: boolean;
  onRename(classId: string, name: string): void;
  onRecord(classId: string, recording: boolean): void;
  onUpload(classId: string, files: File[]): void;
  onDeleteSample(classId: string, sampleId: string): void;
  onClear(classId: string): void;
  onDelete(classId: string): void;
}

export const ClassCard = memo(function ClassCard(props: ClassCardProps) {
  const { gestureClass: c, allClasses } = props;
  return (
    <section aria-label={`Class ${c.name}`} data-testid="class-card" className="rounded-xl border border-slate-200 bg-white p-3 shadow-sm">
      <NameField id={c.id} label="Class name" name={c.name} problemOf={(draft) => validateClassName(draft, allClasses, c.id)} onRename={(name) => props.onRename(c.id, name)}>
        <span data-testid="sample-count" className="rounded-full bg-slate-100 px-2 py-0.5 text-xs tabular-nums text-slate-700" aria-label={`${c.samples.length} samples`}>
          {c.samples.length} {c.samples.length === 1 ? 'sample' : 'samples'}
        </span>
      </NameField>
      <div className="mb-2 flex flex-wrap gap-2">
        <HoldToRecord className={c.name} active={props.recording} disabled={!props.canRecord} onChange={(r) => props.onRecord(c.id, r)} />
        <FileButton label={`Upload images to ${c.name}`} disabled={props.busy} onFiles={(files) => props.onUpload(c.id, files)} />
        <button type="button" className={buttonClass('secondary')} disabled={c.samples.length === 0 || props.busy} onClick={() => props.onClear(c.id)} aria-label={`Clear samples of ${c.name}`}>
          Clear
        </button>
        <button type="button" className={buttonClass('danger')} disabled={props.busy} onClick={() => props.onDelete(c.id)} aria-label={`Delete class ${c.name}`}>
          Delete
        </button>
      </div>
      <SampleGrid className={c.name} samples={c.samples} onDelete={(sampleId) => props.onDeleteSample(c.id, sampleId)} />
    </section>
  );
});
