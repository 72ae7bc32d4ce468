import type { BackboneId } from '../backbone';
import type { LiveModel } from '../classify';
import type { EngineConnection, EngineEvent, EngineKind } from '../engine';
import type { EngineModel, EngineTrainRequest } from '../engine/protocol';
import type { AugmentSettings } from '../augment';
import {
  acceptImported,
  acceptRecorded,
  acceptUploaded,
  addClass,
  clearClass,
  createDataset,
  framingOfDataset,
  removeClass,
  removeSample,
  renameClass,
  sampleCount,
  withViews,
  type AugmentedViews,
  type Dataset,
  type Framing,
  type MadeBy,
  type Sample,
} from '../dataset';
import { strategyOfKind, type TrainedModel } from '../pipeline';
import type { StoredHead } from '../storage';
import type { BackendChoice, BackendReport } from '../tf';
import { ModelRestoreError, TrainingError, type EpochReport } from '../train';

/** A training run as the studio asks for it: the engine trains with the backbone it has loaded. */
export type TrainJob = EngineTrainRequest;

/** A model saved with a project (a head or a fine-tuned network): enough to rebuild it and say what it was trained on. */
export type SavedHead = StoredHead & { readonly augment: AugmentSettings };

export type TrainPhase = 'idle' | 'training' | 'trained' | 'cancelled' | 'error';
export type HandsState = { readonly phase: 'loading' } | { readonly phase: 'ready' } | { readonly phase: 'error'; readonly message: string };
export type EngineStatus =
  | { readonly phase: 'starting'; readonly report: BackendReport | null }
  | { readonly phase: 'ready'; readonly report: BackendReport }
  | { readonly phase: 'error'; readonly message: string };

/** A slow step of a run (cut activations, comparison runs), for a progress line. */
export interface StageProgress {
  readonly label: string;
  readonly done: number;
  readonly total: number;
}

/** Everything the studio shows about its classes and ML: the samples, where the ML runs, what is loaded, and the model. */
export interface StudioState {
  /** The classes and their samples (embedded by `dataset.backboneId`). */
  readonly dataset: Dataset;
  readonly backboneId: BackboneId;
  readonly backendChoice: BackendChoice;
  /** Where the engine runs (null until it has started) and, when not where asked, why. */
  readonly engineKind: EngineKind | null;
  readonly engineFallback: string | null;
  readonly engine: EngineStatus;
  /** Bumped by each finished load: work bound to the previous backend (the live loop) restarts. */
  readonly engineLoad: number;
  readonly hands: HandsState;
  readonly phase: TrainPhase;
  /** The model in use, with how it was made; null until the first successful training. */
  readonly trained: TrainedModel | null;
  /** Epochs of the run in progress, or of the last run. */
  readonly history: readonly EpochReport[];
  readonly stage: StageProgress | null;
  /** Why the last run or restore failed or was cancelled, in one sentence. */
  readonly message: string | null;
  /** The model the engine classifies live frames with (one the page asked for with `useLiveModel`), or null. */
  readonly classifying: LiveModel | null;
  /** Something the person should know that no control shows (the engine moved off a lost GPU context). */
  readonly notice: string | null;
}

/** What the controller needs from the world; tests pass fakes. */
export interface ControllerDeps {
  /** Starts the engine (lib/engine `connectEngine`). */
  connect(onEvent: (event: EngineEvent) => void): Promise<EngineConnection>;
  /**
   * The page's own copy of a model the engine made or a project saved (evaluation, export and saving
   * use it), for samples `backboneId` embeds; rejects with a `ModelRestoreError` when it cannot be.
   */
  restoreModel(saved: EngineModel, backboneId: BackboneId): Promise<LiveModel>;
}

/**
 * The studio's ML orchestration, outside React: it owns the engine (lib/engine), what is loaded on
 * it, the trained model and training runs, and keeps the engine's live model in step with the page's.
 * Components read `getState()` (through `useSyncExternalStore`) and call the intents; nothing here
 * knows about React. Rules it keeps:
 * - a new model replaces (and disposes) the old only when training succeeds;
 * - a backend switch during training abandons the run and restarts it once the engine is loaded again;
 * - after the page's WebGL context is lost, the model in use is rebuilt from its saved weights;
 * - results of work overtaken by newer work (a restore after a reset, a load after another) are dropped.
 */
