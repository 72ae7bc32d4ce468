'use client';
import { buttonClass } from '../ui';

/**
 * Opens the file picker for a model bundle. The file input itself takes the focus (Enter or Space
 * opens the picker natively), hidden inside a label that looks like a button and shows the focus.
 */
export function ModelPicker({ label, onFile, primary = false }: { label: string; onFile: (file: File) => void; primary?: boolean }) {
  return (
    <label className={`${buttonClass(primary ? 'primary' : 'secondary')} min-h-11 cursor-pointer focus-within:ring-2 focus-within:ring-indigo-500 focus-within:ring-offset-1`}>
      {label}
      <input
        type="file"
        aria-label={label}
        accept=".zip,application/zip"
        className="sr-only"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) onFile(file);
        }}
      />
    </label>
  );
}
