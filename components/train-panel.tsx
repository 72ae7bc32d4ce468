'use client';
import { useState, type ReactNode } from 'react';
import { augmentCost, describeAugment, MAX_AUGMENT_VIEWS, type AugmentSettings } from '@/lib/augment';
import { exportTrainedModel, modelBundleFileName } from '@/lib/export';
import { downloadBlob } from '@/lib/hooks';
import { FROM_STUDIO, handOverBundle } from '@/lib/player';
import type { SavedMotionModel } from '@/lib/motion';
import type { StudioState } from '@/lib/studio';
import type { TrainedModel } from '@/lib/pipeline';
import type { StrategyChoice } from '@/lib/pipeline';
import { STRATEGY_LABELS, TRAIN_PARAM_LIMITS, type RangedTrainParam, type Strategy, type StrategyKind, type TrainParams, type Fusion } from '@/lib/train';
import { useAnnounceChange } from './live-announcer';
import { TipsSummary } from './tips-summary';
import { TrainingCurves } from './training-curves';
import { buttonClass, Notice, Panel, ProgressBar } from './ui';

const FIELDS: readonly { key: RangedTrainParam; label: string; step: number; help: string }[] = [
  { key: 'epochs', label: 'Epochs', step: 1, help: 'Most passes over your samples.' },
  { key: 'batchSize', label: 'Batch size', step: 1, help: 'Samples per weight update.' },
  { key: 'learningRate', label: 'Learning rate', step: 0.0001, help: "The head's Adam step size; fine-tuned blocks use a tenth." },
  { key: 'hiddenUnits', label: 'Hidden units', step: 1, help: '0 trains a plain softmax on the embedding.' },
  { key: 'validationFraction', label: 'Validation share', step: 0.05, help: 'Share of each class held out to check the model.' },
  { key: 'patience', label: 'Patience', step: 1, help: 'Epochs without a better validation loss before stopping.' },
];

export interface TrainPanelProps {
  /** The run in progress or the last one, and the model in use. */
  readonly training: Pick<StudioState, 'phase' | 'trained' | 'history' | 'stage' | 'message'>;
  onCancel(): void;
  readonly params: TrainParams;
  readonly onParams: (params: TrainParams) => void;
  readonly strategy: Strategy;
  readonly strategyChoice: StrategyChoice;
  readonly onStrategyChoice: (choice: StrategyChoice) => void;
  readonly augment: AugmentSettings;
  readonly onAugment: (settings: AugmentSettings) => void;
  /** Samples still waiting for their augmented views. */
  readonly pendingViews: number;
  readonly onTrain: () => void;
  /** Why Train cannot run now (a job is running, a class has too few samples…), shown next to it; null when it can. */
  readonly disabledReason: string | null;
  readonly staleReason: string | null;
  /** Whether the trained model fits the current classes, backbone and mode (only then can it be exported). */
  readonly modelFits: boolean;
  /** Shown in *How this model was made* after training: the robustness check. */
  readonly checks?: ReactNode;
  /** The motion model that fits the motion classes as they are, exported beside the pose model; null or left out, none. */
  readonly motionModel?: SavedMotionModel | null;
}

