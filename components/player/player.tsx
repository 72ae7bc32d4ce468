'use client';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type DragEvent } from 'react';
import { NO_ACTIONS } from '@/lib/actions';
import { DEFAULT_CONFIDENCE_THRESHOLD } from '@/lib/classify';
import type { ActionClass } from '@/lib/actions';
import { framingOf } from '@/lib/dataset';
import { connectEngine, engineKindFromLocation } from '@/lib/engine';
import { useActionSettings, useCamera, useLiveLoop } from '@/lib/hooks';
import { FROM_STUDIO, handedOverBundle, PlayerController } from '@/lib/player';
import { ActionsPanel } from '../actions-panel';
import { GamePanel } from '../game/game-panel';
import { useGestureDemo } from '../gesture-demo';
import { Notice } from '../ui';
import { PlayerLiveView } from './live-view';
import { ModelPanel } from './model-panel';

const noSample = () => {};

/**
 * /play: a model bundle exported from Gesture Studio, classifying the camera live with nothing but
 * that bundle. Its ML runs in an engine of its own (the studio's, in a worker) on the same per-frame
 * path as the studio, so it gives the studio's probabilities on the same frames.
 */
export default function Player() {
  const [controller] = useState(() => new PlayerController({ connect: (onEvent) => connectEngine(engineKindFromLocation(window.location.search), onEvent) }));
  const state = useSyncExternalStore(controller.subscribe, controller.getState, controller.getState);
  useEffect(() => () => controller.close(), [controller]);
  const [problem, setProblem] = useState<string | null>(null);
  const open = useCallback((file: File) => void controller.open(file, file.name), [controller]);

  // Opened by the studio's "Open in player": the bundle it handed over is waiting on this device.
  useEffect(() => {
    if (!window.location.search.includes(FROM_STUDIO)) return;
    let current = true;
    void handedOverBundle().then(
      (file) => {
        if (!current) return;
        if (file) void controller.open(file, file.name);
        else setProblem('The studio handed no model over to this browser; press Open in player in the studio again, or drop an exported model here.');
      },
      (error: unknown) => current && setProblem(`The model the studio handed over could not be read (${error instanceof Error ? error.message : String(error)}); drop an exported model here instead.`),
    );
    return () => {
      current = false;
    };
  }, [controller]);

  const camera = useCamera();
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  useEffect(() => setVideo(camera.videoRef.current), [camera.videoRef]);
  const [threshold, setThreshold] = useState(DEFAULT_CONFIDENCE_THRESHOLD);
  const ready = state.phase === 'ready';
  const handMode = state.bundle !== null && framingOf(state.bundle.inputMode) === 'hand';
  const live = useLiveLoop({
    video,
    cameraOn: camera.status === 'on',
    engine: controller.engine,
    engineLoad: state.engineLoad,
    canEmbed: ready,
    classify: ready,
    recordingClassId: null,
    hand: ready && handMode,
    motion: controller.motions,
    onSample: noSample,
    onError: (error) => setProblem(`A frame could not be classified (${error instanceof Error ? error.message : String(error)}).`),
  });
  // The bundle's labels and motions stand for classes: actions, presentation mode and the game work
  // here as in the studio (for as long as the page is open: a bundle carries no project to save them in).
  const labels = state.bundle?.labels;
  const motions = state.bundle?.motions;
  const classes = useMemo<ActionClass[]>(
    () => [...(labels ?? []).map((name, i) => ({ id: `label-${i}`, name })), ...(motions ?? []).map((name, i) => ({ id: `motion-${i}`, name, kind: 'motion' as const }))],
    [labels, motions],
  );
  const actionSettings = useActionSettings(classes);
  // A new bundle's labels are other classes: the previous bundle's actions do not carry over.
  const { restore: restoreActions } = actionSettings;
  useEffect(() => restoreActions(NO_ACTIONS), [classes, restoreActions]);
  const demo = useGestureDemo({ settings: actionSettings, store: live, classes, threshold, paused: false, motionEvents: controller.motions });
  const hint = !ready ? 'Open a model to see its labels here.' : camera.status !== 'on' ? 'Start the camera to see live labels.' : null;

  // A file dropped anywhere on the page opens.
  const [dragging, setDragging] = useState(false);
  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    setDragging(true);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) open(file);
  };

  return (
    <div className={`min-h-screen bg-slate-50 ${dragging ? 'outline-4 -outline-offset-4 outline-dashed outline-indigo-500' : ''}`} onDragOver={onDragOver} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3">
        <div>
          <h1 className="text-xl font-bold text-slate-900">Gesture Studio player</h1>
          <p className="text-xs text-slate-600">Runs a model exported from Gesture Studio on your camera. Everything stays on this device.</p>
        </div>
        <Link href="/" className="inline-flex min-h-11 items-center rounded-lg px-3 text-sm font-medium text-indigo-700 underline-offset-2 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
          Back to the studio
        </Link>
      </header>
      <main className="mx-auto grid max-w-6xl gap-4 p-4 lg:grid-cols-[minmax(0,7fr)_minmax(0,5fr)]">
        {(problem || state.notice) && (
          <div className="space-y-2 lg:col-span-2" data-testid="notice">
            {problem && <Notice tone="warning">{problem}</Notice>}
            {state.notice && <Notice tone="warning">{state.notice}</Notice>}
          </div>
        )}
        {/* With nothing to play yet, opening a model comes first; then the live view does. */}
        <div className={ready || state.bundle ? '' : 'order-2 lg:order-none'}>
          <PlayerLiveView camera={camera} store={live} handMode={handMode} hint={hint} threshold={threshold} onThreshold={setThreshold} demo={demo} motions={controller.motions} />
        </div>
        <div className={ready || state.bundle ? '' : 'order-1 lg:order-none'}>
          <ModelPanel state={state} onFile={open} />
        </div>
        {ready && (
          <div className="space-y-4 lg:col-span-2">
            <ActionsPanel classes={classes} settings={actionSettings} firing={demo.firing} />
            <GamePanel session={demo.game} presenting={demo.presentation.mode !== null} />
          </div>
        )}
      </main>
    </div>
  );
}
