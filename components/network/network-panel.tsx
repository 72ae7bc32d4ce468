'use client';
import dynamic from 'next/dynamic';
import { useId, useState } from 'react';
import type { NetworkTabsProps } from './network-tabs';

/** The tables, the probe and the playgrounds are fetched only when a person opens the section. */
const NetworkTabs = dynamic(() => import('./network-tabs').then((m) => m.NetworkTabs), {
  ssr: false,
  loading: () => <p className="text-sm text-slate-600">Loading…</p>,
});

export type NetworkPanelProps = NetworkTabsProps;

/**
 * "Inside the network": a closed section until opened, so nothing of it loads or runs before a
 * person asks; closing it frees the model it loaded.
 */
export function NetworkPanel(props: NetworkPanelProps) {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  return (
    <section aria-labelledby={`${bodyId}-heading`} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id={`${bodyId}-heading`} className="text-base font-semibold text-slate-900">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen((o) => !o)}
          className="flex w-full items-center gap-2 rounded text-left focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
        >
          <span aria-hidden className={`inline-block transition-transform ${open ? 'rotate-90' : ''}`}>
            ▸
          </span>
          Inside the network
          <span className="text-sm font-normal text-slate-500">— its layers, what they see, and the arithmetic behind them</span>
        </button>
      </h2>
      <div id={bodyId} hidden={!open} className="mt-3">
        {open && <NetworkTabs {...props} />}
      </div>
    </section>
  );
}
