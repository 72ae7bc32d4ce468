'use client';
import { TRAIN_PARAM_LIMITS, type TrainParams } from '@/lib/train';
import type { TrainingControls } from '@/lib/hooks';
import { buttonClass, Notice, Panel, ProgressBar } from './ui';

const FIELDS: readonly { key: keyof typeof TRAIN_PARAM_LIMITS; label: string; step: number; help: string }[] = [
  { key: 'epochs', label: 'Epochs', step: 1, help: 'Passes over your samples.' },
  { key: 'batchSize', label: 'Batch size', step: 1, help: 'Samples per weight update.' },
  { key: 'learningRate', label: 'Learning rate', step: 0.0001, help: "Adam's step size." },
  { key: 'hiddenUnits', label: 'Hidden units', step: 1, help: '0 trains a plain softmax on the embedding.' },
  { key: 'validationFraction', label: 'Validation share', step: 0.05, help: 'Share of each class held out to check the model.' },
];

export interface TrainPanelProps {
  readonly training: TrainingControls;
  readonly params: TrainParams;
  readonly onParams: (params: TrainParams) => void;
  readonly onTrain: () => void;
  readonly disabledReason: string | null;
  readonly staleReason: string | null;
}

export function TrainPanel({ training, params, onParams, onTrain, disabledReason, staleReason }: TrainPanelProps) {
  const last = training.history[training.history.length - 1];
  const running = training.phase === 'training';
  return (
    <Panel
      title="Train"
      actions={
        running ? (
          <button type="button" className={buttonClass('danger')} onClick={training.cancel}>
            Cancel training
          </button>
        ) : (
          <button type="button" className={buttonClass('primary')} onClick={onTrain} disabled={disabledReason !== null} title={disabledReason ?? undefined}>
            Train
          </button>
        )
      }
    >
      <div data-testid="train-status" data-state={training.phase} className="space-y-2 text-sm" aria-live="polite">
        {running && <ProgressBar label="Training" done={last?.epoch ?? 0} total={params.epochs} />}
        {last && (
          <p className="tabular-nums text-slate-700">
            Epoch {last.epoch}/{last.epochs} · loss {last.loss.toFixed(3)} · accuracy {pct(last.accuracy)}
            {last.validationAccuracy !== null && ` · validation accuracy ${pct(last.validationAccuracy)}`}
          </p>
        )}
        {training.phase === 'trained' && training.durationMs !== null && (
          <p className="text-emerald-700">
            Trained on {training.trainedOnSamples} samples in {(training.durationMs / 1000).toFixed(1)} s. Show your gestures to the camera.
          </p>
        )}
        {training.phase === 'idle' && !disabledReason && <p className="text-slate-600">Ready: press Train. It takes seconds, on this device.</p>}
        {disabledReason && !running && <p className="text-slate-600">{disabledReason}</p>}
        {staleReason && <Notice tone="warning">{staleReason}</Notice>}
        {training.message && <Notice tone={training.phase === 'error' ? 'error' : 'info'}>{training.message}</Notice>}
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
        </div>
      </details>
    </Panel>
  );
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
