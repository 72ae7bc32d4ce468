'use client';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AblationCell, RecallTable } from '@/lib/ablation';
import { groupByClassFolder } from '@/lib/dataset';
import { buttonClass, FileButton, Notice, NumericCells, Panel, RunStatus } from './ui';

/** The table's columns: photos per class trained on (null = the whole training folder). */
const PER_CLASS = [10, 30, null] as const;
/** The robustness part trains each default four times over; 30 per class adds little to 10 and all. */
const ROBUSTNESS_PER_CLASS = [10, null] as const;

interface ConfigRow {
  readonly id: string;
  readonly label: string;
}

/** A picked folder and what it holds, by class subfolder. */
interface PickedFolder {
  readonly files: File[];
  readonly classes: readonly string[];
  readonly images: number;
}

/** What a started run has measured so far, and on what. */
interface Measured {
  /** Null until lib/ablation has loaded. */
  readonly configs: readonly ConfigRow[] | null;
  readonly cells: readonly AblationCell[];
  readonly heldOutImages: number;
  /** Facts the run reported beside its cells. */
  readonly notes: readonly string[];
  /** The TF.js backend's label, once chosen. */
  readonly engine: string | null;
  /** The recall part's table, once its first set is measured. */
  readonly recall: RecallTable | null;
}

type RunState =
  | { readonly phase: 'idle'; readonly stopped: boolean }
  | ({ readonly phase: 'running'; readonly line: string | null } & Measured)
  | ({ readonly phase: 'done'; readonly seconds: number } & Measured)
  | ({ readonly phase: 'error'; readonly message: string } & Measured);

/**
 * "Transfer-learning ablation": trains each row of `ABLATION_CONFIGS` on 10, 30 and all photos per
 * class of a training folder and measures accuracy on a held-out folder. TF.js, the models and
 * lib/ablation are imported only when a run starts, so the page renders on the server without
 * touching WebGL or WASM. `autoStart` (the `?auto=1` URL) starts a run once both folders are chosen.
 */
/**
 * Which ablation: the transfer-learning tips, the hand-focus input modes (MediaPipe hand crops and
 * landmarks), the recall of the still-image hand search try by try (no training: both folders'
 * photos are searched for their hand), or the old and new default fused recipes on a harder set.
 */
export type AblationPart = 'tips' | 'hand' | 'recall' | 'robust';

const TITLES: Readonly<Record<AblationPart, string>> = {
  tips: 'Transfer-learning ablation',
  hand: 'Hand-focus ablation',
  recall: 'Finding the hand',
  robust: 'Robustness: old and new default',
};

/** The recall part's harder set: photos per class moved into scenes, and hand-free scenes for false hands. */
export interface RecallSizes {
  readonly harderPerClass: number;
  readonly handFree: number;
}

