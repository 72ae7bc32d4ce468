import { describeAccuracy, type Evaluation } from '@/lib/evaluate';

/**
 * Accuracy over every photo of a known class, per-class accuracy and the confusion matrix (rows: true
 * class, columns: predicted). A hand model's matrix has a "No hand" column: photos in which no hand
 * was found, each a miss.
 */
export function EvaluationReport({ evaluation, skipped }: { evaluation: Evaluation; skipped: string[] }) {
  const { classNames, confusion, noHand } = evaluation;
  return (
    <div className="space-y-3 text-sm">
      <p>
        Accuracy{' '}
        <strong data-testid="eval-accuracy" data-value={evaluation.accuracy.toFixed(4)} className="tabular-nums">
          {describeAccuracy(evaluation)}
        </strong>
        .
      </p>
      {skipped.length > 0 && <p className="text-amber-800">Skipped: {skipped.join('; ')}</p>}
      <div className="overflow-x-auto">
        <table className="border-collapse text-xs tabular-nums">
          <caption className="mb-1 text-left text-slate-600">
            Confusion matrix: rows are the true class, columns the predicted one
            {noHand ? '; No hand counts the photos in which no hand was found, each a miss.' : '.'}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="px-1 text-left">true \ predicted</th>
              {classNames.map((n) => (
                <th key={n} scope="col" className="max-w-16 truncate px-1">
                  {n}
                </th>
              ))}
              {noHand && (
                <th scope="col" className="px-1">
                  No hand
                </th>
              )}
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
                {noHand && <td className={`px-1 text-center ${noHand[i] > 0 ? 'bg-rose-100' : ''}`}>{noHand[i]}</td>}
                <td className="px-1 text-right">{evaluation.perClassAccuracy[i] === null ? '—' : `${((evaluation.perClassAccuracy[i] as number) * 100).toFixed(0)}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