export function TrainPanel(props: TrainPanelProps) {
  const { training, params, onParams, strategy, augment, onAugment } = props;
  const last = training.history[training.history.length - 1];
  const running = training.phase === 'training';
  const trained = training.trained;
  useAnnounceChange(training.phase === 'trained' && trained && trained.history.length > 0 ? `Training finished: trained on ${trained.samples} samples in ${(trained.durationMs / 1000).toFixed(1)} s.` : null);
  return (
    <Panel
      title="Train"
      actions={
        running ? (
          <button type="button" className={buttonClass('danger')} onClick={props.onCancel}>
            Cancel training
          </button>
        ) : (
          <button type="button" className={buttonClass('primary')} onClick={props.onTrain} disabled={props.disabledReason !== null} title={props.disabledReason ?? undefined}>
            Train
          </button>
        )
      }
    >
      <div className="space-y-3 text-sm">
        <fieldset className="space-y-1" disabled={running}>
          <label className="flex flex-wrap items-center gap-2">
            <span className="font-medium text-slate-800">Strategy</span>
            <select
              aria-label="Strategy"
              className="rounded-lg border border-slate-300 px-2 py-1"
              value={props.strategyChoice}
              onChange={(e) => props.onStrategyChoice(e.target.value as StrategyChoice)}
            >
              <option value="auto">Automatic (proposed from your data)</option>
              {(Object.keys(STRATEGY_LABELS) as StrategyKind[]).map((kind) => (
                <option key={kind} value={kind}>
                  {STRATEGY_LABELS[kind]}
                </option>
              ))}
            </select>
          </label>
          <p data-testid="strategy" data-kind={strategy.kind} className="text-slate-600">
            {strategy.reason} Trains: {strategy.trainableLayers.join(', ')}.
          </p>
        </fieldset>
        <fieldset className="space-y-1" disabled={running}>
          <div className="flex flex-wrap items-center gap-3">
            <label className="flex items-center gap-2">
              <span className="font-medium text-slate-800">Augmented views per sample</span>
              <input
                type="number"
                aria-label="Augmented views per sample"
                className="w-16 rounded-lg border border-slate-300 px-2 py-1"
                min={0}
                max={MAX_AUGMENT_VIEWS}
                value={augment.views}
                onChange={(e) => {
                  const views = Math.round(Number(e.target.value));
                  if (Number.isFinite(views)) onAugment({ ...augment, views: Math.min(MAX_AUGMENT_VIEWS, Math.max(0, views)) });
                }}
              />
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={augment.mirror} onChange={(e) => onAugment({ ...augment, mirror: e.target.checked })} />
              Mirror views
            </label>
            <label className="flex items-center gap-2">
              <span className="font-medium text-slate-800">On new backgrounds</span>
              <select
                aria-label="Views on new backgrounds"
                className="rounded-lg border border-slate-300 px-2 py-1"
                value={augment.backgrounds}
                onChange={(e) => onAugment({ ...augment, backgrounds: Number(e.target.value) })}
              >
                {[0, 0.25, 0.5, 0.75, 1].map((share) => (
                  <option key={share} value={share}>
                    {share * 100}% of views
                  </option>
                ))}
              </select>
            </label>
          </div>
          <p className="text-slate-600">
            {describeAugment(augment)}{' '}
            {augment.views > 0 && `Each sample costs ${augmentCost(augment)}x the backbone work of an unaugmented one, once, when it is added.`}
          </p>
          {props.pendingViews > 0 && (
            <p className="text-slate-600" data-testid="pending-views">
              Preparing augmented views: {props.pendingViews} {props.pendingViews === 1 ? 'sample' : 'samples'} left.
            </p>
          )}
        </fieldset>
        <div data-testid="train-status" data-state={training.phase} className="space-y-2">
          {running && training.stage && <ProgressBar label={training.stage.label} done={training.stage.done} total={training.stage.total} />}
          {running && !training.stage && <ProgressBar label="Training" done={last?.epoch ?? 0} total={params.epochs} />}
          {last && (
            <p className="tabular-nums text-slate-700">
              Epoch {last.epoch}/{last.epochs} · loss {last.loss.toFixed(3)} · accuracy {pct(last.accuracy)}
              {last.validationAccuracy !== null && ` · validation accuracy ${pct(last.validationAccuracy)}`}
            </p>
          )}
          {training.phase === 'trained' && trained && (
            <p className="text-emerald-700">
              {trained.history.length === 0 ? `Restored from the saved project; trained on ${trained.samples} samples` : `Trained on ${trained.samples} samples in ${(trained.durationMs / 1000).toFixed(1)} s`}
              {trained.stoppedEarly ? `; stopped early and kept epoch ${trained.bestEpoch}, the best on validation` : ''}. Show your gestures to the camera.
            </p>
          )}
          {training.phase === 'idle' && !props.disabledReason && <p className="text-slate-600">Ready: press Train. It runs on this device.</p>}
          {props.disabledReason && !running && <p className="text-slate-600">{props.disabledReason}</p>}
          {props.staleReason && <Notice tone="warning">{props.staleReason}</Notice>}
          {training.message && (
            <Notice tone={training.phase === 'error' ? 'error' : 'info'} announce>
              {training.message}
            </Notice>
          )}
        </div>
        <TrainingCurves history={training.history} bestEpoch={running ? undefined : trained?.bestEpoch} />
        {trained && !running && <TipsSummary trained={trained} params={params}>{props.checks}</TipsSummary>}
        {trained && !running && props.modelFits && <ExportModel trained={trained} motion={props.motionModel ?? null} />}
      </div>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-slate-700">Advanced settings</summary>
        <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-3">
          {FIELDS.map(({ key, label, step, help }) => {
            const [min, max] = TRAIN_PARAM_LIMITS[key];
            return (
              <label key={key} className="flex flex-col gap-1">
                <span className="font-medium text-slate-800">{label}</span>
                <input
                  type="number"
                  className="rounded-lg border border-slate-300 px-2 py-1"
                  min={min}
                  max={max}
                  step={step}
                  value={params[key]}
                  disabled={running}
                  onChange={(e) => {
                    const value = Number(e.target.value);
                    if (Number.isFinite(value)) onParams({ ...params, [key]: Math.min(max, Math.max(min, value)) });
                  }}
                />
                <span className="text-xs text-slate-500">{help}</span>
              </label>
            );
          })}
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={params.earlyStopping} disabled={running} onChange={(e) => onParams({ ...params, earlyStopping: e.target.checked })} />
            Early stopping (keep the best epoch)
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={params.learningRateDecay} disabled={running} onChange={(e) => onParams({ ...params, learningRateDecay: e.target.checked })} />
            Learning-rate decay
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium text-slate-800">Fused input</span>
            <select
              aria-label="Fused input"
              className="rounded-lg border border-slate-300 px-2 py-1"
              value={params.fusion}
              disabled={running}
              onChange={(e) => onParams({ ...params, fusion: e.target.value as Fusion })}
            >
              <option value="concat">One layer over crop + landmarks</option>
              <option value="branches">A branch each, then joined</option>
            </select>
            <span className="text-xs text-slate-500">Fused mode only: how the crop’s embedding and the hand landmarks meet in the head.</span>
          </label>
        </div>
      </details>
    </Panel>
  );
}

