import * as Comlink from 'comlink';
import { createEngine, type EngineEvent } from './engine';
import type { Engine, EngineBench } from './protocol';
import type { WorkerApi } from './engine.worker';

/** Where the engine runs: its own worker (the default), or the page's main thread. */
export type EngineKind = 'worker' | 'main';

export interface EngineConnection {
  readonly engine: Engine;
  /** The same engine's timing calls, for `npm run bench` (lib/bench). */
  readonly bench: EngineBench;
  readonly kind: EngineKind;
  /** Why the engine runs on the page although a worker was asked for; null when it runs where asked. */
  readonly fallback: string | null;
  close(): void;
}

/** `?engine=main` runs the engine on the page's thread (the baseline of `npm run bench:responsive`). */
export function engineKindFromLocation(search: string): EngineKind {
  return new URLSearchParams(search).get('engine') === 'main' ? 'main' : 'worker';
}

/**
 * Starts the engine where `kind` says. A worker needs `OffscreenCanvas` (canvases and WebGL without a
 * document); where the browser lacks it, or the worker script fails to start, the engine runs on the
 * page instead and `fallback` says why.
 */
export async function connectEngine(kind: EngineKind, onEvent: (event: EngineEvent) => void): Promise<EngineConnection> {
  const onPage = (fallback: string | null): EngineConnection => {
    const engine = createEngine({ onEvent });
    return { engine, bench: engine, kind: 'main', fallback, close: () => {} };
  };
  if (kind === 'main') return onPage(null);
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') {
    return onPage('This browser cannot run the ML in a worker (no OffscreenCanvas), so it runs on the page and the UI may lag while the camera is on.');
  }
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { name: 'gesture-studio-engine' });
  const remote = Comlink.wrap<WorkerApi>(worker);
  const failed = new Promise<string>((resolve) => worker.addEventListener('error', (e) => resolve(e.message || 'the worker script failed'), { once: true }));
  const started = await Promise.race([remote.listen(Comlink.proxy(onEvent)).then(() => null), failed]);
  if (started !== null) {
    worker.terminate();
    return onPage(`The ML worker could not start (${started}), so the ML runs on the page and the UI may lag while the camera is on.`);
  }
  const engine: Engine = {
    load: (choice, backbone, options) => remote.load(choice, backbone, options),
    loadHands: (handModel) => remote.loadHands(handModel),
    setModel: (model) => remote.setModel(model),
    setMotionModel: (model) => remote.setMotionModel(model),
    trainMotion: (request, progress) => remote.trainMotion(request, Comlink.proxy(progress)),
    // The bitmap moves to the worker (never copied): the page cannot use it afterwards.
    processFrame: (frame, request) => remote.processFrame(Comlink.transfer(frame, [frame]), request),
    augmentViews: (sampleId, image, settings, findHand) => remote.augmentViews(sampleId, image, settings, findHand),
    train: (request, progress) => remote.train(request, Comlink.proxy(progress)),
    cancelTraining: () => void remote.cancelTraining(),
    embedFiles: (request, progress) => remote.embedFiles(request, Comlink.proxy(progress)),
    evaluate: (request, progress) => remote.evaluate(request, Comlink.proxy(progress)),
    checkRobustness: (request, progress) => remote.checkRobustness(request, Comlink.proxy(progress)),
    cancel: (job) => void remote.cancel(job),
    tensors: () => remote.tensors(),
  };
  // Bitmaps move to the worker here too; the set is cloned (the page keeps its copy).
  const bench: EngineBench = {
    timeBackbone: (frame) => remote.timeBackbone(Comlink.transfer(frame, [frame])),
    timeHandTracker: (frame, timestampMs) => remote.timeHandTracker(Comlink.transfer(frame, [frame]), timestampMs),
    timeHeadTraining: (set) => remote.timeHeadTraining(set),
    timeMotionStep: (classes) => remote.timeMotionStep(classes),
  };
  return {
    engine,
    bench,
    kind: 'worker',
    fallback: null,
    close: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
