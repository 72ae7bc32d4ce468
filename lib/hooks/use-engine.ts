'use client';
import { useEffect, useRef, useState } from 'react';
import type { BackboneId } from '../backbone';
import { connectEngine, engineKindFromLocation, type Engine, type EngineConnection, type EngineEvent, type EngineKind } from '../engine';
import type { BackendChoice, BackendReport } from '../tf';

export type EngineHands = { readonly phase: 'loading' } | { readonly phase: 'ready' } | { readonly phase: 'error'; readonly message: string };

export type EngineState =
  | { readonly phase: 'starting'; readonly kind: EngineKind | null; readonly fallback: string | null; readonly hands: EngineHands }
  /**
   * `loaded` is the load this state comes from: work bound to an earlier load (the live loop's frames)
   * restarts when it changes.
   */
  | { readonly phase: 'ready'; readonly engine: Engine; readonly kind: EngineKind; readonly fallback: string | null; readonly report: BackendReport; readonly loaded: number; readonly hands: EngineHands }
  | { readonly phase: 'error'; readonly kind: EngineKind | null; readonly fallback: string | null; readonly message: string; readonly hands: EngineHands };

/**
 * Starts the ML engine once (in a worker unless the URL says `?engine=main`), loads the hand tracker
 * in it, and loads `backboneId` on the `choice` backend whenever either changes.
 */
export function useEngine(backboneId: BackboneId, choice: BackendChoice, onEvent: (event: EngineEvent) => void): EngineState {
  const [connection, setConnection] = useState<EngineConnection | null>(null);
  const [hands, setHands] = useState<EngineHands>({ phase: 'loading' });
  const [state, setState] = useState<EngineState>({ phase: 'starting', kind: null, fallback: null, hands });
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

  useEffect(() => {
    let closed = false;
    let opened: EngineConnection | null = null;
    connectEngine(engineKindFromLocation(window.location.search), (event) => onEventRef.current(event)).then((c) => {
      opened = c;
      if (closed) return c.close();
      setConnection(c);
      c.engine.loadHands().then((message) => !closed && setHands(message === null ? { phase: 'ready' } : { phase: 'error', message }));
    });
    return () => {
      closed = true;
      opened?.close();
    };
  }, []);

  const loads = useRef(0);
  useEffect(() => {
    if (!connection) return;
    let cancelled = false;
    loads.current += 1;
    const loaded = loads.current;
    const { engine, kind, fallback } = connection;
    setState({ phase: 'starting', kind, fallback, hands });
    engine.load(choice, backboneId).then(
      (report) => !cancelled && setState({ phase: 'ready', engine, kind, fallback, report, loaded, hands }),
      (error: unknown) => !cancelled && setState({ phase: 'error', kind, fallback, message: error instanceof Error ? error.message : String(error), hands }),
    );
    return () => {
      cancelled = true;
    };
    // `hands` is merged in below, so a hand tracker finishing does not reload the backbone.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection, choice, backboneId]);

  return state.hands === hands ? state : { ...state, hands };
}
