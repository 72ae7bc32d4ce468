'use client';
import dynamic from 'next/dynamic';

/** Camera, WebGL and WASM exist only in the browser: the player is never rendered on the server. */
const Player = dynamic(() => import('./player'), {
  ssr: false,
  loading: () => <p className="p-6 text-slate-600">Loading the player…</p>,
});

export function PlayerLoader() {
  return <Player />;
}
