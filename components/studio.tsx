'use client';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { NO_ACTIONS } from '@/lib/actions';
import { DEFAULT_AUGMENT, type AugmentSettings } from '@/lib/augment';
import { BACKBONES, DEFAULT_BACKBONE, isBackboneId, type BackboneId } from '@/lib/backbone';
import { DEFAULT_CONFIDENCE_THRESHOLD } from '@/lib/classify';
import {
  createDataset,
  createId,
  DEFAULT_HAND_MODE,
  framingOf,
  framingOfDataset,
  groupByClassFolder,
  isNoneClass,
  NONE_CLASS_NAME,
  sampleCount,
  toTrainingSet,
  type AugmentedViews,
  type Dataset,
  type InputMode,
  type Sample,
  type SampleSource,
} from '@/lib/dataset';
import { connectEngine, engineKindFromLocation, reembedDataset, runEngineJob } from '@/lib/engine';
import {
  useActionSettings,
  useAugmentation,
  useAutosave,
  useBackbone,
  useCamera,
  useJob,
  useLiveLoop,
  useProjectFile,
  useRobustnessCheck,
} from '@/lib/hooks';
import type { EmbedFilesResult } from '@/lib/ingest';
import { chooseStrategy, restoreModel, type FolderEvaluation, type StrategyChoice } from '@/lib/pipeline';
import { readVideoFrames } from '@/lib/live';
import { DEFAULT_MOTION_NET } from '@/lib/motion';
import { createGate, MotionController, StudioController, type SavedHead } from '@/lib/studio';
import { NO_HAND_MODEL_MESSAGE, NO_SAMPLES_MESSAGE } from '@/lib/robustness';
import type { BackendChoice } from '@/lib/tf';
import { checkTrainable, DEFAULT_TRAIN_PARAMS, type TrainParams } from '@/lib/train';
import { ActionsPanel } from './actions-panel';
import { CameraPanel } from './camera-panel';
import { ChargingRing } from './charging-ring';
import { ClassCard } from './class-card';
import { DataPanel } from './data-panel';
import { GamePanel } from './game/game-panel';
import { DemoStage, PresentButton, useGestureDemo } from './gesture-demo';
import { HeaderBar } from './header-bar';
import { MotionBars, MotionEvents } from './motion-events';
import { MotionPanel } from './motion-panel';
import { NetworkPanel } from './network/network-panel';
import { PredictionPanel } from './prediction-panel';
import { RobustnessCheck } from './robustness-check';
import { ProjectMenu } from './project-menu';
import { TrainPanel } from './train-panel';
import { buttonClass, Notice } from './ui';

type Tone = 'info' | 'warning' | 'error';