export function AblationRunner({
  seed,
  part = 'tips',
  rows,
  recallSizes = { harderPerClass: 10, handFree: 200 },
  autoStart = false,
}: {
  seed: number;
  part?: AblationPart;
  rows?: readonly string[];
  recallSizes?: RecallSizes;
  autoStart?: boolean;
}) {
  const [training, setTraining] = useState<PickedFolder | null>(null);
  const [heldOut, setHeldOut] = useState<PickedFolder | null>(null);
  const [state, setState] = useState<RunState>({ phase: 'idle', stopped: false });
  const [hydrated, setHydrated] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const autoStarted = useRef(false);

  const problem = folderProblem(training, heldOut);
  const running = state.phase === 'running';
  const ready = hydrated && !running && training !== null && heldOut !== null && problem === null;

  const run = useCallback(async () => {
    if (controller.current || !training || !heldOut) return;
    const abort = new AbortController();
    controller.current = abort;
    const started = performance.now();
    let configs: readonly ConfigRow[] | null = null;
    let engine: string | null = null;
    let recall: RecallTable | null = null;
    const cells: AblationCell[] = [];
    const notes: string[] = [];
    const measured = (): Measured => ({ configs, cells: [...cells], notes: [...notes], heldOutImages: heldOut.images, engine, recall });
    let line: string | null = null;
    const show = () => setState({ phase: 'running', line, ...measured() });
    show();
    try {
      const [ablation, tf] = await Promise.all([import('@/lib/ablation'), import('@/lib/tf')]);
      configs = (
        part === 'hand'
          ? ablation.HAND_FOCUS_CONFIGS
          : part === 'robust'
            ? ablation.ROBUSTNESS_CONFIGS
            : part === 'recall'
              ? []
              : ablation.ABLATION_CONFIGS.filter((c) => !rows || rows.includes(c.id))
      ).map(({ id, label }) => ({ id, label }));
      line = 'Choosing the fastest engine on this device';
      show();
      engine = tf.BACKEND_LABELS[(await tf.initBackend('auto')).active];
      let tracker: { close(): void } | null = null;
      const common = {
        trainFiles: training.files,
        ...(rows ? { rows } : {}),
        heldOutFiles: heldOut.files,
        perClass: part === 'robust' ? ROBUSTNESS_PER_CLASS : PER_CLASS,
        seed,
        signal: abort.signal,
        onProgress: (next: string) => {
          line = next;
          show();
        },
        onCell: (cell: AblationCell) => {
          cells.push(cell);
          show();
        },
        onNote: (note: string) => {
          notes.push(note);
          show();
        },
      };
      try {
        if (part === 'hand' || part === 'recall' || part === 'robust') {
          line = 'Loading the hand model';
          show();
          const hand = await (await import('@/lib/hand')).loadHandTracker();
          tracker = hand;
          if (part === 'hand') await ablation.runHandFocusAblation({ ...common, tracker: hand });
          else if (part === 'robust') await ablation.runRobustnessAblation({ ...common, tracker: hand });
          else {
            const onTable = (table: RecallTable) => {
              recall = table;
              show();
            };
            await ablation.runRecall({ ...common, ...recallSizes, files: [...training.files, ...heldOut.files], tracker: hand, onTable });
          }
        } else {
          await ablation.runAblation(common);
        }
      } finally {
        tracker?.close();
      }
      setState({ phase: 'done', seconds: (performance.now() - started) / 1000, ...measured() });
    } catch (error) {
      if (abort.signal.aborted) setState({ phase: 'idle', stopped: true });
      else setState({ phase: 'error', message: error instanceof Error ? error.message : String(error), ...measured() });
    } finally {
      controller.current = null;
    }
  }, [training, heldOut, seed, part, rows, recallSizes]);

  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    if (!autoStart || !ready || autoStarted.current) return;
    // A timeout rather than starting here: React's development double-mount clears the first one.
    const timer = setTimeout(() => {
      autoStarted.current = true;
      void run();
    }, 0);
    return () => clearTimeout(timer);
  }, [autoStart, ready, run]);
  useEffect(() => () => controller.current?.abort(), []);

  const pick = (set: (folder: PickedFolder) => void) => (files: File[]) => set(describeFolder(files));

  return (
    <div className="min-h-screen bg-slate-50">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3">
        <div>
          <h1 className="text-xl font-bold text-slate-900">{TITLES[part]}</h1>
          <p className="text-xs text-slate-600">What each transfer-learning tip adds, measured on your photos. Everything stays on this device.</p>
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
              <button type="button" className={buttonClass('primary')} disabled={!ready} onClick={run}>
                Run ablation
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
            {part === 'robust' && (
              <p>
                This run compares the default fused mode before and after part 6: both train a new head on the frozen MobileNet 0.25 with the hand crop
                and its landmarks and four augmented views per photo; the new default searches photos with every try of the new hand search (the
                old one only as they are and with margins) and shows the hand in front of a generated background in half of the views. Both are measured on the held-out photos and on a harder set made from them: each hand cut out along its landmarks and shown in
                front of other backgrounds, cut by each edge of the frame, at a quarter of the size, turned 30°, and in darker, brighter or coloured
                light. A photo or scene in which no hand is found counts as a miss. (The text below describes the transfer-learning run.)
              </p>
            )}
            {part === 'recall' && (
              <p>
                This run trains nothing: it measures how often the still-image hand search finds the hand, try by try (each row is the search stopped
                after that try), on every photo of both folders, on {recallSizes.harderPerClass} photos per class moved into harder scenes (other
                backgrounds, cut by each edge, a quarter of the size, turned, other light) and on {recallSizes.handFree} hand-free scenes, where every
                hand found is a false one. The last row is the search stills had before (as is, then margins), run separately on the same images. (The
                text below describes the transfer-learning run, <code>?part=tips</code>.)
              </p>
            )}
            {part === 'hand' && (
              <p>
                This run compares the input modes instead: the whole frame, a crop around the hand found by MediaPipe&apos;s hand landmarker, the 21 hand
                landmarks alone, and the crop fused with the landmarks, each with a new head on the frozen MobileNet 0.25 and augmented views. Each mode is
                also measured on the held-out photos pasted at random places and sizes onto new backgrounds. A photo in which no hand is found counts as
                a miss. (The text below describes the transfer-learning run, <code>?part=tips</code>.)
              </p>
            )}
            <p>
              Each row keeps everything in the row above and adds one of the course&apos;s transfer-learning tips: a new head trained on the frozen,
              ImageNet-pretrained MobileNet 0.25; then augmented views of every training photo (zoom, rotation, lighting and colour changes); then
              fine-tuning the backbone&apos;s top block at a learning rate ten times below the head&apos;s; then the larger MobileNet 0.75 as the backbone.
              Everything runs on this device, in this tab: no photo, number or result is uploaded or sent anywhere.
            </p>
            <p>
              The columns train on 10, 30 or all photos per class of the training folder (picked with seed {seed}), and each cell is the accuracy on the
              held-out folder, which no model trains on, with the seconds spent training in brackets. Both folders need one subfolder per class with the same
              names. A run is slow (the larger backbone and fine-tuning can take an hour on a laptop processor), so keep the tab visible while it runs.
            </p>
          </div>
        </Panel>

        <Panel title="Folders">
          <div className="grid gap-4 sm:grid-cols-2">
            <FolderPicker label="Training folder" folder={training} disabled={!hydrated || running} onFiles={pick(setTraining)} />
            <FolderPicker label="Held-out folder" folder={heldOut} disabled={!hydrated || running} onFiles={pick(setHeldOut)} />
          </div>
          {problem && (
            <div className="mt-3">
              <Notice tone="warning">{problem}</Notice>
            </div>
          )}
        </Panel>

        <RunStatus
          name="ablation"
          phase={state.phase}
          text={statusText(state)}
          progress={state.phase === 'running' && part !== 'recall' ? { label: 'Ablation progress', done: state.cells.length, total: (state.configs?.length ?? 0) * PER_CLASS.length } : null}
          error={state.phase === 'error' ? state.message : null}
        />

        {state.phase !== 'idle' && state.configs && (
          <Panel title="Results">
            <div className="space-y-3">
              {part === 'recall' ? (
                state.recall && <PlainTable table={state.recall} />
              ) : (
                <ResultTable configs={state.configs} cells={state.cells} heldOut={state.heldOutImages} />
              )}
              {state.notes.length > 0 && (
                <ul data-testid="ablation-notes" className="list-disc pl-5 text-sm text-slate-700">
                  {state.notes.map((note) => (
                    <li key={note}>{note}</li>
                  ))}
                </ul>
              )}
              {state.engine && (
                <p className="text-sm text-slate-700">
                  Engine: <span data-testid="ablation-engine">{state.engine}</span>
                </p>
              )}
              {state.cells.length > 0 && (
                <details className="rounded-lg border border-slate-200 p-2 text-sm">
                  <summary className="cursor-pointer text-slate-800">{state.phase === 'error' ? 'Cells measured before the error (JSON)' : state.phase === 'running' ? 'Cells measured so far (JSON)' : 'Raw result (JSON)'}</summary>
                  <pre data-testid="ablation-result" className="mt-2 overflow-x-auto rounded bg-slate-100 p-2 text-xs">
                    {JSON.stringify(state.cells, null, 2)}
                  </pre>
                </details>
              )}
            </div>
          </Panel>
        )}
      </main>
    </div>
  );
}

