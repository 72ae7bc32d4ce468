'use client';
import { useId, useState } from 'react';
import { convOutputSize, convolve2d, halfBrightImage, pool2d, poolOutputSize, PRESET_FILTERS, resizeGrid, samePadding, type PoolMode, type PresetFilterId } from '@/lib/cnn';
import { buttonClass, Notice } from '../ui';

/** Larger grids would not fit beside each other, nor be worth editing cell by cell. */
const MAX_INPUT = 16;
const MAX_FILTER = 7;

/** Cells as typed, so a half-typed "-" or an emptied cell survives until the person finishes. */
type Cells = string[][];

const toCells = (grid: readonly (readonly number[])[]): Cells => grid.map((row) => row.map(String));
const toNumbers = (cells: Cells): number[][] => cells.map((row) => row.map((v) => Number(v) || 0));
/** An empty box is "no value", not 0, so the explanation can say so. */
const parse = (raw: string): number => (raw.trim() === '' ? Number.NaN : Number(raw));

interface Settings {
  n: string;
  f: string;
  p: string;
  s: string;
  same: boolean;
  /** MAX_INPUT square, of which the top-left imageSize square is shown: shrinking N and growing it back loses nothing. */
  image: Cells;
  imageSize: number;
  /** MAX_FILTER square, likewise. */
  filter: Cells;
  filterSize: number;
  pool: PoolMode | 'none';
  poolF: string;
  poolS: string;
}

const CHAPTER_EXAMPLE: Settings = {
  n: '6',
  f: '3',
  p: '0',
  s: '1',
  same: false,
  image: resizeGrid(toCells(halfBrightImage(6)), MAX_INPUT, '0'),
  imageSize: 6,
  filter: resizeGrid(toCells(PRESET_FILTERS['vertical-edge'].grid), MAX_FILTER, '0'),
  filterSize: 3,
  pool: 'max',
  poolF: '2',
  poolS: '2',
};

/**
 * The chapter's convolution arithmetic, live: choose N, F, P, S, edit the image and the filter, and
 * see the output's size (the formula filled in) and values, then max or average pooling over it.
 * Settings that do not work get a sentence saying what to change instead of an output.
 */
