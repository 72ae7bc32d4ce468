'use client';
import { memo, useState } from 'react';
import type { Sample } from '@/lib/dataset';
import { useObjectUrl } from '@/lib/hooks';

/** Newest samples first; a few hundred <img>s per class would slow every render for nothing. */
const VISIBLE = 24;

export const SampleGrid = memo(function SampleGrid({ className, samples, onDelete }: { className: string; samples: readonly Sample[]; onDelete: (sampleId: string) => void }) {
  const [showAll, setShowAll] = useState(false);
  if (samples.length === 0) {
    return <p className="text-sm text-slate-500">No samples yet. Hold the record button while the camera shows your gesture, or upload images.</p>;
  }
  const shown = showAll ? [...samples].reverse() : samples.slice(-VISIBLE).reverse();
  return (
    <div>
      {/* Four to a row on a phone: a thumbnail there still holds its 44 px delete button. */}
      <ul className="grid grid-cols-4 gap-1 sm:grid-cols-8" aria-label={`Samples of ${className}`}>
        {shown.map((s) => (
          <li key={s.id} className="group relative aspect-square overflow-hidden rounded bg-slate-100">
            <Thumbnail image={s.image} />
            <button
              type="button"
              aria-label={`Delete sample ${samples.indexOf(s) + 1} of ${className}`}
              className="absolute right-0 top-0 flex h-5 w-5 items-start justify-end opacity-0 group-hover:opacity-100 focus:opacity-100 pointer-coarse:h-11 pointer-coarse:w-11 pointer-coarse:opacity-100"
              onClick={() => onDelete(s.id)}
            >
              {/* On touch the button is a 44 px corner (there is no hover to reveal it); the mark stays small. */}
              <span aria-hidden className="flex h-5 w-5 items-center justify-center rounded-bl bg-black/60 text-xs text-white">
                ×
              </span>
            </button>
          </li>
        ))}
      </ul>
      {samples.length > VISIBLE && (
        <button type="button" className="mt-1 text-xs text-indigo-700 underline" onClick={() => setShowAll((v) => !v)}>
          {showAll ? 'Show fewer' : `Show all ${samples.length}`}
        </button>
      )}
    </div>
  );
});

function Thumbnail({ image }: { image: Blob | null }) {
  const url = useObjectUrl(image);
  // eslint-disable-next-line @next/next/no-img-element -- a local blob: URL, nothing to optimise
  return url ? <img src={url} alt="" className="h-full w-full object-cover" /> : null;
}