function FolderPicker({ label, folder, disabled, onFiles }: { label: string; folder: PickedFolder | null; disabled: boolean; onFiles: (files: File[]) => void }) {
  return (
    <div className="space-y-1">
      <FileButton label={label} folder disabled={disabled} onFiles={onFiles} />
      <p className="text-xs text-slate-600">
        {folder ? `${folder.images.toLocaleString('en')} images in ${folder.classes.length} class folders (${folder.classes.join(', ')})` : 'None chosen yet.'}
      </p>
    </div>
  );
}

function describeFolder(files: File[]): PickedFolder {
  const { groups } = groupByClassFolder(files);
  return { files, classes: [...groups.keys()], images: [...groups.values()].reduce((sum, list) => sum + list.length, 0) };
}

/** Why the chosen folders cannot be compared, in words; null when they can (or are not both chosen). */
function folderProblem(training: PickedFolder | null, heldOut: PickedFolder | null): string | null {
  if (training && training.classes.length < 2) {
    return 'The training folder needs at least two subfolders of images, one per class (for example train/thumbs-up/photo.png); choose another folder.';
  }
  if (!training || !heldOut) return null;
  const known = new Set(training.classes.map((name) => name.toLowerCase()));
  if (!heldOut.classes.some((name) => known.has(name.toLowerCase()))) {
    return `None of the held-out folder's subfolders is named after a training class (${training.classes.join(', ')}); rename them to match or choose another folder.`;
  }
  return null;
}

