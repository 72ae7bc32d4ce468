'use client';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { BackboneInfo } from '@/lib/backbone';
import { formatCount, headTable, mobileNetV1Table, separableSavings, type LayerRow, type NetworkTable } from '@/lib/cnn';
import { checkAgainstModel, headShapeOf, type LayerCheck, type MeasuredLayer } from '@/lib/features';
import type { TrainedModel } from '@/lib/pipeline';
import { NetworkTableView } from './network-table';

export interface ArchitectureViewProps {
  readonly backbone: BackboneInfo;
  /** The loaded Keras model's layers to check the computed rows against; null while it loads or when it cannot. */
  readonly modelLayers: readonly MeasuredLayer[] | null;
  readonly modelPhase: 'idle' | 'loading' | 'ready' | 'error';
  readonly trained: TrainedModel | null;
  /** More of the project's networks, after the head (the motion network). */
  readonly after?: ReactNode;
}

/** Layers that only rescale or clip: hidden by default so the convolutions stand out; their parameters stay in the totals. */
const PER_CHANNEL_TYPES = new Set(['BatchNormalization', 'Activation']);

/**
 * The active backbone and the trained head, layer by layer, computed with the chapter's formulas
 * (lib/cnn) and checked against the real model once it is loaded.
 */
export function ArchitectureView({ backbone, modelLayers, modelPhase, trained, after }: ArchitectureViewProps) {
  const table = useMemo(() => mobileNetV1Table(backbone.alpha, backbone.inputSize), [backbone.alpha, backbone.inputSize]);
  const [everyLayer, setEveryLayer] = useState(false);
  const rows = everyLayer ? table.rows : table.rows.filter((r) => !PER_CHANNEL_TYPES.has(r.type));
  const checks = useMemo(() => (modelLayers ? checkAgainstModel(table.rows, modelLayers) : null), [table, modelLayers]);
  const matched = checks ? [...checks.values()].filter((c) => c.status === 'match').length : 0;

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        The backbone in use, {backbone.label}, layer by layer. Every number below is computed from the layer sizes with the chapter&apos;s formulas: output size (N + 2P − F) / S + 1, parameters F·F·C<sub>in</sub>·C
        <sub>out</sub> (depthwise: F·F·C), multiply-adds per output value times the outputs. The embedding the head reads is conv_pw_13_relu, averaged over its{' '}
        {table.rows.find((r) => r.name === 'conv_pw_13')?.outputShape.slice(0, 2).join('x')} grid.
      </p>
      <p className="text-sm" data-testid="architecture-check" data-state={checks ? 'checked' : modelPhase} data-matched={matched} data-total={table.rows.length}>
        {checks
          ? `Checked against the loaded Keras model: ${matched} of ${table.rows.length} layers have the computed output shape and parameter count.`
          : modelPhase === 'error'
            ? 'The Keras model could not be loaded, so the table is not checked against it.'
            : 'Loading the Keras model to check the table against…'}
      </p>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={everyLayer} onChange={(e) => setEveryLayer(e.target.checked)} />
        Show the batch-norm and ReLU6 layers too
      </label>
      <NetworkTableView
        table={table}
        rows={rows}
        testId="architecture-table"
        caption={
          <>
            {table.name}: {rows.length} of {table.rows.length} layers shown{everyLayer ? '' : ' (batch norm and ReLU6 hidden; the totals count them)'}
          </>
        }
        extra={checks ? { heading: 'Model', cell: (row) => <CheckCell check={checks.get(row.name)} /> } : undefined}
      />
      <ul className="list-disc space-y-1 pl-5 text-xs text-slate-600">
        {table.notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
      <SeparableSavingsTable alpha={backbone.alpha} inputSize={backbone.inputSize} />
      <HeadSection trained={trained} embeddingRows={table.rows} />
      {after}
    </div>
  );
}

function CheckCell({ check }: { check: LayerCheck | undefined }) {
  if (!check || check.status === 'absent') return <span className="text-slate-500">not in model</span>;
  if (check.status === 'match') return <span className="text-emerald-700" aria-label="matches the model">✓</span>;
  return (
    <span className="text-rose-700">
      ✗ model: {check.actual.outputShape.join('x')}, {formatCount(check.actual.params)}
    </span>
  );
}

