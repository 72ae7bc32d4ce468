'use client';
import { useCallback, useRef, useState } from 'react';
import { BACKBONES } from '../backbone';
import { sampleCount, type Dataset } from '../dataset';
import { reembedDataset, type LoadedEngine } from '../engine';
import type { MotionProject } from '../motion';
import { savedModelOf, type TrainedModel } from '../pipeline';
import { ProjectFileError, readProjectFile, writeProjectFile, type ImportedProject, type ProjectHead } from '../project';
import { StorageError, type ProjectContent, type StoredHead } from '../storage';
import type { Autosave } from './use-autosave';
import type { JobControls } from './use-job';

export const PROJECT_FILE_SUFFIX = '.gesture-project.zip';

export type ProjectFileStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'busy'; readonly text: string }
  | { readonly state: 'done'; readonly text: string }
  | { readonly state: 'error'; readonly text: string };

export interface ProjectFileOptions {
  /** The open project's name; the file is named after it. */
  readonly projectName: string | null;
  readonly content: ProjectContent;
  /** Its head goes into the file when it was trained on this dataset's backbone. */
  readonly trained: TrainedModel | null;
  /** The motion classes with their clips and the motion model, written into the file; left out, the file carries none. */
  readonly motions?: MotionProject;
  /** The engine and the backbone it has loaded: an imported project made with another one is re-embedded by this one. */
  readonly engine: LoadedEngine | null;
  readonly job: Pick<JobControls, 'run'>;
  readonly importProject: Autosave['importProject'];
  /** The outcome of an import (or a failed export), for the studio's notice. */
  readonly onNotice: (tone: 'info' | 'warning' | 'error', text: string) => void;
}

export interface ProjectFileControls {
  /** What the export is doing (progress text while the zip is written). */
  readonly status: ProjectFileStatus;
  /** Writes the open project to `<name>.gesture-project.zip` and downloads it; nothing is uploaded. */
  exportProject(): Promise<void>;
  /**
   * Reads a project file as a job (progress and Cancel) and, only once all of it has been checked
   * (and re-embedded when another backbone made it), saves it as a new project and opens it.
   */
  importFile(file: File): Promise<void>;
}