function statusText(state: RunState): string {
  switch (state.phase) {
    case 'idle':
      return state.stopped ? 'Stopped. Nothing was kept; run it again whenever you like.' : 'Not run yet. Choose both folders, then run the ablation.';
    case 'running':
      return state.line ? `${state.line}…` : 'Loading TensorFlow.js…';
    case 'done':
      return `Finished in ${formatDuration(state.seconds)}.`;
    case 'error':
      return 'The ablation could not finish.';
  }
}

function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.round(seconds)} s`;
}

/** "97.1% (12.3 s)": held-out accuracy, then seconds spent training. */
function formatCell(cell: AblationCell): string {
  return `${(cell.accuracy * 100).toFixed(1)}% (${cell.trainSeconds.toFixed(1)} s)`;
}

function ResultTable({ configs, cells, heldOut }: { configs: readonly ConfigRow[]; cells: readonly AblationCell[]; heldOut: number }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="mb-2 text-left text-slate-700">
          Accuracy on the {heldOut.toLocaleString('en')} held-out images, with training time in brackets (embedding the photos, done once per backbone and
          shared by its rows, is not counted).
        </caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-1 pr-3 font-semibold">
              Recipe
            </th>
            {PER_CLASS.map((perClass) => (
              <th key={String(perClass)} scope="col" className="py-1 pr-3 text-right font-semibold">
                {perClass === null ? 'All per class' : `${perClass} per class`}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {configs.map((config) => (
            <tr key={config.id} className="border-b border-slate-200">
              <th scope="row" className="py-2 pr-3 text-left font-medium text-slate-900">
                {config.label}
              </th>
              {PER_CLASS.map((perClass) => {
                const cell = cells.find((c) => c.config === config.id && c.perClass === perClass);
                return (
                  <td
                    key={String(perClass)}
                    className="py-2 pr-3 text-right tabular-nums whitespace-nowrap"
                    title={cell ? `${cell.trainSamples} training photos; weights kept from epoch ${cell.bestEpoch}` : undefined}
                  >
                    {cell ? formatCell(cell) : '—'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A table of text cells, first column as row headers. */
function PlainTable({ table }: { table: RecallTable }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="mb-2 text-left text-slate-700">Hands found, per cent of each set&apos;s images, by the search stopped after each try.</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            {table.header.map((label) => (
              <th key={label} scope="col" className="py-1 pr-3 font-semibold">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map(([name, ...cells]) => (
            <tr key={name} className="border-b border-slate-200">
              <th scope="row" className="py-2 pr-3 text-left font-medium text-slate-900">
                {name}
              </th>
              <NumericCells cells={cells} keys={table.header.slice(1)} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
