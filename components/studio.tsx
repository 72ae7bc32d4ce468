'use client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { DEFAULT_AUGMENT, type AugmentSettings } from '@/lib/augment';
import { DEFAULT_BACKBONE, type BackboneId } from '@/lib/backbone';
import { DEFAULT_CONFIDENCE_THRESHOLD } from '@/lib/classify';
import {
  addClass,
  addSamples,
  clearClass,
  createDataset,
  createId,
  groupByClassFolder,
  isNoneClass,
  mergeNamedSamples,
  NONE_CLASS_NAME,
  removeClass,
  removeSample,
  renameClass,
  sampleCount,
  toTrainingSet,
  withViews,
  type AugmentedViews,
  type Dataset,
  type Sample,
  type SampleSource,
} from '@/lib/dataset';
import { useAugmentation, useBackbone, useCamera, useJob, useLiveLoop, useTraining } from '@/lib/hooks';
import { embedFiles, type EmbedFilesResult } from '@/lib/ingest';
import { chooseStrategy, evaluateFolder, type FolderEvaluation, type StrategyChoice } from '@/lib/pipeline';
import type { BackendChoice } from '@/lib/tf';
import { checkTrainable, DEFAULT_TRAIN_PARAMS, type TrainParams } from '@/lib/train';
import { CameraPanel } from './camera-panel';
import { ClassCard } from './class-card';
import { DataPanel } from './data-panel';
import { HeaderBar } from './header-bar';
import { PredictionPanel } from './prediction-panel';
import { TrainPanel } from './train-panel';
import { buttonClass, Notice } from './ui';

type Tone = 'info' | 'warning' | 'error';

