'use client';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackendName } from '@/lib/tf';
import type { BenchProgress, BenchResult, BenchRow } from '@/lib/bench';
import { buttonClass, FileButton, Notice, NumericCells, Panel, RunStatus } from './ui';

type RunState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running'; readonly progress: BenchProgress | null }
  | {
      readonly phase: 'done';
      readonly result: BenchResult;
      readonly rows: readonly BenchRow[];
      readonly summary: string;
      readonly engineSummary: string;
      readonly threadsSummary: string;
      readonly handNotes: readonly string[];
      readonly report: string;
      readonly leaks: readonly BackendName[];
    }
  | { readonly phase: 'cancelled' }
  | { readonly phase: 'error'; readonly message: string };

/**
 * "Benchmark this device". TF.js, the model and the measuring code are imported only when a run
 * starts, so this page renders on the server without touching WebGL or WASM. `autoStart` (the
 * `?auto=1` URL) starts a run on load. An optional hand photo adds the hand tracker and the fused
 * hand mode to the figures; `npm run bench` picks one before pressing "Run benchmark". The figures go
 * through the ML engine in its worker, as in the studio; `?engine=main` measures it on the page instead.
 */
export function BenchRunner({ autoStart = false }: { autoStart?: boolean }) {
  const [state, setState] = useState<RunState>({ phase: 'idle' });
  const [hydrated, setHydrated] = useState(false);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const controller = useRef<AbortController | null>(null);
  const [handPhoto, setHandPhoto] = useState<File | null>(null);
  // Read through a ref so that choosing a photo does not change `run` (which would re-trigger auto-start).
  const handPhotoRef = useRef<File | null>(null);
  const pickHandPhoto = (files: File[]) => {
    handPhotoRef.current = files[0];
    setHandPhoto(files[0]);
  };

  const run = useCallback(async () => {
    if (controller.current) return;
    const abort = new AbortController();
    controller.current = abort;
    setCopy('idle');
    setState({ phase: 'running', progress: null });
    try {
      const [bench, { RECORD_RATE }, { engineKindFromLocation }] = await Promise.all([import('@/lib/bench'), import('@/lib/live'), import('@/lib/engine')]);
      const result = await bench.runBench({
        recordCapPerSecond: RECORD_RATE,
        engineKind: engineKindFromLocation(window.location.search),
        handPhoto: handPhotoRef.current ?? undefined,
        signal: abort.signal,
        onProgress: (progress) => setState({ phase: 'running', progress }),
      });
      setState({
        phase: 'done',
        result,
        rows: bench.benchRows(result),
        summary: bench.selectionSummary(result),
        engineSummary: bench.engineSummary(result),
        threadsSummary: bench.wasmThreadsSummary(result),
        handNotes: bench.handNotes(result),
        report: bench.formatBenchReport(result),
        leaks: bench.leakingBackends(result),
      });
    } catch (error) {
      if (abort.signal.aborted) setState({ phase: 'cancelled' });
      else setState({ phase: 'error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      controller.current = null;
    }
  }, []);

  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    if (!autoStart) return;
    // A timeout rather than a "started" flag: React's development double-mount clears the first one.
    const timer = setTimeout(run, 0);
    return () => clearTimeout(timer);
  }, [autoStart, run]);
  useEffect(() => () => controller.current?.abort(), []);

  const running = state.phase === 'running';
  const copyReport = (text: string) =>
    navigator.clipboard.writeText(text).then(
      () => setCopy('copied'),
      () => setCopy('failed'),
    );

  return (
    <div className="min-h-screen bg-slate-50">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3">
        <div>
          <h1 className="text-xl font-bold text-slate-900">Benchmark this device</h1>
          <p className="text-xs text-slate-600">How fast Gesture Studio runs here. Everything stays on this device.</p>
        </div>
        <Link href="/" className={buttonClass('secondary')}>
          Back to Gesture Studio
        </Link>
      </header>
      <main className="mx-auto max-w-4xl space-y-4 p-4">
        <Panel
          title="What this measures"
          actions={
            <div className="flex gap-2">
              <FileButton label="Hand photo" disabled={!hydrated || running} onFiles={pickHandPhoto} />
              <button type="button" className={buttonClass('primary')} disabled={!hydrated || running} onClick={run}>
                Run benchmark
              </button>
              {running && (
                <button type="button" className={buttonClass('secondary')} onClick={() => controller.current?.abort()}>
                  Stop
                </button>
              )}
            </div>
          }
        >
          <div className="space-y-2 text-sm text-slate-700">
            <p>
              The benchmark runs the app&apos;s own code where the studio runs it, in its background worker, on each engine this browser offers (WebAssembly on
              the processor, WebGL on the graphics chip): it times the image model alone against the whole per-frame path of the live view, counts how many
              samples recording could capture per second, and times training a classifier on 1,000 samples. It also shows which engine the app picks
              automatically at start-up, and whether that pick was really the fastest. On WebAssembly it times the image model with the processor&apos;s
              cores against a second worker held to one core, in turns.
            </p>
            <p>
              Given a photo of one hand, it also times the hand tracker alone against the whole per-frame path of the fused hand mode (hand tracker, hand
              crop, image model and a classifier that also reads the hand&apos;s landmarks). Without one, those figures are left out.
            </p>
            <p>
              No camera is used: a made-up picture (or your hand photo, shown as a webcam frame) stands in for the webcam, and made-up numbers stand in for
              recorded samples. Nothing is uploaded or sent anywhere; the results stay in this tab. A run takes one to three minutes; keep the tab visible
              while it runs.
            </p>
            <p data-testid="bench-hand-photo" className="text-slate-600">
              {handPhoto ? `Hand photo: ${handPhoto.name}` : 'No hand photo chosen: the hand tracker and fused-loop figures will be skipped.'}
            </p>
          </div>
        </Panel>

        <RunStatus
          name="bench"
          phase={state.phase}
          text={statusText(state)}
          progress={state.phase === 'running' ? { label: 'Benchmark progress', done: state.progress?.step ?? 0, total: state.progress?.steps ?? 0 } : null}
          error={state.phase === 'error' ? state.message : null}
        />

        {state.phase === 'done' && (
          <Panel title="Results">
            <div className="space-y-3">
              <ResultTable result={state.result} rows={state.rows} />
              <p data-testid="bench-engine" className="text-sm text-slate-700">
                {state.engineSummary}
              </p>
              <p className="text-sm text-slate-700">{state.summary}</p>
              <p data-testid="bench-wasm-threads" className="text-sm text-slate-700">
                {state.threadsSummary}
              </p>
              <p className="text-sm text-slate-700">
                The app deliberately records at most {state.result.recordCapPerSecond} samples per second while you hold the record button, so that
                samples are not near-duplicates; the figure above is what the device could do without that cap.
              </p>
              {state.leaks.length > 0 && (
                <Notice tone="warning">
                  Tensors were left behind on {state.leaks.join(' and ')}: the app would slowly use more memory there. Please report this.
                </Notice>
              )}
              {state.result.backends.map((b) =>
                b.status === 'unavailable' ? (
                  <Notice key={b.backend} tone="info">
                    {`${b.backend} was not measured: ${b.reason}.`}
                  </Notice>
                ) : null,
              )}
              {state.handNotes.map((note) => (
                <Notice key={note} tone="info">
                  {note}
                </Notice>
              ))}
              <details className="rounded-lg border border-slate-200 p-2 text-sm">
                <summary className="cursor-pointer text-slate-800">Plain-text report (to paste into an issue)</summary>
                <div className="mt-2 space-y-2">
                  <button type="button" className={buttonClass('secondary')} onClick={() => copyReport(state.report)}>
                    {copy === 'copied' ? 'Copied' : 'Copy report'}
                  </button>
                  {copy === 'failed' && <Notice tone="warning">The browser did not allow copying; select the text below and copy it instead.</Notice>}
                  <pre data-testid="bench-report" className="overflow-x-auto rounded bg-slate-100 p-2 text-xs">
                    {state.report}
                  </pre>
                </div>
              </details>
              <details className="rounded-lg border border-slate-200 p-2 text-sm">
                <summary className="cursor-pointer text-slate-800">Raw result (JSON)</summary>
                <pre data-testid="bench-result" className="mt-2 overflow-x-auto rounded bg-slate-100 p-2 text-xs">
                  {JSON.stringify(state.result, null, 2)}
                </pre>
              </details>
            </div>
          </Panel>
        )}
      </main>
    </div>
  );
}

