'use client';
import type { EpochReport } from '@/lib/train';

export interface TrainingCurvesProps {
  readonly history: readonly EpochReport[];
  /** The epoch whose weights the trained head keeps; marked on both charts when given. */
  readonly bestEpoch?: number;
}

/**
 * Loss and accuracy per epoch, training (solid) against validation (dashed), as two small SVG charts
 * that redraw as reports arrive. Each chart is one image to assistive technology, labelled with the
 * latest values; a visually hidden table holds every epoch's figures. Renders nothing before the
 * first epoch.
 */
export function TrainingCurves({ history, bestEpoch }: TrainingCurvesProps) {
  if (history.length === 0) return null;
  const last = history[history.length - 1];
  const epochs = history.map((r) => r.epoch);
  const lastEpoch = Math.max(...epochs);
  const hasValidation = history.some((r) => r.validationLoss !== null);
  const best = bestEpoch !== undefined && Number.isInteger(bestEpoch) && bestEpoch >= 1 && bestEpoch <= lastEpoch ? bestEpoch : null;
  const progress = `epoch ${last.epoch} of ${last.epochs}`;
  const bestNote = best === null ? '' : `; best epoch ${best}`;

  const losses = history.flatMap((r) => [r.loss, r.validationLoss ?? Number.NaN]);
  const lossAxis = niceAxis(Math.max(0, ...losses.filter(Number.isFinite)));
  const lossLabel =
    `Loss per epoch, ${progress}: training ${formatLoss(last.loss)}` +
    (last.validationLoss === null ? '' : `, validation ${formatLoss(last.validationLoss)}`) +
    `${bestNote}.`;
  const accuracyLabel =
    `Accuracy per epoch, ${progress}: training ${formatPercent(last.accuracy)}` +
    (last.validationAccuracy === null ? '' : `, validation ${formatPercent(last.validationAccuracy)}`) +
    `${bestNote}.`;

  return (
    <div data-testid="training-curves" className="space-y-2">
      <Legend hasValidation={hasValidation} best={best} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Chart
          title="Loss"
          caption="Loss (lower is better)"
          label={lossLabel}
          epochs={epochs}
          lastEpoch={lastEpoch}
          best={best}
          axis={lossAxis}
          format={(v) => trimNumber(v)}
          training={history.map((r) => r.loss)}
          validation={hasValidation ? history.map((r) => r.validationLoss) : null}
        />
        <Chart
          title="Accuracy"
          caption="Accuracy (higher is better)"
          label={accuracyLabel}
          epochs={epochs}
          lastEpoch={lastEpoch}
          best={best}
          axis={{ max: 1, ticks: [0, 0.25, 0.5, 0.75, 1] }}
          format={(v) => `${Math.round(v * 100)}%`}
          training={history.map((r) => r.accuracy)}
          validation={hasValidation ? history.map((r) => r.validationAccuracy) : null}
        />
      </div>
      {/* A table ignores the 1 px width sr-only gives it and would widen a phone's page; a block clips it. */}
      <div className="sr-only">
        <table>
          <caption>Training figures per epoch{best === null ? '' : ` (best epoch ${best})`}</caption>
          <thead>
            <tr>
              <th scope="col">Epoch</th>
              <th scope="col">Training loss</th>
              {hasValidation && <th scope="col">Validation loss</th>}
              <th scope="col">Training accuracy</th>
              {hasValidation && <th scope="col">Validation accuracy</th>}
            </tr>
          </thead>
          <tbody>
            {history.map((r) => (
              <tr key={r.epoch}>
                <th scope="row">{r.epoch}</th>
                <td>{formatLoss(r.loss)}</td>
                {hasValidation && <td>{r.validationLoss === null ? '—' : formatLoss(r.validationLoss)}</td>}
                <td>{formatPercent(r.accuracy)}</td>
                {hasValidation && <td>{r.validationAccuracy === null ? '—' : formatPercent(r.validationAccuracy)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

// Chart geometry, in viewBox units; the SVG scales to its container's width.
const WIDTH = 320;
const HEIGHT = 180;
const MARGIN = { top: 12, right: 12, bottom: 34, left: 44 } as const;
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;

interface Axis {
  readonly max: number;
  readonly ticks: readonly number[];
}

interface ChartProps {
  /** Also the y axis's label. */
  readonly title: string;
  readonly caption: string;
  readonly label: string;
  readonly epochs: readonly number[];
  readonly lastEpoch: number;
  readonly best: number | null;
  readonly axis: Axis;
  readonly format: (value: number) => string;
  readonly training: readonly number[];
  readonly validation: readonly (number | null)[] | null;
}

function Chart({ title, caption, label, epochs, lastEpoch, best, axis, format, training, validation }: ChartProps) {
  // One epoch still gets a span to draw on, so its point sits at the left edge rather than mid-air.
  const x = linearScale([1, Math.max(2, lastEpoch)], [MARGIN.left, MARGIN.left + PLOT_WIDTH]);
  const y = linearScale([0, axis.max], [MARGIN.top + PLOT_HEIGHT, MARGIN.top]);
  const xTicks = epochTicks(lastEpoch);
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-xs font-medium text-slate-700">{caption}</figcaption>
      <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full overflow-visible">
        {axis.ticks.map((t) => (
          <g key={t}>
            <line x1={MARGIN.left} x2={MARGIN.left + PLOT_WIDTH} y1={y(t)} y2={y(t)} className={t === 0 ? 'stroke-slate-400' : 'stroke-slate-200'} />
            <text x={MARGIN.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle" className="fill-slate-500 text-[10px] tabular-nums">
              {format(t)}
            </text>
          </g>
        ))}
        <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={MARGIN.top + PLOT_HEIGHT} className="stroke-slate-400" />
        {xTicks.map((t) => (
          <text key={t} x={x(t)} y={MARGIN.top + PLOT_HEIGHT + 14} textAnchor="middle" className="fill-slate-500 text-[10px] tabular-nums">
            {t}
          </text>
        ))}
        <text x={MARGIN.left + PLOT_WIDTH / 2} y={HEIGHT - 4} textAnchor="middle" className="fill-slate-600 text-[10px]">
          Epoch
        </text>
        <text transform={`translate(10 ${MARGIN.top + PLOT_HEIGHT / 2}) rotate(-90)`} textAnchor="middle" className="fill-slate-600 text-[10px]">
          {title}
        </text>
        {best !== null && (
          <g>
            <line x1={x(best)} x2={x(best)} y1={MARGIN.top} y2={MARGIN.top + PLOT_HEIGHT} strokeDasharray="2 3" className="stroke-emerald-600" />
            <text x={x(best) + 3} y={MARGIN.top + 8} className="fill-emerald-700 text-[10px]">
              best
            </text>
          </g>
        )}
        <Series points={points(epochs, training, x, y)} tone="training" />
        {validation && <Series points={points(epochs, validation, x, y)} tone="validation" />}
      </svg>
    </figure>
  );
}

const TONES = {
  training: { line: 'stroke-indigo-600', dot: 'fill-indigo-600', dash: undefined },
  validation: { line: 'stroke-amber-600', dot: 'fill-amber-600', dash: '5 3' },
} as const;

/** A line through the finite points (broken where a value is missing), with a dot on the latest one. */
function Series({ points: pts, tone }: { points: readonly ({ x: number; y: number } | null)[]; tone: keyof typeof TONES }) {
  const { line, dot, dash } = TONES[tone];
  const latest = [...pts].reverse().find((p) => p !== null) ?? null;
  return (
    <g>
      <path d={linePath(pts)} fill="none" strokeWidth={2} strokeLinejoin="round" strokeDasharray={dash} className={line} />
      {latest && <circle cx={latest.x} cy={latest.y} r={3} className={dot} />}
    </g>
  );
}

function Legend({ hasValidation, best }: { hasValidation: boolean; best: number | null }) {
  const swatch = (className: string, dash?: string) => (
    <svg aria-hidden="true" width="20" height="8" className="shrink-0">
      <line x1="1" x2="19" y1="4" y2="4" strokeWidth={2} strokeDasharray={dash} className={className} />
    </svg>
  );
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
      <li className="flex items-center gap-1">
        {swatch(TONES.training.line)}
        Training
      </li>
      {hasValidation && (
        <li className="flex items-center gap-1">
          {swatch(TONES.validation.line, TONES.validation.dash)}
          Validation
        </li>
      )}
      {best !== null && (
        <li className="flex items-center gap-1">
          {swatch('stroke-emerald-600', '2 3')}
          Best epoch ({best}), the weights kept
        </li>
      )}
    </ul>
  );
}

/** Maps `domain` linearly onto `range`; a zero-width domain maps everything to the range's start. */
function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): (value: number) => number {
  const span = d1 - d0;
  return (value) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
}

/** The smallest of 1, 2, 2.5, 5 × 10^k that is at least `value` (value > 0). */
function niceStep(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= value * (1 - 1e-9)) ?? 10 * magnitude;
}

/** A y axis from 0 to a round number at or above `max`, with about four steps. */
function niceAxis(max: number): Axis {
  if (!(max > 0) || !Number.isFinite(max)) return { max: 1, ticks: [0, 0.5, 1] };
  const step = niceStep(max / 4);
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  return { max: top, ticks };
}

/** Epoch 1 and round epochs after it, about five labels in all. */
function epochTicks(lastEpoch: number): number[] {
  if (lastEpoch <= 1) return [1];
  const step = Math.max(1, Math.round(niceStep((lastEpoch - 1) / 5)));
  const ticks = [1];
  for (let t = step; t <= lastEpoch; t += step) if (t > 1) ticks.push(t);
  return ticks;
}

function points(epochs: readonly number[], values: readonly (number | null)[], x: (v: number) => number, y: (v: number) => number) {
  return values.map((v, i) => (v !== null && Number.isFinite(v) ? { x: x(epochs[i]), y: y(v) } : null));
}

/** An SVG path through `pts`, lifting the pen over missing points. */
function linePath(pts: readonly ({ x: number; y: number } | null)[]): string {
  let d = '';
  let penDown = false;
  for (const p of pts) {
    if (p === null) {
      penDown = false;
      continue;
    }
    d += `${penDown ? 'L' : 'M'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`;
    penDown = true;
  }
  return d;
}

/** Axis numbers without float noise: 0.30000000000000004 → 0.3. */
function trimNumber(value: number): string {
  return String(Number(value.toPrecision(3)));
}

function formatLoss(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : 'not a number';
}

function formatPercent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