type ExportState = { readonly status: 'idle' } | { readonly status: 'busy'; readonly label: string } | { readonly status: 'done'; readonly fileName: string } | { readonly status: 'error'; readonly message: string };

/**
 * Builds the model bundle on this device and downloads it through an object URL, or hands it to the
 * player (/play) through this browser's storage: nothing is uploaded either way.
 */
function ExportModel({ trained, motion }: { readonly trained: TrainedModel; readonly motion: SavedMotionModel | null }) {
  const [state, setState] = useState<ExportState>({ status: 'idle' });
  useAnnounceChange(state.status === 'done' ? `Downloaded ${state.fileName}.` : null);
  const run = async (deliver: (zip: Blob, fileName: string) => Promise<void>) => {
    const date = new Date();
    setState({ status: 'busy', label: 'Preparing the export' });
    try {
      const zip = await exportTrainedModel(trained, { date, motion, onProgress: (label, done, total) => setState({ status: 'busy', label: `${label} (${done}/${total})` }) });
      await deliver(zip, modelBundleFileName(date));
    } catch (error) {
      setState({ status: 'error', message: `The model could not be exported: ${error instanceof Error ? error.message : String(error)}` });
    }
  };
  const download = async (zip: Blob, fileName: string) => {
    downloadBlob(zip, fileName);
    setState({ status: 'done', fileName });
  };
  const openInPlayer = async (zip: Blob, fileName: string) => {
    await handOverBundle(zip, fileName);
    setState({ status: 'busy', label: 'Opening the player' });
    window.location.assign(`/play?${FROM_STUDIO}`);
  };
  return (
    <div className="space-y-1 text-sm">
      <div className="flex flex-wrap gap-2">
        <button type="button" className={buttonClass('secondary')} onClick={() => void run(download)} disabled={state.status === 'busy'}>
          Export model
        </button>
        <button
          type="button"
          className={buttonClass('secondary')}
          title="Try the exported model the way anyone you send it to will: in the player, with nothing but the bundle."
          onClick={() => void run(openInPlayer)}
          disabled={state.status === 'busy'}
        >
          Open in player
        </button>
      </div>
      <div data-testid="export-status" data-state={state.status}>
        {state.status === 'busy' && <p className="text-slate-600">{state.label}…</p>}
        {state.status === 'done' && <p className="text-emerald-700">Downloaded {state.fileName}: the model files{motion ? ' (the motion model too)' : ''}, metadata.json, gesture-model.js and a README with a web page that runs it.</p>}
        {state.status === 'error' && <Notice tone="error">{state.message}</Notice>}
      </div>
    </div>
  );
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