export function ConvPlayground() {
  const [settings, setSettings] = useState<Settings>(CHAPTER_EXAMPLE);
  const update = (changes: Partial<Settings>) => setSettings((current) => ({ ...current, ...changes }));
  const id = useId();

  const n = parse(settings.n);
  const f = parse(settings.f);
  const s = parse(settings.s);
  const same = settings.same ? samePadding(f) : null;
  const p = same ? (same.ok ? same.padding : Number.NaN) : parse(settings.p);

  const problems: string[] = [];
  if (n > MAX_INPUT) problems.push(`The playground draws images up to ${MAX_INPUT}x${MAX_INPUT}: set N to ${MAX_INPUT} or less.`);
  if (f > MAX_FILTER) problems.push(`The playground draws filters up to ${MAX_FILTER}x${MAX_FILTER}: set F to ${MAX_FILTER} or less.`);
  if (same && !same.ok) problems.push(same.reason);
  // Wider padding only adds windows that see nothing but zeros (and would draw huge grids).
  if (p > f - 1) problems.push(`With P larger than F − 1 = ${f - 1}, the outer windows would see only padding: set P to ${Math.max(0, f - 1)} or less.`);
  const size = problems.length === 0 ? convOutputSize(n, f, p, s) : null;
  if (size && !size.ok) problems.push(size.reason);

  const image = resizeGrid(settings.image, settings.imageSize, '0');
  const filter = resizeGrid(settings.filter, settings.filterSize, '0');
  const output = size?.ok ? convolve2d(toNumbers(image), toNumbers(filter), { padding: p, stride: s }) : null;
  const poolF = parse(settings.poolF);
  const poolS = parse(settings.poolS);
  const poolSize = output && settings.pool !== 'none' ? poolOutputSize(output.length, poolF, poolS) : null;
  if (poolSize && !poolSize.ok) problems.push(`Pooling: ${poolSize.reason}`);
  const pooled = output && poolSize?.ok && settings.pool !== 'none' ? pool2d(output, { size: poolF, stride: poolS, mode: settings.pool }) : null;

  const setN = (raw: string) => {
    const next = parse(raw);
    update(Number.isInteger(next) && next >= 1 && next <= MAX_INPUT ? { n: raw, imageSize: next } : { n: raw });
  };
  const setF = (raw: string) => {
    const next = parse(raw);
    update(Number.isInteger(next) && next >= 1 && next <= MAX_FILTER ? { f: raw, filterSize: next } : { f: raw });
  };
  const usePreset = (preset: PresetFilterId) => update({ f: '3', filterSize: 3, filter: resizeGrid(toCells(PRESET_FILTERS[preset].grid), MAX_FILTER, '0') });
  const setCell = (grid: 'image' | 'filter', row: number, col: number, value: string) =>
    update({ [grid]: settings[grid].map((cells, r) => (r === row ? cells.map((v, c) => (c === col ? value : v)) : cells)) });

  const field = 'w-16 rounded-md border border-slate-300 px-2 py-1 text-sm tabular-nums focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:bg-slate-100';
  return (
    <div className="space-y-4 text-sm">
      <p className="text-slate-700">
        Slide an F×F filter over an N×N image padded with P zeros, S steps at a time: the output is floor((N + 2P − F)/S) + 1 on a side. Each output value is the sum
        of the element-wise products under the filter.
      </p>
      <div className="flex flex-wrap items-end gap-4">
        <fieldset className="flex flex-wrap items-end gap-3">
          <legend className="mb-1 font-medium text-slate-900">Convolution</legend>
          <NumberField id={`${id}-n`} label="Input size N" value={settings.n} onChange={setN} className={field} />
          <NumberField id={`${id}-f`} label="Filter size F" value={settings.f} onChange={setF} className={field} />
          <NumberField id={`${id}-p`} label="Padding P" value={same?.ok ? String(same.padding) : settings.p} onChange={(v) => update({ p: v })} className={field} disabled={settings.same} />
          <NumberField id={`${id}-s`} label="Stride S" value={settings.s} onChange={(v) => update({ s: v })} className={field} />
          <label className="flex items-center gap-1.5 pb-1.5">
            <input type="checkbox" checked={settings.same} onChange={(e) => update({ same: e.currentTarget.checked })} className="h-4 w-4 accent-indigo-600" />
            Same padding (P = (F − 1)/2)
          </label>
        </fieldset>
        <fieldset className="flex flex-wrap items-end gap-3">
          <legend className="mb-1 font-medium text-slate-900">Pooling of the output</legend>
          <label className="flex flex-col gap-1" htmlFor={`${id}-pool`}>
            Pooling
            <select id={`${id}-pool`} value={settings.pool} onChange={(e) => update({ pool: e.currentTarget.value as Settings['pool'] })} className="rounded-md border border-slate-300 px-2 py-1 text-sm">
              <option value="none">None</option>
              <option value="max">Max</option>
              <option value="avg">Average</option>
            </select>
          </label>
          <NumberField id={`${id}-pf`} label="Pool size" value={settings.poolF} onChange={(v) => update({ poolF: v })} className={field} disabled={settings.pool === 'none'} />
          <NumberField id={`${id}-ps`} label="Pool stride" value={settings.poolS} onChange={(v) => update({ poolS: v })} className={field} disabled={settings.pool === 'none'} />
        </fieldset>
      </div>
      <div className="flex flex-wrap gap-2" role="group" aria-label="Presets">
        {(Object.keys(PRESET_FILTERS) as PresetFilterId[]).map((preset) => (
          <button key={preset} type="button" className={buttonClass()} onClick={() => usePreset(preset)}>
            {PRESET_FILTERS[preset].label} filter
          </button>
        ))}
        <button type="button" className={buttonClass()} onClick={() => update({ image: resizeGrid(toCells(halfBrightImage(settings.imageSize)), MAX_INPUT, '0') })}>
          Half-bright image
        </button>
        <button type="button" className={buttonClass()} onClick={() => setSettings(CHAPTER_EXAMPLE)}>
          Chapter example
        </button>
      </div>

      {problems.length > 0 && <Notice tone="error">{problems.join(' ')}</Notice>}

      <div className="flex flex-wrap items-start gap-6">
        <EditableGrid label="Input image" cells={image} onChange={(r, c, v) => setCell('image', r, c, v)} />
        <span aria-hidden className="self-center text-xl text-slate-500">
          *
        </span>
        <EditableGrid label="Filter" cells={filter} onChange={(r, c, v) => setCell('filter', r, c, v)} />
        {output && size?.ok && (
          <>
            <span aria-hidden className="self-center text-xl text-slate-500">
              =
            </span>
            <div className="space-y-1">
              <ValueGrid caption={`Output (${size.size}x${size.size})`} values={output} testId="conv-output" />
              <p data-testid="conv-size-formula" className="text-xs text-slate-600 tabular-nums">
                floor(({n} + 2·{p} − {f})/{s}) + 1 = {size.size}
              </p>
            </div>
          </>
        )}
        {pooled && (
          <>
            <span aria-hidden className="self-center text-xl text-slate-500">
              →
            </span>
            <ValueGrid caption={`${settings.pool === 'max' ? 'Max' : 'Average'} pooled (${pooled.length}x${pooled.length})`} values={pooled} testId="pool-output" />
          </>
        )}
      </div>
    </div>
  );
}