export default function Studio() {
  // Open while the page's own backbone is loaded: the page's copy of a model is rebuilt only then
  // (start-up probes the backends in turn; a switch replaces the backend), never mid-initialisation.
  const [pageBackbone] = useState(createGate);
  // The studio's ML (engine, backend, training, the live model) lives in a controller outside React.
  const [controller] = useState(
    () =>
      new StudioController(
        {
          connect: (onEvent) => connectEngine(engineKindFromLocation(window.location.search), onEvent),
          restoreModel: (saved, id) => pageBackbone.wait().then(() => restoreModel(saved, id)),
        },
        { backboneId: DEFAULT_BACKBONE },
      ),
  );
  useEffect(() => controller.start(), [controller]);
  const studio = useSyncExternalStore(controller.subscribe, controller.getState, controller.getState);
  const { backboneId, backendChoice } = studio;
  const engine = studio.engine.phase === 'ready' ? controller.engine : null;
  const engineLoad = studio.engineLoad;
  const engineBackbone = engine ? backboneId : null;
  const engineHands = studio.hands.phase === 'ready';
  const setBackboneId = useCallback((id: BackboneId) => controller.chooseBackbone(id), [controller]);
  const chooseBackend = useCallback(
    (choice: BackendChoice) => {
      if (controller.chooseBackend(choice)) setNotice({ tone: 'info', text: 'Training restarts on the new backend as soon as the model is loaded there.' });
    },
    [controller],
  );
  // Set when a lost WebGL context took every tensor of the page with it: the page's copy of the
  // model is not used until it is rebuilt on the next backend (its weights would be read off the dead one).
  const [modelLost, setModelLost] = useState(false);
  const onContextLost = useCallback(() => {
    setModelLost(true);
    const restarts = controller.pageContextLost();
    setNotice({
      tone: 'warning',
      text: `The GPU’s WebGL context was lost (a driver reset, or the browser reclaiming GPU memory), so Gesture Studio moved to the WASM backend. Your classes, samples and model are kept${restarts ? ', and training restarts there' : ''}. Pick WebGL under Backend to try the GPU again.`,
    });
  }, [controller]);
  useEffect(() => {
    if (studio.notice) setNotice({ tone: 'warning', text: studio.notice });
  }, [studio.notice]);
  const model = useBackbone(backboneId, backendChoice, onContextLost);
  const backbone = model.phase === 'ready' ? model.backbone : null;
  useEffect(() => (backbone ? pageBackbone.open() : pageBackbone.close()), [backbone, pageBackbone]);
  const restoreTraining = useCallback((saved: SavedHead, id: BackboneId) => controller.restore(saved, id), [controller]);
  const resetTraining = useCallback(() => controller.reset(), [controller]);
  const camera = useCamera();
  // Motion gestures (classes of clips, the temporal model, live events) live in their own controller.
  const [motions] = useState(
    () =>
      new MotionController({
        newId: createId,
        now: () => performance.now(),
        setTimer: (run, ms) => {
          const timer = window.setTimeout(run, ms);
          return () => window.clearTimeout(timer);
        },
      }),
  );
  const motionState = useSyncExternalStore(motions.subscribe, motions.getState, motions.getState);
  useEffect(() => motions.attach(engine), [motions, engine]);
  // While an uploaded video is read, its frames go to the engine's hand tracker instead of the camera's.
  const [readingVideo, setReadingVideo] = useState(false);
  // The engine's hand tracker follows the camera and finds hands in stills (imports, evaluation, the check).
  const hands = studio.hands;
  const [chosenMode, setChosenMode] = useState<InputMode>(DEFAULT_HAND_MODE);
  // Without the hand model only whole frames work; the camera panel says why.
  const mode: InputMode = hands.phase === 'error' ? 'frame' : chosenMode;
  const handMode = framingOf(mode) === 'hand';
  // Every job's ML runs in the engine, which cancels it itself when it reloads or loses its context.
  const job = useJob();
  const { dataset } = studio;
  const [params, setParams] = useState<TrainParams>(DEFAULT_TRAIN_PARAMS);
  const [augment, setAugment] = useState<AugmentSettings>(DEFAULT_AUGMENT);
  const [strategyChoice, setStrategyChoice] = useState<StrategyChoice>('auto');
  const [threshold, setThreshold] = useState(DEFAULT_CONFIDENCE_THRESHOLD);
  const [recordingClassId, setRecordingClassId] = useState<string | null>(null);
  // What the gestures do (lib/actions): saved with the project.
  // Actions can be bound to poses and to motions (not to "no motion", which never fires).
  const actionClasses = useMemo(
    () => [...dataset.classes, ...motionState.classes.filter((c) => c.role === 'motion').map((c) => ({ id: c.id, name: c.name, kind: 'motion' as const }))],
    [dataset.classes, motionState.classes],
  );
  const actionSettings = useActionSettings(actionClasses);
  // Autosave (lib/storage): the open project is restored on load and saved as it changes.
  const projectContent = useMemo(
    () => ({ dataset, inputMode: chosenMode, settings: { train: params, augment, threshold }, actions: actionSettings.actions }),
    [dataset, chosenMode, params, augment, threshold, actionSettings.actions],
  );
  // What autosave and project files keep of the motions: the controller's own objects (compared by identity).
  const motionProject = useMemo(() => ({ classes: motionState.classes, trained: motionState.trained }), [motionState.classes, motionState.trained]);
  const autosave = useAutosave({
    motions: motionProject,
    restoreMotions: (restored) => motions.restore(restored),
    content: projectContent,
    trained: studio.trained,
    resetTraining,
    restoreTraining,
    emptyContent: () => ({
      dataset: createDataset(backboneId),
      inputMode: chosenMode,
      settings: { train: DEFAULT_TRAIN_PARAMS, augment: DEFAULT_AUGMENT, threshold: DEFAULT_CONFIDENCE_THRESHOLD },
      actions: NO_ACTIONS,
    }),
    onRestore: (project) => {
      setRecordingClassId(null);
      setEvaluation(null);
      controller.replaceDataset(project.dataset);
      setParams(project.settings.train);
      setAugment(project.settings.augment);
      setThreshold(project.settings.threshold);
      actionSettings.restore(project.actions);
      setChosenMode(project.inputMode);
      // Embeddings of a backbone this app no longer has are re-computed from the images by the current one.
      if (isBackboneId(project.dataset.backboneId)) setBackboneId(project.dataset.backboneId);
    },
  });
  const [notice, setNotice] = useState<{ tone: Tone; text: string } | null>(null);
  // The engine and the backbone it has loaded (null while it loads), for work that embeds with it.
  const loadedEngine = useMemo(() => (engine && engineBackbone ? { engine, backboneId: engineBackbone, loaded: engineLoad } : null), [engine, engineBackbone, engineLoad]);
  const projectFile = useProjectFile({
    motions: motionProject,
    projectName: autosave.current?.name ?? null,
    content: projectContent,
    trained: studio.trained,
    engine: loadedEngine,
    job,
    importProject: autosave.importProject,
    onNotice: (tone, text) => setNotice({ tone, text }),
  });
  const [evaluation, setEvaluation] = useState<FolderEvaluation | null>(null);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  useEffect(() => setVideo(camera.videoRef.current), [camera.videoRef]);

  const embeddingsCurrent = backbone !== null && dataset.backboneId === backbone.id;
  // Samples show either the hand's crop or the frame's centre; a mode of the other framing needs its own samples.
  const framingMatches = framingOfDataset(dataset) === framingOf(mode);
  const inputReady = framingMatches && (!handMode || engineHands);
  const classNames = dataset.classes.map((c) => c.name);
  const trained = studio.trained;
  // The model only fits while the classes (and the backbone its inputs came from) are unchanged.
  const modelFits =
    trained !== null && !modelLost && embeddingsCurrent && inputReady && trained.backboneId === backbone.id && trained.model.inputMode === mode && sameNames(trained.model.classNames, classNames);
  const staleReason =
    trained && !modelFits && !modelLost && studio.phase !== 'training'
      ? trained.model.inputMode !== mode
        ? 'You changed the input mode since the last training: train again to classify live.'
        : 'Your classes changed since the last training: train again to classify live.'
      : null;
  const newSince = sampleCount(dataset) - (trained?.samples ?? 0);
  const strategy = useMemo(() => chooseStrategy(strategyChoice, dataset.classes.map((c) => c.samples.length), mode), [strategyChoice, dataset.classes, mode]);

  // An empty project takes the framing of the chosen mode.
  useEffect(() => controller.frameEmptyDataset(framingOf(mode)), [controller, mode, dataset]);

  const showError = useCallback((error: unknown) => setNotice({ tone: 'error', text: error instanceof Error ? error.message : String(error) }), []);

  const onSample = useCallback(
    (classId: string, { embedding, image, landmarks }: { embedding: Float32Array; image: Blob; landmarks: Float32Array | null }) =>
      controller.addRecorded(classId, { id: createId('sample'), embedding, image, source: 'camera', ...(landmarks ? { landmarks } : {}) }),
    [controller],
  );

  // The engine classifies with its own copy of the model in use, sent in its saved form; until it
  // has it (and while the model does not fit the classes) frames are not classified.
  const liveModel = modelFits ? trained.model : null;
  useEffect(() => controller.useLiveModel(liveModel), [controller, liveModel]);
  const classifying = liveModel !== null && studio.classifying === liveModel;
  // The engine builds its copy of the model in use (its tensors) after this render: no tensor reading counts until it has.
  const sendingLiveModel = liveModel !== null && !classifying;

  const live = useLiveLoop({
    video,
    cameraOn: camera.status === 'on',
    engine,
    engineLoad,
    canEmbed: engineBackbone === dataset.backboneId && framingMatches && (!handMode || engineHands),
    classify: classifying,
    recordingClassId: job.job ? null : recordingClassId,
    hand: handMode && engineHands,
    motion: engineHands ? motions : null,
    paused: readingVideo,
    onSample,
    onError: showError,
  });

  const motionNetwork = useMemo(() => {
    const { trained: motionModel, classes } = motionState;
    if (motionModel) return { spec: motionModel.saved.spec, classNames: motionModel.saved.classNames, trained: true };
    return classes.length > 0 ? { spec: DEFAULT_MOTION_NET, classNames: classes.map((c) => c.name), trained: false } : null;
  }, [motionState]);
  // A pose or a motion clip is being recorded: gesture actions and background augmentation wait.
  const recording = recordingClassId !== null || motionState.recording !== null;
  const demo = useGestureDemo({
    settings: actionSettings,
    store: live,
    classes: actionClasses,
    threshold,
    paused: recording,
    motionEvents: motions,
  });


  const onViews = useCallback((views: ReadonlyMap<string, AugmentedViews>) => controller.addViews(views), [controller]);
  const pendingViews = useAugmentation({
    dataset,
    engine: loadedEngine,
    settings: augment,
    handsReady: engineHands,
    paused: recording,
    onViews,
    onError: showError,
  });

  // Embeddings only mean something for the backbone that made them: on a switch, recompute them all
  // from the stored crops (with progress and Cancel), and drop the model trained on the old ones.
  const runJob = job.run;

  /** Each uploaded video becomes one clip of the motion class (its first seconds, read frame by frame in the engine). */
  const handleMotionVideos = useCallback(
    (classId: string, files: File[]) => {
      const current = controller.engine;
      if (!current) return;
      void runJob(`Reading ${files.length} ${files.length === 1 ? 'video' : 'videos'}`, async (signal, progress) => {
        setReadingVideo(true);
        const skipped: string[] = [];
        try {
          for (const file of files) {
            const frames = await readVideoFrames(current, file, signal, progress).catch((error: unknown) => {
              skipped.push(error instanceof Error ? error.message : String(error));
              return [];
            });
            if (!frames) break; // cancelled
            if (frames.length > 0 && !motions.addVideoClip(classId, file.name, frames)) skipped.push(motions.getState().message ?? `“${file.name}” was not kept.`);
          }
        } finally {
          setReadingVideo(false);
        }
        if (skipped.length > 0) setNotice({ tone: 'warning', text: skipped.join(' ') });
      }).catch(showError);
    },
    [controller, motions, runJob, showError],
  );
  useEffect(() => {
    const current = () => controller.getState().dataset;
    if (!engine || !engineBackbone || current().backboneId === engineBackbone) return;
    const previous = current().backboneId;
    resetTraining();
    void runJob(`Re-computing embeddings with ${BACKBONES[engineBackbone].label}`, async (signal, progress) => {
      const reembedded = await reembedDataset(engine, current(), signal, progress);
      if (reembedded) controller.replaceDataset(reembedded);
      else setBackboneId(previous);
    }).catch(showError);
  }, [controller, engine, engineBackbone, resetTraining, runJob, setBackboneId, showError]);

  const handModeRef = useRef(handMode);
  handModeRef.current = handMode;
  /** Queues an embedding job; it uses the engine (its backbone) and the framing that are current when the job starts. */
  const embedInto = useCallback(
    (label: string, files: File[]): Promise<EmbedFilesResult<File> & { backboneId: BackboneId; framing: 'frame' | 'hand' }> =>
      runJob(label, async (signal, progress) => {
        const current = controller.engine;
        if (!current) throw new Error('The model is not loaded yet; try again in a moment.');
        const hand = handModeRef.current;
        const result = await runEngineJob(current, signal, (id) => current.embedFiles({ job: id, files, hand }, progress));
        return {
          processed: result.processed.map((p) => ({ ...p, file: files[p.file] })),
          failed: result.failed.map((f) => ({ ...f, file: files[f.file] })),
          cancelled: result.cancelled,
          backboneId: result.backboneId,
          framing: hand ? 'hand' : 'frame',
        };
      }),
    [runJob, controller],
  );

  const reportIngest = useCallback((result: EmbedFilesResult<File>, extraSkipped = 0) => {
    const added = result.processed.length;
    const noHand = result.failed.filter((f) => f.kind === 'no-hand').length;
    const skipped = result.failed.length - noHand + extraSkipped;
    const parts = [`Added ${added} ${added === 1 ? 'image' : 'images'}.`];
    if (noHand > 0) parts.push(`${noHand} ${noHand === 1 ? 'image was' : 'images were'} skipped because no hand was found in ${noHand === 1 ? 'it' : 'them'} (this input mode learns from the hand).`);
    // Name a few unreadable files and why, so a person can find and fix them.
    const reasons = result.failed.filter((f) => f.kind === 'unreadable').map((f) => f.reason);
    const named = reasons.slice(0, 3).join(' ') + (reasons.length > 3 ? ` And ${reasons.length - 3} more.` : '');
    if (skipped > 0) parts.push(`${skipped} ${skipped === 1 ? 'file was' : 'files were'} skipped: ${named || 'not an image inside a class folder.'}`);
    if (result.cancelled) parts.push('Cancelled: the rest were not added.');
    setNotice({ tone: skipped + noHand > 0 || result.cancelled ? 'warning' : 'info', text: parts.join(' ') });
  }, []);

  const handleUpload = useCallback(
    async (classId: string, files: File[]) => {
      const name = controller.getState().dataset.classes.find((c) => c.id === classId)?.name ?? 'class';
      const result = await embedInto(`Adding images to ${name}`, files).catch(showError);
      if (!result) return;
      const samples = toSamples(result, 'upload');
      controller.addEmbedded({ classId, samples }, result);
      reportIngest(result);
    },
    [controller, embedInto, reportIngest, showError],
  );

  const handleImport = async (files: File[]) => {
    const { groups, skipped } = groupByClassFolder(files);
    if (groups.size === 0) {
      setNotice({ tone: 'error', text: 'That folder has no images inside class subfolders. Pick a folder whose subfolders are named after your classes.' });
      return;
    }
    const result = await embedInto(`Importing ${[...groups.values()].flat().length} images`, [...groups.values()].flat()).catch(showError);
    if (!result) return;
    const made = toSamples(result, 'import');
    const samples = new Map(result.processed.map((p, i) => [p.file, made[i]]));
    const named = new Map<string, Sample[]>();
    for (const [name, list] of groups) {
      const inClass = list.flatMap((f) => samples.get(f) ?? []);
      if (inClass.length > 0) named.set(name, inClass);
    }
    controller.addEmbedded({ named }, result);
    reportIngest(result, skipped.length);
  };

  // Evaluation and the check use the engine's copy of the model in use (the live model it was sent).
  const handleEvaluate = async (files: File[]) => {
    if (!modelFits || !engine) return;
    const picked = files.map((file) => ({ file, path: file.webkitRelativePath || file.name }));
    const result = await runJob(`Evaluating on ${files.length} files`, (signal, progress) =>
      runEngineJob(engine, signal, (id) => engine.evaluate({ job: id, files: picked }, progress)),
    ).catch(showError);
    if (result) setEvaluation(result);
  };

  const robustness = useRobustnessCheck(job, trained);
  // The scenes cut the hand out along its landmarks: the check needs the hand model whatever the mode.
  const checkBlocker = !modelFits
    ? 'Train a model first: your classes or input mode changed since this one was trained.'
    : hands.phase === 'loading'
      ? 'Waiting for the hand model to load.'
      : hands.phase === 'error'
        ? NO_HAND_MODEL_MESSAGE
        : dataset.classes.some((c) => c.samples.some((s) => s.image !== null))
          ? null
          : NO_SAMPLES_MESSAGE;
  const checkRobustness = () => {
    if (!modelFits || !engine || !engineHands) return;
    void robustness.check(engine, dataset.classes);
  };

  const runningJob = job.job?.label ?? null;
  const motionTraining = motionState.phase === 'training';
  const trainBlocker = useMemo(() => {
    // A job changes the samples or uses the model and backbone: training waits for it, and says so.
    if (runningJob) return `Wait for “${runningJob}” to finish, then train.`;
    if (motionTraining) return 'Wait for the motion training to finish, then train.';
    if (!backbone || !engine) return 'Waiting for the model to load.';
    if (!framingMatches) return framingMismatch(dataset);
    if (handMode && !engineHands) return 'Waiting for the hand model to load.';
    if (augment.views > 0 && pendingViews > 0) return `Preparing augmented views: ${pendingViews} ${pendingViews === 1 ? 'sample' : 'samples'} left.`;
    try {
      checkTrainable(toTrainingSet(dataset, null, mode));
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }, [runningJob, motionTraining, backbone, engine, dataset, augment.views, pendingViews, framingMatches, handMode, engineHands, mode]);

  const train = () => void controller.train({ dataset, strategy, augment, params, mode });

  // Once the page's backbone is loaded on its new backend: rebuild the page's copy of a model lost
  // with a WebGL context (a run the loss interrupted restarts in the controller).
  useEffect(() => {
    if (!backbone || !modelLost) return;
    void controller.recover().then((outcome) => {
      setModelLost(false);
      if (outcome === 'dropped') setNotice({ tone: 'warning', text: 'The trained model was on the lost GPU context and could not be rebuilt; your samples are safe: train again.' });
    });
  }, [backbone, modelLost, controller]);

  const rename = useCallback((classId: string, name: string) => controller.renameClass(classId, name), [controller]);
  const record = useCallback((classId: string, on: boolean) => setRecordingClassId((cur) => (on ? classId : cur === classId ? null : cur)), []);
  const deleteSample = useCallback((classId: string, sampleId: string) => controller.removeSample(classId, sampleId), [controller]);
  const clear = useCallback((classId: string) => controller.clearClass(classId), [controller]);
  const deleteClass = useCallback((classId: string) => {
    const c = controller.getState().dataset.classes.find((x) => x.id === classId);
    if (c && c.samples.length > 0 && !window.confirm(`Delete "${c.name}" and its ${c.samples.length} samples?`)) return;
    controller.removeClass(classId);
  }, [controller]);

  const busy = job.job !== null || studio.phase === 'training';
  const canRecord = camera.status === 'on' && embeddingsCurrent && inputReady && !busy;
  const hasNoneClass = dataset.classes.some((c) => isNoneClass(c.name));
  const hint =
    camera.status !== 'on'
      ? 'Start the camera to see live predictions.'
      : studio.phase === 'training' && !classifying
        ? 'Training… live predictions start when it finishes.'
        : !modelFits
          ? 'Record samples for each class, then press Train.'
          : null;

  return (
    <div className="min-h-screen bg-slate-50">
      <HeaderBar
        model={model}
        engine={studio}
        engineTensors={studio.engineKind === 'worker' ? engine : null}
        backboneId={backboneId}
        backendChoice={backendChoice}
        disabled={busy}
        backendDisabled={job.job !== null}
        busy={busy || pendingViews > 0 || sendingLiveModel || motionState.phase === 'training' || motionState.syncing}
        onBackbone={setBackboneId}
        onBackend={chooseBackend}
        projects={<ProjectMenu autosave={autosave} projectFile={projectFile} disabled={busy} canImport={engine !== null} />}
      />
      {/* One column below lg, of minmax(0, 1fr): a wide table scrolls in its own box instead of widening the page. */}
      <main className="mx-auto grid max-w-7xl grid-cols-[minmax(0,1fr)] gap-4 p-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        {model.phase === 'error' && (
          <div className="lg:col-span-2">
            <Notice tone="error">{model.message}</Notice>
          </div>
        )}
        {notice && (
          <div className="flex items-start gap-2 lg:col-span-2" data-testid="notice" data-tone={notice.tone}>
            <div className="flex-1">
              <Notice tone={notice.tone} announce>
                {notice.text}
              </Notice>
            </div>
            <button type="button" className={buttonClass('secondary')} onClick={() => setNotice(null)}>
              Dismiss
            </button>
          </div>
        )}
        <div className="space-y-4">
          <CameraPanel
            camera={camera}
            store={live}
            mode={mode}
            onMode={setChosenMode}
            hands={hands}
            samplesFraming={sampleCount(dataset) > 0 ? framingOfDataset(dataset) : null}
            disabled={busy}
            extraActions={<PresentButton demo={demo} />}
            wrapPreview={(preview) => (
              <DemoStage
                demo={demo}
                preview={preview}
                store={live}
                threshold={threshold}
                onStartCamera={camera.status === 'on' ? undefined : () => camera.start(camera.deviceId ?? undefined)}
                motion={<MotionEvents motions={motions} variant="stage" />}
              />
            )}
          />
          <PredictionPanel
            store={live}
            hint={hint}
            speaker={studio.phase === 'training' && classifying ? 'Training a new model: these labels come from the previous one until it is ready.' : null}
            threshold={threshold}
            onThreshold={setThreshold}
            ring={<ChargingRing trigger={demo.firing.trigger} />}
            motion={
              <MotionEvents motions={motions}>
                {motionState.recognising && motionState.trained && <MotionBars store={live} classNames={motionState.trained.saved.classNames} />}
              </MotionEvents>
            }
          />
          <ActionsPanel classes={actionClasses} settings={actionSettings} firing={demo.firing} />
          <TrainPanel
            training={studio}
            onCancel={() => controller.cancel()}
            params={params}
            onParams={setParams}
            strategy={strategy}
            strategyChoice={strategyChoice}
            onStrategyChoice={setStrategyChoice}
            augment={augment}
            onAugment={setAugment}
            pendingViews={augment.views > 0 ? pendingViews : 0}
            onTrain={train}
            disabledReason={trainBlocker}
            staleReason={staleReason ?? (modelFits && newSince > 0 ? `${newSince} new samples since the last training: train again to use them.` : null)}
            modelFits={modelFits}
            checks={<RobustnessCheck robustness={robustness} blocker={checkBlocker} busy={busy} onCheck={checkRobustness} />}
            motionModel={motions.modelFits ? (motionState.trained?.saved ?? null) : null}
          />
          <GamePanel session={demo.game} presenting={demo.presentation.mode !== null} />
        </div>
        <div className="space-y-4">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-base font-semibold text-slate-900">
              Classes <span className="text-sm font-normal text-slate-600">({dataset.classes.length} classes, {sampleCount(dataset)} samples)</span>
            </h2>
            <div className="flex gap-2">
              {!hasNoneClass && (
                <button
                  type="button"
                  className={buttonClass('secondary')}
                  disabled={busy}
                  title="Record your background, no hand, and other hand shapes here, so the model can say “no gesture” instead of guessing."
                  onClick={() => controller.addClass(NONE_CLASS_NAME)}
                >
                  Add “{NONE_CLASS_NAME}” class
                </button>
              )}
              <button type="button" className={buttonClass('primary')} disabled={busy} onClick={() => controller.addClass()}>
                Add class
              </button>
            </div>
          </div>
          {!hasNoneClass && (
            <p className="text-sm text-slate-600">
              Tip: add a “{NONE_CLASS_NAME}” class with your background and other hand shapes, so the model can answer “no gesture” instead of guessing.
            </p>
          )}
          {dataset.classes.length === 0 && <Notice tone="info">No classes yet. Press “Add class”, or import a dataset folder below.</Notice>}
          <div className="grid gap-3 xl:grid-cols-2">
            {dataset.classes.map((c) => (
              <ClassCard
                key={c.id}
                gestureClass={c}
                allClasses={dataset.classes}
                recording={recordingClassId === c.id}
                canRecord={canRecord}
                busy={busy}
                onRename={rename}
                onRecord={record}
                onUpload={handleUpload}
                onDeleteSample={deleteSample}
                onClear={clear}
                onDelete={deleteClass}
              />
            ))}
          </div>
          <DataPanel job={job} canImport={engine !== null && !busy} canEvaluate={modelFits && !busy} onImport={handleImport} onEvaluate={handleEvaluate} evaluation={evaluation} />
          <MotionPanel motions={motions} canRecord={camera.status === 'on' && engineHands && !readingVideo} canUpload={engine !== null && engineHands} busy={busy} mirrored={camera.facing !== 'environment'} poseModelReady={studio.trained !== null && modelFits} onVideos={handleMotionVideos} />
        </div>
        <div className="lg:col-span-2">
          <NetworkPanel backbone={backbone} video={video} cameraOn={camera.status === 'on'} classes={dataset.classes} trained={studio.trained} motion={motionNetwork} />
        </div>
      </main>
    </div>
  );
}

function toSamples(result: EmbedFilesResult<File>, source: SampleSource): Sample[] {
  return result.processed.map((p) => ({ id: createId('sample'), embedding: p.result, image: p.image, source, ...(p.landmarks ? { landmarks: p.landmarks } : {}) }));
}


/** Why a mode of the other framing cannot use the samples there are. */
function framingMismatch(ds: Dataset): string {
  return framingOfDataset(ds) === 'hand'
    ? 'Your samples are crops around the hand; this input mode needs whole-frame samples. Switch back to a hand mode, or clear the classes to record again.'
    : 'Your samples are whole frames; the hand modes need samples cropped to the hand. Switch back to “Whole frame”, or clear the classes to record again.';
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
