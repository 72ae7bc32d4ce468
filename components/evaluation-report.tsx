import type { Evaluation } from '@/lib/evaluate';

/** Accuracy, per-class accuracy and the confusion matrix (rows: true class, columns: predicted). */
export function EvaluationReport({ evaluation, skipped }: { evaluation: Evaluation; skipped: string[] }) {
  const { classNames, confusion } = evaluation;
  return (
    <div className="space-y-3 text-sm">
      <p>
        Accuracy{' '}
        <strong data-testid="eval-accuracy" data-value={evaluation.accuracy.toFixed(4)} className="tabular-nums">
          {(evaluation.accuracy * 100).toFixed(1)}%
        </strong>{' '}
        on {evaluation.total} images.
      </p>
      {skipped.length > 0 && <p className="text-amber-800">Skipped: {skipped.join('; ')}</p>}
      <div className="overflow-x-auto">
        <table className="border-collapse text-xs tabular-nums">
          <caption className="mb-1 text-left text-slate-600">Confusion matrix: rows are the true class, columns the predicted one.</caption>
          <thead>
            <tr>
              <th scope="col" className="px-1 text-left">true \ predicted</th>
              {classNames.map((n) => (
                <th key={n} scope="col" className="max-w-16 truncate px-1">
                  {n}
                </th>
              ))}
              <th scope="col" className="px-1">accuracy</th>
            </tr>
          </thead>
          <tbody>
            {confusion.map((row, i) => (
              <tr key={classNames[i]}>
                <th scope="row" className="max-w-24 truncate px-1 text-left">
                  {classNames[i]}
                </th>
                {row.map((count, j) => (
                  <td key={j} className={`px-1 text-center ${i === j ? 'bg-emerald-100' : count > 0 ? 'bg-rose-100' : ''}`}>
                    {count}
                  </td>
                ))}
                <td className="px-1 text-right">{evaluation.perClassAccuracy[i] === null ? '—' : `${((evaluation.perClassAccuracy[i] as number) * 100).toFixed(0)}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
