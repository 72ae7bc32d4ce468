'use client';
import { useEffect, useRef, type ReactNode } from 'react';
import { useAnnounce } from './live-announcer';

/** Small shared building blocks, so panels look alike without repeating class lists. */
export function Panel({ title, children, actions, labelledBy }: { title: string; children: ReactNode; actions?: ReactNode; labelledBy?: string }) {
  const id = labelledBy ?? `panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id={id} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

const BUTTON_TONES = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-500 disabled:bg-indigo-300',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:text-slate-400',
  danger: 'border border-rose-300 bg-white text-rose-700 hover:bg-rose-50 disabled:text-rose-300',
} as const;

/** A button's look; at least 44 x 44 px on touch screens (also for a `<label>` drawn as a button, which globals.css does not reach). */
export function buttonClass(tone: keyof typeof BUTTON_TONES = 'secondary'): string {
  return `inline-flex items-center justify-center gap-1 rounded-lg px-3 py-1.5 text-sm font-medium pointer-coarse:min-h-11 pointer-coarse:min-w-11 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1 disabled:cursor-not-allowed ${BUTTON_TONES[tone]}`;
}

/**
 * A boxed message. Warnings and errors (and any notice with `announce`) are said through the page's
 * polite live region when they appear or change; a static hint is not.
 */
export function Notice({ tone, children, announce = tone !== 'info' }: { tone: 'info' | 'warning' | 'error'; children: ReactNode; announce?: boolean }) {
  const colours = { info: 'border-sky-200 bg-sky-50 text-sky-900', warning: 'border-amber-200 bg-amber-50 text-amber-900', error: 'border-rose-200 bg-rose-50 text-rose-900' }[tone];
  const ref = useRef<HTMLParagraphElement>(null);
  const said = useRef('');
  const say = useAnnounce();
  useEffect(() => {
    const text = ref.current?.textContent ?? '';
    if (announce && text && text !== said.current) {
      said.current = text;
      say(text);
    }
  });
  return (
    <p ref={ref} data-tone={tone} className={`rounded-lg border px-3 py-2 text-sm ${colours}`}>
      {children}
    </p>
  );
}

export function ProgressBar({ label, done, total }: { label: string; done: number; total: number }) {
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <div className="space-y-1">
      <div className="flex justify-between text-xs text-slate-600">
        <span>{label}</span>
        <span>{total > 0 ? `${done} / ${total}` : 'starting…'}</span>
      </div>
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} className="h-2 overflow-hidden rounded bg-slate-200">
        <div className="h-full bg-indigo-500 transition-[width]" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** A running job's progress bar with its Cancel button. */
export function JobProgressRow({ progress, onCancel, cancelLabel = 'Cancel' }: { progress: { label: string; done: number; total: number }; onCancel: () => void; cancelLabel?: string }) {
  return (
    <div className="flex items-end gap-2">
      <div className="flex-1">
        <ProgressBar {...progress} />
      </div>
      <button type="button" className={buttonClass('secondary')} onClick={onCancel}>
        {cancelLabel}
      </button>
    </div>
  );
}

/** A visible button that opens a hidden file input, so the input keeps its label for automation. */
export function FileButton({ label, onFiles, folder = false, disabled = false, accept = 'image/*' }: { label: string; onFiles: (files: File[]) => void; folder?: boolean; disabled?: boolean; accept?: string }) {
  return (
    <label className={`${buttonClass('secondary')} focus-within:ring-2 focus-within:ring-indigo-500 focus-within:ring-offset-1 ${disabled ? 'pointer-events-none opacity-50' : 'cursor-pointer'}`}>
      {label}
      <input
        type="file"
        aria-label={label}
        className="sr-only"
        multiple
        accept={folder ? undefined : accept}
        disabled={disabled}
        {...(folder ? { webkitdirectory: '', directory: '' } : {})}
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </label>
  );
}

/**
 * The status line of a long page-level run (benchmark, ablation): a live region with `data-state`
 * for scripts, a progress bar while it runs and the error when it fails.
 */
export function RunStatus({ name, phase, text, progress, error }: { name: string; phase: string; text: string; progress: { label: string; done: number; total: number } | null; error: string | null }) {
  return (
    <section aria-labelledby={`${name}-progress-title`} className="space-y-2">
      <h2 id={`${name}-progress-title`} className="sr-only">
        Progress
      </h2>
      <p data-testid={`${name}-status`} data-state={phase} role="status" aria-live="polite" className="text-sm text-slate-700">
        {text}
      </p>
      {progress && <ProgressBar {...progress} />}
      {error && <Notice tone="error">{error}</Notice>}
    </section>
  );
}

/** A table row's numeric cells, right-aligned with figures lined up; `keys` names each cell's column. */
export function NumericCells({ cells, keys }: { cells: readonly ReactNode[]; keys: readonly string[] }) {
  return cells.map((cell, i) => (
    <td key={keys[i]} className="py-2 pr-3 text-right tabular-nums whitespace-nowrap">
      {cell}
    </td>
  ));
}