const SAVINGS_COLUMNS = ['Block', 'Depthwise MACs', 'Pointwise MACs', 'Standard 3x3 MACs', 'MACs saved', 'Standard 3x3 parameters', 'Parameters saved'] as const;

/** What each depthwise-separable block costs against the standard 3x3 convolution it replaces. */
function SeparableSavingsTable({ alpha, inputSize }: { alpha: number; inputSize: number }) {
  const savings = useMemo(() => separableSavings(alpha, inputSize), [alpha, inputSize]);
  return (
    <div role="region" aria-label="Depthwise-separable savings" tabIndex={0} className="max-h-80 overflow-auto rounded-lg border border-slate-200">
      <table className="w-full border-collapse text-xs" data-testid="separable-savings">
        <caption className="px-2 py-1 text-left text-sm text-slate-700">
          Each block&apos;s depthwise 3x3 + pointwise 1x1 against one standard 3x3 convolution with the same input, output and stride: the cost falls to 1/C<sub>out</sub> + 1/9.
        </caption>
        <thead>
          <tr>
            {SAVINGS_COLUMNS.map((c, i) => (
              <th key={c} scope="col" className={`sticky top-0 bg-slate-100 px-2 py-1 font-semibold text-slate-700 ${i === 0 ? 'text-left' : 'text-right'}`}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {savings.map((s) => (
            <tr key={s.block} data-block={s.block} className="border-b border-slate-100 text-right tabular-nums odd:bg-white even:bg-slate-50">
              <th scope="row" className="px-2 py-0.5 text-left font-mono font-normal">
                conv_dw_{s.block} + conv_pw_{s.block}
              </th>
              <td className="px-2 py-0.5">{formatCount(s.depthwiseMacs)}</td>
              <td className="px-2 py-0.5">{formatCount(s.pointwiseMacs)}</td>
              <td className="px-2 py-0.5">{formatCount(s.standardMacs)}</td>
              <td className="px-2 py-0.5">{(1 / s.macRatio).toFixed(1)}x fewer</td>
              <td className="px-2 py-0.5">{formatCount(s.standardParams)}</td>
              <td className="px-2 py-0.5">{(1 / s.paramRatio).toFixed(1)}x fewer</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The trained head's layers, read from the head that really runs (its saved topology). */
function HeadSection({ trained, embeddingRows }: { trained: TrainedModel | null; embeddingRows: readonly LayerRow[] }) {
  const head = trained?.model.head ?? null;
  const [table, setTable] = useState<NetworkTable | null>(null);
  useEffect(() => {
    setTable(null);
    if (!head) return;
    let cancelled = false;
    head.save().then(
      (artifacts) => {
        const shape = headShapeOf(artifacts.modelTopology, head.embeddingSize, head.classNames.length);
        if (!cancelled && shape) setTable(headTable(shape));
      },
      // Only a head replaced (and disposed) while saving fails here; the next head's table follows.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [head]);
  const pooled = embeddingRows.find((r) => r.type === 'GlobalAveragePooling2D');

  return (
    <section aria-label="Trained head" className="space-y-2">
      <h3 className="text-sm font-semibold text-slate-900">Trained head</h3>
      {!trained && <p className="text-sm text-slate-600">Train a model to see the head it adds on top of the {pooled ? `${pooled.outputShape[0]}-value ` : ''}embedding.</p>}
      {trained && !head && (
        <p className="text-sm text-slate-600">
          This model fine-tuned the backbone&apos;s last {trained.strategy.trainableBlocks === 1 ? 'block' : `${trained.strategy.trainableBlocks} blocks`}: those layers above were trained too, and a
          classifier reads their pooled output.
        </p>
      )}
      {table && (
        <>
          <NetworkTableView table={table} testId="head-table" caption={`${table.name}: ${head?.classNames.length ?? 0} classes (${head?.classNames.join(', ')})`} />
          <ul className="list-disc pl-5 text-xs text-slate-600">
            {table.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