function NumberField({ id, label, value, onChange, className, disabled = false }: { id: string; label: string; value: string; onChange: (value: string) => void; className: string; disabled?: boolean }) {
  return (
    <label htmlFor={id} className="flex flex-col gap-1">
      {label}
      <input id={id} type="number" inputMode="numeric" step={1} value={value} disabled={disabled} onChange={(e) => onChange(e.currentTarget.value)} className={className} />
    </label>
  );
}

/** Grey levels from the grid's own smallest (dark) to largest (light) value, like the chapter's pictures. */
function shade(value: number, low: number, high: number): { backgroundColor: string; color: string } {
  const t = high > low ? (value - low) / (high - low) : 1;
  const lightness = 25 + 70 * t;
  return { backgroundColor: `hsl(220 15% ${lightness}%)`, color: lightness < 55 ? 'white' : 'rgb(15 23 42)' };
}

function bounds(values: readonly (readonly number[])[]): [number, number] {
  const flat = values.flat();
  return [Math.min(...flat), Math.max(...flat)];
}

function EditableGrid({ label, cells, onChange }: { label: string; cells: Cells; onChange: (row: number, col: number, value: string) => void }) {
  const [low, high] = bounds(toNumbers(cells));
  return (
    <table className="border-collapse">
      <caption className="mb-1 text-left text-xs font-medium text-slate-700">
        {label} ({cells.length}x{cells.length})
      </caption>
      <tbody>
        {cells.map((row, r) => (
          <tr key={r}>
            {row.map((value, c) => (
              <td key={c} className="p-0">
                <input
                  type="number"
                  aria-label={`${label} row ${r + 1} column ${c + 1}`}
                  value={value}
                  onChange={(e) => onChange(r, c, e.currentTarget.value)}
                  style={shade(Number(value) || 0, low, high)}
                  className="h-8 w-10 border border-slate-300 text-center text-xs tabular-nums pointer-coarse:w-11 [appearance:textfield] focus:relative focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 [&::-webkit-inner-spin-button]:appearance-none"
                />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ValueGrid({ caption, values, testId }: { caption: string; values: number[][]; testId: string }) {
  const [low, high] = bounds(values);
  return (
    <table className="border-collapse" data-testid={testId} data-size={`${values.length}x${values[0]?.length ?? 0}`}>
      <caption className="mb-1 text-left text-xs font-medium text-slate-700">{caption}</caption>
      <tbody>
        {values.map((row, r) => (
          <tr key={r}>
            {row.map((value, c) => (
              <td key={c} style={shade(value, low, high)} className="h-8 w-10 border border-slate-300 text-center text-xs tabular-nums">
                {Number.isInteger(value) ? value : value.toFixed(2)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
