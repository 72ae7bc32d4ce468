'use client';
import dynamic from 'next/dynamic';

/** Camera, WebGL and WASM exist only in the browser: the studio is never rendered on the server. */
const Studio = dynamic(() => import('./studio'), {
  ssr: false,
  loading: () => <p className="p-6 text-slate-600">Loading Gesture Studio…</p>,
});

export function StudioLoader() {
  return <Studio />;
}
