'use client';
import type { RobustnessControls } from '@/lib/hooks';
import type { RobustnessReport } from '@/lib/robustness';
import { useAnnounceChange } from './live-announcer';
import { buttonClass, JobProgressRow, Notice } from './ui';

export interface RobustnessCheckProps {
  readonly robustness: RobustnessControls;
  /** Why the check cannot run now, in a sentence; null when it can. */
  readonly blocker: string | null;
  /** Another job or a training run is going on. */
  readonly busy: boolean;
  readonly onCheck: () => void;
}

const pct = (accuracy: number) => `${Math.round(accuracy * 100)}%`;

/** "Check robustness": the model on the person's own samples moved into other scenes, summed up in one sentence. */
export function RobustnessCheck({ robustness, blocker, busy, onCheck }: RobustnessCheckProps) {
  const { state, progress } = robustness;
  const running = state.phase === 'running';
  useAnnounceChange(state.phase === 'done' ? state.report.summary.sentence : state.phase === 'cancelled' ? 'The check was cancelled.' : null);
  return (
    <section aria-labelledby="robustness-title" className="space-y-2 border-t border-slate-200 pt-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 id="robustness-title" className="font-medium text-slate-900">
          Robustness
        </h4>
        {!running && (
          <button type="button" className={buttonClass('secondary')} disabled={blocker !== null || busy} title={blocker ?? undefined} onClick={onCheck}>
            Check robustness
          </button>
        )}
      </div>
      <div data-testid="robustness-status" data-state={blocker && !running ? 'blocked' : state.phase} className="space-y-2">
        {blocker && !running ? (
          <p className="text-slate-600">{blocker}</p>
        ) : (
          state.phase === 'idle' && <p className="text-slate-600">Tests the model on a few of your samples moved onto other backgrounds, to the edges of the frame, turned, and into other light.</p>
        )}
        {running && (progress ? <JobProgressRow progress={progress} onCancel={robustness.cancel} cancelLabel="Cancel check" /> : <p className="text-slate-600">Waiting for the job in progress to finish…</p>)}
        {state.phase === 'cancelled' && <p className="text-slate-600">The check was cancelled.</p>}
        {state.phase === 'error' && <Notice tone="error">{state.message}</Notice>}
        {state.phase === 'done' && !blocker && <RobustnessResult report={state.report} />}
      </div>
    </section>
  );
}

function RobustnessResult({ report }: { report: RobustnessReport }) {
  const { summary } = report;
  const scenes = summary.groups.reduce((sum, g) => sum + g.images, 0);
  return (
    <>
      <p data-testid="robustness-summary" data-drop={summary.dropPoints} data-worst={summary.worst?.group ?? ''} className={summary.worst ? 'text-amber-900' : 'text-emerald-800'}>
        {summary.sentence}
        {summary.advice && (
          <>
            {' '}
            <strong>{summary.advice}</strong>
          </>
        )}
      </p>
      <table className="w-full text-xs tabular-nums">
        <caption className="text-left text-slate-600">
          {summary.original.images} of your samples with a hand found, and {scenes} scenes made from them
          {report.unlocated > 0 ? ` (no hand found in ${report.unlocated} more)` : ''}.
        </caption>
        <thead>
          <tr className="text-slate-600">
            {['Samples', 'Right', 'Change', 'Images'].map((heading, i) => (
              <th key={heading} scope="col" className={`font-normal ${i === 0 ? 'text-left' : 'text-right'}`}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr data-testid="robustness-original" data-accuracy={summary.original.accuracy.toFixed(4)}>
            <th scope="row" className="text-left font-normal">
              As they are
            </th>
            <td className="text-right">{pct(summary.original.accuracy)}</td>
            <td />
            <td className="text-right">{summary.original.images}</td>
          </tr>
          {summary.groups.map((g) => (
            <tr
              key={g.group}
              data-testid="robustness-row"
              data-group={g.group}
              data-accuracy={g.accuracy === null ? '' : g.accuracy.toFixed(4)}
              className={g === summary.worst ? 'font-semibold text-amber-900' : undefined}
            >
              <th scope="row" className={`text-left ${g === summary.worst ? 'font-semibold' : 'font-normal'}`}>
                {g.label}
              </th>
              <td className="text-right">{g.accuracy === null ? '—' : pct(g.accuracy)}</td>
              <td className="text-right">{g.dropPoints === null ? '' : points(-g.dropPoints)}</td>
              <td className="text-right">{g.images}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details className="text-xs">
        <summary className="cursor-pointer text-slate-700">Each condition</summary>
        <table className="mt-1 w-full tabular-nums">
          <caption className="sr-only">Accuracy on the scenes of each condition</caption>
          <tbody>
            {summary.groups.flatMap((g) =>
              g.conditions.map((c) => (
                <tr key={c.condition} data-testid="robustness-condition" data-condition={c.condition} data-group={g.group} data-accuracy={c.accuracy.toFixed(4)}>
                  <th scope="row" className="text-left font-normal">
                    {g.label}: {c.label}
                  </th>
                  <td className="text-right">{pct(c.accuracy)}</td>
                  <td className="text-right text-slate-600">{c.noHand > 0 ? `no hand found in ${c.noHand} of ${c.images}` : `${c.images} scenes`}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </details>
    </>
  );
}

function points(change: number): string {
  return change === 0 ? '±0 points' : `${change > 0 ? '+' : '−'}${Math.abs(change)} points`;
}
