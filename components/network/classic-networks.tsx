'use client';
import { useId, useMemo, useState } from 'react';
import { CLASSIC_NETWORK_IDS, CLASSIC_NETWORKS, classicNetworkTable, formatChange, formatCompact, formatCount, googLeNetPaperComparison, isClassicNetworkId, type ClassicNetworkId, type PublishedComparison } from '@/lib/cnn';
import { NetworkTableView } from './network-table';

/**
 * The chapter's classic networks through the same formulas as the app's own backbone: pick one,
 * read every layer's shapes, parameters and multiply-adds, the totals, and where the published
 * figures disagree with the computation.
 */
export function ClassicNetworks() {
  const [id, setId] = useState<ClassicNetworkId>('lenet5');
  const table = useMemo(() => classicNetworkTable(id), [id]);
  const selectId = useId();
  const net = CLASSIC_NETWORKS[id];
  return (
    <div className="space-y-3 text-sm">
      <div className="flex flex-wrap items-end gap-4">
        <label htmlFor={selectId} className="flex flex-col gap-1">
          Network
          <select
            id={selectId}
            value={id}
            onChange={(e) => {
              const value = e.currentTarget.value;
              if (isClassicNetworkId(value)) setId(value);
            }}
            className="rounded-md border border-slate-300 px-2 py-1 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          >
            {CLASSIC_NETWORK_IDS.map((option) => (
              <option key={option} value={option}>
                {CLASSIC_NETWORKS[option].label}
              </option>
            ))}
          </select>
        </label>
        <p data-testid="classic-total" data-params={table.totalParams} data-macs={table.totalMacs} className="pb-1.5 text-slate-800">
          <strong className="tabular-nums">{formatCount(table.totalParams)}</strong> parameters, <strong className="tabular-nums">{formatCompact(table.totalMacs)}</strong> multiply-adds
          per {net.inputShape.join('x')} image
        </p>
      </div>
      <NetworkTableView table={table} caption={`${net.label}, layer by layer (input ${net.inputShape.join('x')})`} testId="classic-network-table" />
      <div>
        <h3 className="font-medium text-slate-900">Notes</h3>
        <ul data-testid="classic-notes" className="mt-1 list-disc space-y-1 pl-5 text-slate-700">
          {table.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      </div>
      {id === 'googlenet' && <PaperComparison rows={googLeNetPaperComparison()} />}
    </div>
  );
}

function PaperComparison({ rows }: { rows: readonly PublishedComparison[] }) {
  const cell = 'px-2 py-0.5 text-right tabular-nums';
  return (
    <div className="overflow-x-auto">
      <table data-testid="googlenet-paper-comparison" className="border-collapse text-xs">
        <caption className="mb-1 text-left text-sm text-slate-700">Szegedy et al.&apos;s table (params in K = 1,024 weights, ops in multiply-adds) against the computation</caption>
        <thead>
          <tr className="bg-slate-100">
            {['Row', 'Paper params', 'Computed weights', 'Difference', 'Paper ops', 'Computed', 'Difference', 'Agrees'].map((heading, i) => (
              <th key={`${heading}-${i}`} scope="col" className={`px-2 py-1 font-semibold text-slate-700 ${i > 0 ? 'text-right' : 'text-left'}`}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.row} data-agrees={r.agrees} className={`border-b border-slate-100 ${r.agrees ? '' : 'bg-amber-50'}`}>
              <th scope="row" className="px-2 py-0.5 text-left font-normal">
                {r.row}
              </th>
              <td className={cell}>{r.paperParams}</td>
              <td className={cell}>{formatCount(r.computedWeights)}</td>
              <td className={cell}>{formatChange(r.paramDifference)}</td>
              <td className={cell}>{formatCompact(r.paperMacs)}</td>
              <td className={cell}>{formatCompact(r.computedMacs)}</td>
              <td className={cell}>{formatChange(r.macDifference)}</td>
              <td className="px-2 py-0.5 text-center">{r.agrees ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
