'use client';
import type { Autosave, ProjectFileControls } from '@/lib/hooks';
import { uniqueProjectName } from '@/lib/storage';
import { useAnnounceChange } from './live-announcer';
import { buttonClass, FileButton } from './ui';

export interface ProjectMenuProps {
  readonly autosave: Autosave;
  /** Export to and import from a project file (a zip). */
  readonly projectFile: ProjectFileControls;
  readonly disabled: boolean;
  /** Import needs the backbone loaded (a file made with another one is re-embedded by it). */
  readonly canImport: boolean;
}

/** The open project, switching between saved projects, project files, and whether the latest changes are saved. */
export function ProjectMenu({ autosave, projectFile, disabled, canImport }: ProjectMenuProps) {
  const { projects, current, state, message, ready } = autosave;
  useAnnounceChange(state === 'error' ? message : null);
  useAnnounceChange(projectFile.status.state === 'done' || projectFile.status.state === 'error' ? projectFile.status.text : null);
  const off = disabled || !ready;
  const names = projects.map((p) => p.name);

  const create = () => {
    const name = window.prompt('Name the new project', uniqueProjectName('New project', names));
    if (name !== null) void autosave.create(name);
  };
  const rename = () => {
    if (!current) return;
    const name = window.prompt('Rename the project', current.name);
    if (name !== null && name.trim() !== current.name) void autosave.rename(name);
  };
  const remove = () => {
    if (!current) return;
    const samples = `${current.sampleCount} ${current.sampleCount === 1 ? 'sample' : 'samples'}`;
    if (window.confirm(`Delete the project "${current.name}" and its ${samples}? This cannot be undone.`)) void autosave.remove();
  };

  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label className="flex items-center gap-1">
        <span className="text-slate-700">Project</span>
        <select
          aria-label="Project"
          className="max-w-[14rem] rounded-lg border border-slate-300 px-2 py-1"
          value={current?.id ?? ''}
          disabled={off}
          onChange={(e) => void autosave.switchTo(e.target.value)}
        >
          {current === null && <option value="">{state === 'loading' ? 'Loading…' : 'Not saved'}</option>}
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className={buttonClass('secondary')} disabled={off} onClick={create}>
        New project
      </button>
      <button type="button" className={buttonClass('secondary')} disabled={off} onClick={rename}>
        Rename project
      </button>
      <button type="button" className={buttonClass('secondary')} disabled={off} onClick={() => void autosave.duplicate()}>
        Duplicate project
      </button>
      <button type="button" className={buttonClass('secondary')} disabled={off} onClick={remove}>
        Delete project
      </button>
      <button type="button" className={buttonClass('secondary')} disabled={off || projectFile.status.state === 'busy'} onClick={() => void projectFile.exportProject()}>
        Export project
      </button>
      <FileButton label="Import project file" accept=".zip,application/zip" disabled={off || !canImport} onFiles={(files) => void projectFile.importFile(files[0])} />
      {projectFile.status.state !== 'idle' && (
        <span data-testid="project-file-status" data-state={projectFile.status.state} className={`text-xs ${projectFile.status.state === 'error' ? 'text-red-700' : 'text-slate-600'}`}>
          {projectFile.status.text}
        </span>
      )}
      <span data-testid="save-status" data-state={state} className={`text-xs ${state === 'error' ? 'text-red-700' : 'text-slate-600'}`}>
        {state === 'error' ? message : state === 'saved' ? 'Saved' : state === 'saving' ? 'Saving…' : 'Opening project…'}
      </span>
    </div>
  );
}