export class StudioController {
  private state: StudioState;
  private readonly listeners = new Set<() => void>();
  private connection: EngineConnection | null = null;
  private disposed = false;
  // Bumped by each start: a connection that arrives after the controller was stopped (or restarted) is closed.
  private sessions = 0;
  private loads = 0;
  private abort: AbortController | null = null;
  // Bumped by train, reset, restore and recover, so a result that finishes after one of them is dropped.
  private generation = 0;
  // The model's saved form, taken when it was made: what `recover` rebuilds from.
  private snapshot: { model: LiveModel; saved: EngineModel } | null = null;
  private restartJob: TrainJob | null = null;
  private lastJob: TrainJob | null = null;
  private wanted: LiveModel | null = null;
  private syncs = 0;

  constructor(
    private readonly deps: ControllerDeps,
    initial: { backboneId: BackboneId; backendChoice?: BackendChoice },
  ) {
    this.state = {
      dataset: createDataset(initial.backboneId),
      backboneId: initial.backboneId,
      backendChoice: initial.backendChoice ?? 'auto',
      engineKind: null,
      engineFallback: null,
      engine: { phase: 'starting', report: null },
      engineLoad: 0,
      hands: { phase: 'loading' },
      phase: 'idle',
      trained: null,
      history: [],
      stage: null,
      message: null,
      classifying: null,
      notice: null,
    };
  }

  getState = (): StudioState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  // --- Classes and samples (lib/dataset): every change to them goes through these. ---

  addClass(name?: string): void {
    this.setDataset(addClass(this.state.dataset, name));
  }

  renameClass(classId: string, name: string): void {
    this.setDataset(renameClass(this.state.dataset, classId, name));
  }

  removeClass(classId: string): void {
    this.setDataset(removeClass(this.state.dataset, classId));
  }

  clearClass(classId: string): void {
    this.setDataset(clearClass(this.state.dataset, classId));
  }

  removeSample(classId: string, sampleId: string): void {
    this.setDataset(removeSample(this.state.dataset, classId, sampleId));
  }

  /** A frame recorded live (dropped if it no longer fits: see lib/dataset `acceptRecorded`). */
  addRecorded(classId: string, sample: Sample): void {
    this.setDataset(acceptRecorded(this.state.dataset, classId, sample));
  }

  /** Uploaded files' samples for one class, or an imported folder's by class name; dropped if the backbone or framing changed meanwhile. */
  addEmbedded(into: { readonly classId: string; readonly samples: readonly Sample[] } | { readonly named: ReadonlyMap<string, readonly Sample[]> }, made: MadeBy): void {
    const { dataset } = this.state;
    this.setDataset('named' in into ? acceptImported(dataset, into.named, made) : acceptUploaded(dataset, into.classId, into.samples, made));
  }

  /** Augmented views' embeddings for the samples they were made from. */
  addViews(views: ReadonlyMap<string, AugmentedViews>): void {
    this.setDataset(withViews(this.state.dataset, views));
  }

  /** Replaces the classes and samples (a project opened, or every sample re-embedded by a new backbone). */
  replaceDataset(dataset: Dataset): void {
    this.setDataset(dataset);
  }

  /** An empty project takes the framing of the chosen input mode; one with samples keeps theirs. */
  frameEmptyDataset(framing: Framing): void {
    const { dataset } = this.state;
    if (sampleCount(dataset) === 0 && framingOfDataset(dataset) !== framing) this.setDataset({ ...dataset, framing });
  }

  private setDataset(dataset: Dataset): void {
    if (dataset !== this.state.dataset) this.set({ dataset });
  }

  /** The engine's connection, once started (the live loop and augmentation talk to it directly). */
  get engine() {
    return this.state.engine.phase === 'ready' ? (this.connection?.engine ?? null) : null;
  }

