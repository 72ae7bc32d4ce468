import type { ReactNode } from 'react';
import { formatCount, formatShape, type LayerRow, type NetworkTable } from '@/lib/cnn';

export interface NetworkTableViewProps {
  readonly table: NetworkTable;
  readonly caption: ReactNode;
  /** The rows to show (all of the table's by default); the totals always count every row. */
  readonly rows?: readonly LayerRow[];
  /** An extra last column, e.g. the check against the loaded model. */
  readonly extra?: { readonly heading: string; readonly cell: (row: LayerRow) => ReactNode };
  readonly testId: string;
}

const COLUMNS = ['Layer', 'Type', 'Kernel', 'Stride', 'Padding', 'Input', 'Output', 'Parameters', 'Multiply-adds'] as const;

/** A layer table: scrolls inside its own box with the header in view, numbers right-aligned to compare by eye. */
export function NetworkTableView({ table, caption, rows = table.rows, extra, testId }: NetworkTableViewProps) {
  return (
    <div role="region" aria-label={table.name} tabIndex={0} className="max-h-[28rem] overflow-auto rounded-lg border border-slate-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
      <table className="w-full border-collapse text-left text-xs" data-testid={testId} data-total-params={table.totalParams} data-total-macs={table.totalMacs}>
        <caption className="px-2 py-1 text-left text-sm text-slate-700">{caption}</caption>
        <thead>
          <tr>
            {[...COLUMNS, ...(extra ? [extra.heading] : [])].map((c, i) => (
              <th key={c} scope="col" className={`sticky top-0 z-10 border-b border-slate-200 bg-slate-100 px-2 py-1 font-semibold text-slate-700 ${i >= 7 && i < 9 ? 'text-right' : ''}`}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name} data-layer={row.name} className="border-b border-slate-100 odd:bg-white even:bg-slate-50">
              <th scope="row" className="px-2 py-0.5 font-mono font-normal text-slate-900">
                {row.name}
              </th>
              <td className="px-2 py-0.5 text-slate-700">{row.type}</td>
              <td className="px-2 py-0.5">{row.kernel ?? ''}</td>
              <td className="px-2 py-0.5">{row.stride ?? ''}</td>
              <td className="px-2 py-0.5">{row.padding ?? ''}</td>
              <td className="px-2 py-0.5 tabular-nums">{formatShape(row.inputShape)}</td>
              <td className="px-2 py-0.5 tabular-nums" data-testid="output-shape">
                {formatShape(row.outputShape)}
              </td>
              <td className="px-2 py-0.5 text-right tabular-nums">{formatCount(row.params)}</td>
              <td className="px-2 py-0.5 text-right tabular-nums">{formatCount(row.macs)}</td>
              {extra && <td className="px-2 py-0.5">{extra.cell(row)}</td>}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="font-semibold">
            <th scope="row" colSpan={7} className="sticky bottom-0 border-t border-slate-200 bg-slate-100 px-2 py-1 text-left">
              Total ({table.rows.length} layers)
            </th>
            <td className="sticky bottom-0 border-t border-slate-200 bg-slate-100 px-2 py-1 text-right tabular-nums">{formatCount(table.totalParams)}</td>
            <td className="sticky bottom-0 border-t border-slate-200 bg-slate-100 px-2 py-1 text-right tabular-nums">{formatCount(table.totalMacs)}</td>
            {extra && <td className="sticky bottom-0 border-t border-slate-200 bg-slate-100" />}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