function statusText(state: RunState): string {
  switch (state.phase) {
    case 'idle':
      return 'Not run yet.';
    case 'running':
      return state.progress ? `Step ${state.progress.step} of ${state.progress.steps}: ${state.progress.label}…` : 'Loading TensorFlow.js…';
    case 'done':
      return 'Finished.';
    case 'cancelled':
      return 'Stopped. Nothing was kept; run it again whenever you like.';
    case 'error':
      return 'The benchmark could not finish.';
  }
}

function ResultTable({ result, rows }: { result: BenchResult; rows: readonly BenchRow[] }) {
  const backends = result.backends.filter((b) => b.status === 'measured').map((b) => b.backend);
  if (backends.length === 0) return null;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="mb-2 text-left text-slate-700">
          {result.backboneLabel} on each engine; times are medians after warm-up. Fastest measured: {result.fastest ?? 'none'}.
        </caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-1 pr-3 font-semibold">
              Figure
            </th>
            {backends.map((name) => (
              <th key={name} scope="col" className="py-1 pr-3 text-right font-semibold">
                {name}
                {name === result.auto.chose ? ' (auto)' : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.figure} className="border-b border-slate-200 align-top">
              <th scope="row" className="py-2 pr-3 text-left font-normal">
                <span className="block font-medium text-slate-900">{row.figure}</span>
                <span className="block text-xs text-slate-600">{row.meaning}</span>
              </th>
              <NumericCells cells={row.cells} keys={backends} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
