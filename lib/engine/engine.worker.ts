// The studio's ML engine, in its own thread: the page posts frames and requests, and never waits on
// a network pass. Loaded by lib/engine/connect.ts as `new Worker(new URL(...))`, which the bundler
// turns into a classic worker script: MediaPipe's WASM loader needs `importScripts` (in a module
// worker it falls back to `import()`, under which its glue script's globals are not defined).
import * as Comlink from 'comlink';
import { createEngine, type EngineEvent } from './engine';

let listener: ((event: EngineEvent) => void) | null = null;
const engine = createEngine({ onEvent: (event) => listener?.(event) });

const api = {
  ...engine,
  /** The page's callback (a Comlink proxy) for the engine's unasked events. */
  listen(onEvent: (event: EngineEvent) => void) {
    listener = onEvent;
  },
};

export type WorkerApi = typeof api;

Comlink.expose(api);
