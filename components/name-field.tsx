'use client';
import { useState, type ReactNode } from 'react';

export interface NameFieldProps {
  /** Names the error message's element. */
  readonly id: string;
  readonly label: string;
  readonly name: string;
  problemOf(draft: string): string | null;
  onRename(name: string): void;
  /** Shown beside the field (counts, badges). */
  readonly children?: ReactNode;
}

/**
 * A card's name, edited in place: the draft follows the saved name when that changes elsewhere,
 * Enter or leaving the field renames (unless `problemOf` finds a problem, shown under it instead),
 * Escape puts the saved name back.
 */
export function NameField({ id, label, name, problemOf, onRename, children }: NameFieldProps) {
  const [draft, setDraft] = useState(name);
  const [prevName, setPrevName] = useState(name);
  if (prevName !== name) {
    setPrevName(name);
    setDraft(name);
  }
  const problem = draft === name ? null : problemOf(draft);
  const commit = () => {
    if (draft !== name && !problem) onRename(draft);
  };
  const errorId = `${id}-name-error`;
  return (
    <>
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <input
          aria-label={label}
          aria-invalid={problem !== null}
          aria-describedby={problem ? errorId : undefined}
          className={`min-w-0 flex-1 rounded-lg border px-2 py-1 text-sm font-semibold ${problem ? 'border-rose-400' : 'border-slate-300'}`}
          value={draft}
          maxLength={60}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setDraft(name);
          }}
        />
        {children}
      </div>
      {problem && (
        <p id={errorId} role="alert" className="mb-2 text-xs text-rose-700">
          {problem}
        </p>
      )}
    </>
  );
}