export function useProjectFile(options: ProjectFileOptions): ProjectFileControls {
  const [status, setStatus] = useState<ProjectFileStatus>({ state: 'idle' });
  const ref = useRef(options);
  ref.current = options;

  const exportProject = useCallback(async () => {
    const { projectName, content, trained, motions, onNotice } = ref.current;
    const name = projectName ?? 'Gesture project';
    setStatus({ state: 'busy', text: 'Writing the project file…' });
    try {
      const head = trained && trained.backboneId === content.dataset.backboneId ? await savedModelOf(trained.model) : null;
      const zip = await writeProjectFile(
        { name, dataset: content.dataset, inputMode: content.inputMode, settings: content.settings, actions: content.actions, head, ...(motions ? { motions } : {}) },
        { onProgress: ({ done, total }) => setStatus({ state: 'busy', text: `Writing the project file… ${done} / ${total}` }) },
      );
      const fileName = projectFileName(name);
      downloadBlob(zip, fileName);
      const models = modelsCarried(head !== null, Boolean(motions?.trained));
      setStatus({ state: 'done', text: `Downloaded ${fileName}${models.length > 0 ? ` (with ${models.join(' and ')})` : ''}.` });
    } catch (error) {
      const text = `The project could not be exported: ${error instanceof Error ? error.message : String(error)}`;
      setStatus({ state: 'error', text });
      onNotice('error', text);
    }
  }, []);

  const importFile = useCallback(async (file: File) => {
    const { job, importProject, onNotice } = ref.current;
    try {
      const read = await job.run(`Opening ${file.name}`, (signal, progress) =>
        untilCancelled(signal, () => readProjectFile(file, { signal, onProgress: ({ done, total }) => progress(done, total) })),
      );
      if (!read) {
        onNotice('info', 'Import cancelled; nothing was changed.');
        return;
      }
      const ready = await reembedIfNeeded(read, ref.current.engine, job);
      if (!ready) {
        onNotice('info', 'Import cancelled; nothing was changed.');
        return;
      }
      const { dataset, head, dropped } = ready;
      // Motions are made of hand landmarks, not embeddings: they come over as they are, whatever the backbone.
      const made = await importProject(read.name, { dataset, inputMode: read.inputMode, settings: read.settings, actions: read.actions }, head, read.motions);
      const parts = [`Imported “${made.name}”: ${importedSummary(dataset, head !== null, read.motions)}.`];
      if (ready.reembeddedWith) parts.push(`Its embeddings were re-computed with ${ready.reembeddedWith}; train again to classify.`);
      if (dropped > 0) parts.push(`${dropped} ${dropped === 1 ? 'sample was' : 'samples were'} left out: no image to re-compute from.`);
      onNotice(dropped > 0 ? 'warning' : 'info', parts.join(' '));
    } catch (error) {
      // The file's own sentence (or storage's) says what is wrong and what to do.
      if (error instanceof ProjectFileError || error instanceof StorageError) onNotice('error', error.message);
      else onNotice('error', `The project file could not be imported: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, []);

  return { status, exportProject, importFile };
}

/** "3 classes, 40 samples, 2 motion classes with 12 clips and the trained model": what an import brought. */
export function importedSummary(dataset: Dataset, withHead: boolean, motions: MotionProject): string {
  const parts = [`${dataset.classes.length} classes`, `${sampleCount(dataset)} samples`];
  if (motions.classes.length > 0) {
    const clips = motions.classes.reduce((n, c) => n + c.clips.length, 0);
    parts.push(`${motions.classes.length} motion ${motions.classes.length === 1 ? 'class' : 'classes'} with ${clips} ${clips === 1 ? 'clip' : 'clips'}`);
  }
  const models = modelsCarried(withHead, motions.trained !== null);
  const all = [...parts, ...models];
  return models.length > 0 ? `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}` : parts.join(', ');
}

function modelsCarried(head: boolean, motion: boolean): string[] {
  return [head ? 'the trained model' : null, motion ? 'the motion model' : null].filter((m) => m !== null);
}

/** `<name>.gesture-project.zip`, with characters file systems refuse replaced. */
export function projectFileName(projectName: string): string {
  const safe = projectName.trim().replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_').replace(/^\.+/, '');
  return `${safe || 'project'}${PROJECT_FILE_SUFFIX}`;
}

interface ReadyProject {
  readonly dataset: Dataset;
  readonly head: StoredHead | null;
  /** The backbone's label when the embeddings were re-computed. */
  readonly reembeddedWith: string | null;
  /** Samples without an image, which cannot be re-embedded. */
  readonly dropped: number;
}

/**
 * The imported dataset as the loaded backbone needs it: as is when that backbone made its
 * embeddings, else re-embedded from the samples' images (a job of its own, with progress and
 * Cancel), without the head trained on the old embeddings. Null when cancelled.
 */
async function reembedIfNeeded(project: ImportedProject, loaded: LoadedEngine | null, job: Pick<JobControls, 'run'>): Promise<ReadyProject | null> {
  const { dataset } = project;
  if (!loaded || loaded.backboneId === dataset.backboneId) {
    return { dataset, head: project.head ? storedHeadOf(project.head, dataset) : null, reembeddedWith: null, dropped: 0 };
  }
  const { label } = BACKBONES[loaded.backboneId];
  const reembedded = await job.run(`Re-computing embeddings with ${label}`, (signal, progress) => reembedDataset(loaded.engine, dataset, signal, progress));
  if (!reembedded) return null;
  return { dataset: reembedded, head: null, reembeddedWith: label, dropped: sampleCount(dataset) - sampleCount(reembedded) };
}

function storedHeadOf(head: ProjectHead, dataset: Dataset): StoredHead {
  // The file does not say how many samples the head saw; all of them is the honest guess for a file exported after training.
  return { ...head, backboneId: dataset.backboneId, trainedSamples: sampleCount(dataset) };
}

/** `work`'s result, or null when it failed because `signal` was aborted (Cancel). */
async function untilCancelled<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    if (signal.aborted) return null;
    throw error;
  }
}

/** Downloads `blob` as `fileName` through an object URL: it goes from this page to the disk, nowhere else. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; revoking later keeps slow browsers safe.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