export default function Studio() {
  const [backboneId, setBackboneId] = useState<BackboneId>(DEFAULT_BACKBONE);
  const [backendChoice, setBackendChoice] = useState<BackendChoice>('auto');
  const model = useBackbone(backboneId, backendChoice);
  const backbone = model.phase === 'ready' ? model.backbone : null;
  const camera = useCamera();
  const training = useTraining();
  const job = useJob();
  const [dataset, setDataset] = useState<Dataset>(() => createDataset(DEFAULT_BACKBONE));
  const datasetRef = useRef(dataset);
  datasetRef.current = dataset;
  const [params, setParams] = useState<TrainParams>(DEFAULT_TRAIN_PARAMS);
  const [augment, setAugment] = useState<AugmentSettings>(DEFAULT_AUGMENT);
  const [strategyChoice, setStrategyChoice] = useState<StrategyChoice>('auto');
  const [threshold, setThreshold] = useState(DEFAULT_CONFIDENCE_THRESHOLD);
  const [recordingClassId, setRecordingClassId] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ tone: Tone; text: string } | null>(null);
  const [evaluation, setEvaluation] = useState<FolderEvaluation | null>(null);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  useEffect(() => setVideo(camera.videoRef.current), [camera.videoRef]);

  const embeddingsCurrent = backbone !== null && dataset.backboneId === backbone.id;
  const classNames = dataset.classes.map((c) => c.name);
  const trained = training.trained;
  // The model only fits while the classes (and the backbone its inputs came from) are unchanged.
  const modelFits = trained !== null && embeddingsCurrent && trained.backboneId === backbone.id && sameNames(trained.model.classNames, classNames);
  const staleReason = trained && !modelFits && training.phase !== 'training' ? 'Your classes changed since the last training: train again to classify live.' : null;
  const newSince = sampleCount(dataset) - (trained?.samples ?? 0);
  const strategy = useMemo(() => chooseStrategy(strategyChoice, dataset.classes.map((c) => c.samples.length)), [strategyChoice, dataset.classes]);

  const showError = useCallback((error: unknown) => setNotice({ tone: 'error', text: error instanceof Error ? error.message : String(error) }), []);

  const onSample = useCallback((classId: string, embedding: Float32Array, image: Blob) => {
    setDataset((ds) => {
      // A frame embedded just before a backbone switch no longer fits this dataset: drop it.
      const first = ds.classes.flatMap((c) => c.samples)[0];
      if ((first && first.embedding.length !== embedding.length) || !ds.classes.some((c) => c.id === classId)) return ds;
      return addSamples(ds, classId, [{ id: createId('sample'), embedding, image, source: 'camera' }]);
    });
  }, []);

  const live = useLiveLoop({
    video,
    cameraOn: camera.status === 'on',
    backbone: embeddingsCurrent ? backbone : null,
    model: modelFits && training.phase !== 'training' ? trained.model : null,
    recordingClassId: job.job ? null : recordingClassId,
    onSample,
    onError: showError,
  });

  const onViews = useCallback((views: ReadonlyMap<string, AugmentedViews>) => setDataset((ds) => withViews(ds, views)), []);
  const pendingViews = useAugmentation({ dataset, backbone: embeddingsCurrent ? backbone : null, settings: augment, onViews, onError: showError });

  // Embeddings only mean something for the backbone that made them: on a switch, recompute them all
  // from the stored crops (with progress and Cancel), and drop the model trained on the old ones.
  const resetTraining = training.reset;
  const runJob = job.run;
  useEffect(() => {
    if (!backbone || datasetRef.current.backboneId === backbone.id) return;
    const previous = datasetRef.current.backboneId;
    resetTraining();
    void runJob(`Re-computing embeddings with ${backbone.label}`, async (signal, progress) => {
      const ds = datasetRef.current;
      const samples = ds.classes.flatMap((c) => c.samples.filter((s) => s.image !== null));
      const result = await embedFiles(backbone, samples.map((s) => new File([s.image as Blob], s.id)), { signal, onProgress: progress });
      if (result.cancelled) {
        setBackboneId(previous);
        return;
      }
      const fresh = new Map(result.processed.map((e) => [e.file.name, e.result]));
      setDataset({
        backboneId: backbone.id,
        classes: ds.classes.map((c) => ({
          ...c,
          samples: c.samples.flatMap((s) => {
            const embedding = fresh.get(s.id);
            return embedding ? [{ ...s, embedding, views: undefined }] : [];
          }),
        })),
      });
    }).catch(showError);
  }, [backbone, resetTraining, runJob, showError]);

  const backboneRef = useRef(backbone);
  backboneRef.current = backbone;
  /** Queues an embedding job; it uses the backbone that is current when the job starts. */
  const embedInto = useCallback(
    (label: string, files: File[]): Promise<EmbedFilesResult<File> & { backboneId: BackboneId }> =>
      runJob(label, async (signal, progress) => {
        const current = backboneRef.current;
        if (!current) throw new Error('The model is not loaded yet; try again in a moment.');
        return { ...(await embedFiles(current, files, { signal, onProgress: progress })), backboneId: current.id };
      }),
    [runJob],
  );

  const reportIngest = useCallback((result: EmbedFilesResult<File>, extraSkipped = 0) => {
    const added = result.processed.length;
    const skipped = result.failed.length + extraSkipped;
    const parts = [`Added ${added} ${added === 1 ? 'image' : 'images'}.`];
    if (skipped > 0) parts.push(`${skipped} ${skipped === 1 ? 'file was' : 'files were'} skipped: ${result.failed[0]?.reason ?? 'not an image inside a class folder'}`);
    if (result.cancelled) parts.push('Cancelled: the rest were not added.');
    setNotice({ tone: skipped > 0 || result.cancelled ? 'warning' : 'info', text: parts.join(' ') });
  }, []);

  const handleUpload = useCallback(
    async (classId: string, files: File[]) => {
      const name = datasetRef.current.classes.find((c) => c.id === classId)?.name ?? 'class';
      const result = await embedInto(`Adding images to ${name}`, files).catch(showError);
      if (!result) return;
      const samples = toSamples(result, 'upload');
      setDataset((ds) => (ds.backboneId === result.backboneId && ds.classes.some((c) => c.id === classId) ? addSamples(ds, classId, samples) : ds));
      reportIngest(result);
    },
    [embedInto, reportIngest, showError],
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
    setDataset((ds) => (ds.backboneId === result.backboneId ? mergeNamedSamples(ds, named) : ds));
    reportIngest(result, skipped.length);
  };

  const handleEvaluate = async (files: File[]) => {
    if (!trained || !modelFits || !backbone) return;
    const result = await runJob(`Evaluating on ${files.length} files`, (signal, progress) => evaluateFolder(files, trained.model, backbone, { signal, onProgress: progress })).catch(showError);
    if (result) setEvaluation(result);
  };

  const trainBlocker = useMemo(() => {
    if (!backbone) return 'Waiting for the model to load.';
    if (augment.views > 0 && pendingViews > 0) return `Preparing augmented views: ${pendingViews} ${pendingViews === 1 ? 'sample' : 'samples'} left.`;
    try {
      checkTrainable(toTrainingSet(dataset));
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }, [backbone, dataset, augment.views, pendingViews]);

  const train = () => {
    if (backbone) void training.train({ dataset, backbone, strategy, augment, params });
  };

  const rename = useCallback((classId: string, name: string) => setDataset((ds) => renameClass(ds, classId, name)), []);
  const record = useCallback((classId: string, on: boolean) => setRecordingClassId((cur) => (on ? classId : cur === classId ? null : cur)), []);
  const deleteSample = useCallback((classId: string, sampleId: string) => setDataset((ds) => removeSample(ds, classId, sampleId)), []);
  const clear = useCallback((classId: string) => setDataset((ds) => clearClass(ds, classId)), []);
  const deleteClass = useCallback((classId: string) => {
    const c = datasetRef.current.classes.find((x) => x.id === classId);
    if (c && c.samples.length > 0 && !window.confirm(`Delete "${c.name}" and its ${c.samples.length} samples?`)) return;
    setDataset((ds) => removeClass(ds, classId));
  }, []);

  const busy = job.job !== null || training.phase === 'training';
  const canRecord = camera.status === 'on' && embeddingsCurrent && !busy;
  const hasNoneClass = dataset.classes.some((c) => isNoneClass(c.name));
  const hint =
    camera.status !== 'on'
      ? 'Start the camera to see live predictions.'
      : training.phase === 'training'
        ? 'Training… live predictions resume when it finishes.'
        : !modelFits
          ? 'Record samples for each class, then press Train.'
          : null;

  return (
    <div className="min-h-screen bg-slate-50">
      <HeaderBar model={model} backboneId={backboneId} backendChoice={backendChoice} disabled={busy} onBackbone={setBackboneId} onBackend={setBackendChoice} />
      <main className="mx-auto grid max-w-7xl gap-4 p-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        {model.phase === 'error' && (
          <div className="lg:col-span-2">
            <Notice tone="error">{model.message}</Notice>
          </div>
        )}
        {notice && (
          <div className="flex items-start gap-2 lg:col-span-2" data-testid="notice" data-tone={notice.tone}>
            <div className="flex-1">
              <Notice tone={notice.tone}>{notice.text}</Notice>
            </div>
            <button type="button" className={buttonClass('secondary')} onClick={() => setNotice(null)}>
              Dismiss
            </button>
          </div>
        )}
        <div className="space-y-4">
          <CameraPanel camera={camera} />
          <PredictionPanel store={live} hint={hint} threshold={threshold} onThreshold={setThreshold} />
          <TrainPanel
            training={training}
            params={params}
            onParams={setParams}
            strategy={strategy}
            strategyChoice={strategyChoice}
            onStrategyChoice={setStrategyChoice}
            augment={augment}
            onAugment={setAugment}
            pendingViews={augment.views > 0 ? pendingViews : 0}
            onTrain={train}
            disabledReason={busy ? null : trainBlocker}
            staleReason={staleReason ?? (modelFits && newSince > 0 ? `${newSince} new samples since the last training: train again to use them.` : null)}
          />
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
                  onClick={() => setDataset((ds) => addClass(ds, NONE_CLASS_NAME))}
                >
                  Add “{NONE_CLASS_NAME}” class
                </button>
              )}
              <button type="button" className={buttonClass('primary')} disabled={busy} onClick={() => setDataset((ds) => addClass(ds))}>
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
          <DataPanel job={job} canImport={backbone !== null && !busy} canEvaluate={modelFits && !busy} onImport={handleImport} onEvaluate={handleEvaluate} evaluation={evaluation} />
        </div>
      </main>
    </div>
  );
}

function toSamples(result: EmbedFilesResult<File>, source: SampleSource): Sample[] {
  return result.processed.map((p) => ({ id: createId('sample'), embedding: p.result, image: p.image, source }));
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