  /**
   * Starts the engine and its hand tracker, and loads the backbone. Returns the stop, which closes
   * the engine (React runs effects twice in development: a stopped controller can start again).
   */
  start(): () => void {
    const session = ++this.sessions;
    this.disposed = false;
    void this.deps.connect((event) => this.onEngineEvent(event)).then(async (connection) => {
      if (session !== this.sessions || this.disposed) return connection.close();
      this.connection = connection;
      this.set({ engineKind: connection.kind, engineFallback: connection.fallback });
      void connection.engine.loadHands().then((message) => session === this.sessions && this.set({ hands: message === null ? { phase: 'ready' } : { phase: 'error', message } }));
      await this.load();
    });
    return () => this.stop();
  }

  private stop(): void {
    this.sessions += 1;
    this.abort?.abort();
    this.abort = null;
    this.connection?.close();
    this.connection = null;
    this.set({ engine: { phase: 'starting', report: null }, hands: { phase: 'loading' }, classifying: null });
    this.disposed = true;
  }

  chooseBackbone(backboneId: BackboneId): void {
    if (backboneId === this.state.backboneId) return;
    this.set({ backboneId });
    void this.load();
  }

  /** A backend change abandons a training run (its backend is going away); it restarts once the engine is loaded again. */
  chooseBackend(choice: BackendChoice): boolean {
    const restarts = this.abandonForRestart();
    this.set({ backendChoice: choice });
    void this.load();
    return restarts;
  }

  /**
   * The page's WebGL context was lost with every tensor on it: the page moves to WASM (so does the
   * engine, with the choice), and the model in use is rebuilt from its saved weights there.
   * Resolves to whether a training run will restart.
   */
  pageContextLost(): boolean {
    const restarts = this.abandonForRestart();
    this.set({ backendChoice: 'wasm' });
    void this.load();
    return restarts;
  }

  /** Rebuilds the page's copy of the model in use after its tensors were lost; see `pageContextLost`. */
  async recover(): Promise<'rebuilt' | 'dropped' | 'none'> {
    const current = this.state.trained;
    if (!current) return 'none';
    const generation = ++this.generation;
    const snapshot = this.snapshot?.model === current.model ? this.snapshot : null;
    const model = snapshot ? await this.deps.restoreModel(snapshot.saved, current.backboneId).catch(() => null) : null;
    if (generation !== this.generation) {
      model?.dispose();
      return 'none';
    }
    if (!model || !snapshot) {
      this.snapshot = null;
      this.set({ trained: null, phase: 'idle' });
      return 'dropped';
    }
    // The old model's weights died with the context: nothing of it is left to dispose.
    this.snapshot = { model, saved: snapshot.saved };
    this.set({ trained: { ...current, model } });
    return 'rebuilt';
  }

