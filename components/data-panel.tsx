'use client';
import type { JobControls } from '@/lib/hooks';
import type { FolderEvaluation } from '@/lib/pipeline';
import { EvaluationReport } from './evaluation-report';
import { FileButton, JobProgressRow, Panel } from './ui';

export interface DataPanelProps {
  readonly job: JobControls;
  readonly canImport: boolean;
  readonly canEvaluate: boolean;
  readonly onImport: (files: File[]) => void;
  readonly onEvaluate: (files: File[]) => void;
  readonly evaluation: FolderEvaluation | null;
}

/** Folder import (subfolders are classes), evaluation on a labelled folder, and long-job progress. */
export function DataPanel({ job, canImport, canEvaluate, onImport, onEvaluate, evaluation }: DataPanelProps) {
  return (
    <Panel title="Datasets">
      <p className="mb-3 text-sm text-slate-600">
        Pick a folder whose subfolders are named after classes (for example <code>digits/3/*.png</code>). Import adds the images as samples; Evaluate measures the
        trained model on them. Images are read in this tab only.
      </p>
      <div className="flex flex-wrap gap-2">
        <FileButton label="Import dataset folder" folder disabled={!canImport} onFiles={onImport} />
        <FileButton label="Evaluate on folder" folder disabled={!canEvaluate} onFiles={onEvaluate} />
      </div>
      {job.job && (
        <div className="mt-3">
          <JobProgressRow progress={job.job} onCancel={job.cancel} />
        </div>
      )}
      {evaluation && (
        <div className="mt-3">
          <EvaluationReport evaluation={evaluation.evaluation} skipped={evaluation.skipped} />
        </div>
      )}
    </Panel>
  );
}