  async train(job: TrainJob): Promise<void> {
    const connection = this.connection;
    if (this.abort || !connection || this.state.engine.phase !== 'ready') return;
    const generation = ++this.generation;
    const abort = new AbortController();
    this.abort = abort;
    this.lastJob = job;
    this.set({ phase: 'training', history: [], message: null });
    abort.signal.addEventListener('abort', () => connection.engine.cancelTraining());
    try {
      const result = await connection.engine.train(job, {
        onEpoch: (report) => generation === this.generation && this.set({ stage: null, history: [...this.state.history, report] }),
        onStage: (label, done, total) => generation === this.generation && this.set({ stage: { label, done, total } }),
      });
      if (generation !== this.generation) return; // abandoned or reset meanwhile: this run's model is not wanted
      if (!result || abort.signal.aborted) {
        this.set({ phase: this.state.trained ? 'trained' : 'cancelled', message: 'Training was cancelled; the previous model (if any) is still in use.' });
        return;
      }
      const { saved, ...made } = result;
      const model = await this.deps.restoreModel(saved, saved.backboneId);
      if (generation !== this.generation) {
        model.dispose();
        return;
      }
      this.replace({ ...made, model }, saved);
      this.set({ phase: 'trained' });
    } catch (error) {
      if (generation !== this.generation) return;
      this.set({ phase: 'error', message: error instanceof TrainingError ? error.message : `Training failed: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      if (generation === this.generation) {
        this.set({ stage: null });
        this.abort = null;
      }
    }
  }

  cancel(): void {
    this.abort?.abort();
  }

  /** Drops the model, e.g. when the backbone changes and its embeddings no longer mean the same. */
  reset(): void {
    this.generation += 1;
    this.abort?.abort();
    this.abort = null;
    this.restartJob = null;
    this.replace(null, null);
    this.set({ stage: null, history: [], phase: 'idle', message: null });
  }

  /**
   * Puts a saved model back in use (a restored project's), replacing the current one. Resolves to
   * false, changing nothing, when training or `reset` came first, or when the model cannot be
   * rebuilt (then `message` says why and to train again).
   */
  async restore(saved: SavedHead, backboneId: BackboneId): Promise<boolean> {
    if (this.abort) return false;
    const generation = ++this.generation;
    let model: LiveModel;
    try {
      model = await this.deps.restoreModel(saved, backboneId);
    } catch (error) {
      if (generation === this.generation) {
        this.set({ message: error instanceof ModelRestoreError ? error.message : `The saved model could not be rebuilt (${error instanceof Error ? error.message : String(error)}): train again.` });
      }
      return false;
    }
    if (generation !== this.generation) {
      model.dispose();
      return false;
    }
    const kind = saved.trainableBlocks === 2 ? 'fine-tune-more' : saved.trainableBlocks === 1 ? 'fine-tune-top' : 'head-only';
    this.replace(
      {
        model,
        backboneId: saved.backboneId,
        strategy: { ...strategyOfKind(kind), reason: 'Restored from the saved project.' },
        augment: saved.augment,
        history: [],
        bestEpoch: 0,
        stoppedEarly: false,
        samples: saved.trainedSamples,
        durationMs: 0,
        contributions: [],
      },
      saved,
    );
    this.set({ history: [], phase: 'trained', message: null });
    return true;
  }

  /**
   * The model live frames should be classified with (the page's model when it fits the classes and
   * mode), or null. The engine gets its saved form; `classifying` says once it has it.
   */
  useLiveModel(model: LiveModel | null): void {
    if (model === this.wanted) return;
    this.wanted = model;
    void this.syncLiveModel();
  }

  private async syncLiveModel(): Promise<void> {
    const connection = this.connection;
    if (!connection || this.state.engine.phase !== 'ready') return;
    const sync = ++this.syncs;
    const model = this.wanted;
    this.set({ classifying: null });
    // Every model in use was made or restored here, with its saved form kept beside it.
    const saved = model && this.snapshot?.model === model ? this.snapshot.saved : null;
    await connection.engine.setModel(saved);
    if (sync === this.syncs && !this.disposed) this.set({ classifying: model });
  }

  private async load(): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    const load = ++this.loads;
    const { backendChoice, backboneId } = this.state;
    this.set({ engine: { phase: 'starting', report: this.state.engine.phase === 'ready' ? this.state.engine.report : null }, classifying: null });
    try {
      const report = await connection.engine.load(backendChoice, backboneId);
      if (load !== this.loads || this.disposed) return;
      this.set({ engine: { phase: 'ready', report }, engineLoad: load });
    } catch (error) {
      if (load === this.loads && !this.disposed) this.set({ engine: { phase: 'error', message: error instanceof Error ? error.message : String(error) } });
      return;
    }
    this.syncs += 1; // a sync to the previous load is void: the engine rebuilt its model itself
    await this.syncLiveModel();
    const restart = this.restartJob;
    if (restart && load === this.loads) {
      this.restartJob = null;
      await this.train(restart);
    }
  }

  private abandonForRestart(): boolean {
    if (!this.abort) return false;
    this.restartJob = this.lastJob;
    this.generation += 1;
    this.abort.abort();
    this.abort = null;
    this.set({ stage: null, phase: this.state.trained ? 'trained' : 'idle' });
    return true;
  }

  private replace(next: TrainedModel | null, saved: EngineModel | SavedHead | null): void {
    const previous = this.state.trained;
    if (previous && previous.model !== next?.model) previous.model.dispose();
    this.snapshot = next && saved ? { model: next.model, saved: { ...saved, backboneId: next.backboneId } } : null;
    this.set({ trained: next });
  }

  private onEngineEvent(event: EngineEvent): void {
    this.set({ notice: event.message });
  }

  private set(patch: Partial<StudioState>): void {
    if (this.disposed) return;
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((listener) => listener());
  }
}
