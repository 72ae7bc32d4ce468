import { BACKBONES } from '../backbone';
import { framingOf, type InputMode } from '../dataset';
import type { Engine, EngineConnection, EngineEvent, EngineKind } from '../engine';
import type { BackendReport } from '../tf';
import { MotionFeed } from './motion-feed';
import { BundleError, readModelBundle, type PlayerBundle } from './read-bundle';

/** What the player says about the model it plays. */
export interface BundleSummary {
  readonly name: string;
  readonly labels: readonly string[];
  readonly inputMode: InputMode;
  readonly backbone: string;
  /** When it was exported (ISO 8601), and by which Gesture Studio. */
  readonly createdAt: string;
  readonly appVersion: string;
  /** Backbone blocks fine-tuned with the head (0: a head on the frozen backbone). */
  readonly fineTunedBlocks: 0 | 1 | 2;
  /** The motions its motion model fires (its labels but "no motion"); empty when it has no motion model. */
  readonly motions: readonly string[];
}

export type PlayerPhase = 'empty' | 'opening' | 'ready';

export interface PlayerState {
  /** Nothing to play yet, a bundle being read and loaded, or one classifying. */
  readonly phase: PlayerPhase;
  /** The bundle being opened or played. */
  readonly bundle: BundleSummary | null;
  /** The step of an opening in progress, for a status line. */
  readonly step: string | null;
  /** Why the last file could not be played, in one sentence (the bundle playing before, if any, plays on). */
  readonly refusal: string | null;
  /** That file's name. */
  readonly refusedName: string | null;
  /** Something the person should know that no control shows (the engine moved off a lost GPU context). */
  readonly notice: string | null;
  readonly backend: BackendReport | null;
  readonly engineKind: EngineKind | null;
  /** Bumped by each bundle loaded: the live loop restarts on the new engine. */
  readonly engineLoad: number;
}

export interface PlayerDeps {
  /** Starts an engine (lib/engine `connectEngine`). */
  connect(onEvent: (event: EngineEvent) => void): Promise<EngineConnection>;
  /** Reads and checks a dropped file; default `readModelBundle`. */
  read?(file: Blob, name?: string): Promise<PlayerBundle>;
}

const INITIAL: PlayerState = { phase: 'empty', bundle: null, step: null, refusal: null, refusedName: null, notice: null, backend: null, engineKind: null, engineLoad: 0 };

/**
 * The player's orchestration, outside React: it reads a model bundle, starts an engine of its own
 * for it (one per bundle, so nothing of the previous model lingers) and loads the bundle's backbone,
 * head and hand model there; the live loop then classifies frames with it exactly as the studio's
 * does, and with a bundle's motion model its motions go to `motions`. A file it cannot play is
 * refused with the reader's one sentence, and the bundle that was playing plays on. Components read
 * `getState()` through `useSyncExternalStore`.
 */
export class PlayerController {
  private state: PlayerState = INITIAL;
  private readonly listeners = new Set<() => void>();
  private connection: EngineConnection | null = null;
  // Bumped by every open and by close: an opening overtaken by a newer one (or by close) is dropped.
  private generation = 0;
  private closed = false;

  /** The bundle's live motions: the live loop's motion sink, the events shown and fired on. */
  readonly motions = new MotionFeed();

  constructor(private readonly deps: PlayerDeps) {}

  getState = (): PlayerState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The engine classifying the bundle, once everything is loaded. */
  get engine(): Engine | null {
    return this.state.phase === 'ready' ? (this.connection?.engine ?? null) : null;
  }

  /** Reads `file`, and plays it if it is a bundle this player runs. Resolves once it plays or is refused. */
  async open(file: Blob, name?: string): Promise<void> {
    const generation = ++this.generation;
    this.closed = false;
    const before = this.state;
    const refusedName = name ?? (file instanceof File ? file.name : null);
    this.set({ step: 'Reading the bundle', refusal: null, refusedName: null });
    // Until it is read, what was playing plays on: a refused file changes nothing.
    let bundle: PlayerBundle;
    try {
      bundle = await (this.deps.read ?? readModelBundle)(file, name);
    } catch (error) {
      if (generation !== this.generation) return;
      if (before.phase === 'opening') {
        // It overtook a bundle still opening, which is dropped: nothing plays now.
        this.connection?.close();
        this.connection = null;
        this.set({ ...INITIAL, engineLoad: this.state.engineLoad, refusal: sentence(error), refusedName });
      } else this.set({ step: null, refusal: sentence(error), refusedName });
      return;
    }
    if (generation !== this.generation) return;
    // The previous bundle's engine goes (its live loop stops with it); the new one starts clean.
    this.connection?.close();
    this.connection = null;
    this.motions.setRecognising(false);
    this.set({ phase: 'opening', bundle: summarize(bundle), step: 'Starting the engine', backend: null, notice: null });
    let connection: EngineConnection | null = null;
    // Checked after every wait: an opening overtaken by a newer one (or by close) stops there.
    const stale = () => generation !== this.generation;
    try {
      connection = await this.deps.connect((event) => !stale() && this.set({ notice: event.message }));
      if (stale()) return connection.close();
      this.connection = connection;
      this.set({ engineKind: connection.kind, step: 'Loading the backbone' });
      const { engine } = connection;
      // Motions follow the hand whatever the pose model's framing (a whole-frame bundle has none of its own: the app's serves).
      const hands = framingOf(bundle.metadata.inputMode) === 'hand' || bundle.motion ? engine.loadHands(bundle.handModel ?? undefined) : Promise.resolve(null);
      const backend = await engine.load('auto', bundle.backbone);
      if (stale()) return;
      this.set({ step: 'Loading the model' });
      await engine.setModel(bundle.model);
      if (stale()) return;
      if (bundle.motion) {
        this.set({ step: 'Loading the motion model' });
        await engine.setMotionModel(bundle.motion).catch((error: unknown) => {
          throw new BundleError('bad-model', `This bundle’s motion model could not be loaded (${detail(error)}); export the model again from Gesture Studio.`);
        });
        if (stale()) return;
      }
      this.set({ step: 'Loading the hand model' });
      const handsFailed = await hands;
      if (stale()) return;
      if (handsFailed !== null) throw new BundleError('bad-model', `The hand model could not start (${handsFailed.replace(/[.;]\s*$/, '')}); reload the page, or export the model again from Gesture Studio.`);
      this.motions.setRecognising(bundle.motion !== null);
      this.set({ phase: 'ready', step: null, backend, engineLoad: this.state.engineLoad + 1 });
    } catch (error) {
      if (stale()) return;
      connection?.close();
      this.connection = null;
      const refusal = error instanceof BundleError ? error.message : `This bundle’s model could not be loaded (${detail(error)}); export the model again from Gesture Studio.`;
      this.set({ ...INITIAL, engineLoad: this.state.engineLoad, refusal, refusedName });
    }
  }

  /** Stops the engine; the player can open a bundle again afterwards (React runs effects twice in development). */
  close(): void {
    this.generation += 1;
    this.connection?.close();
    this.connection = null;
    this.motions.setRecognising(false);
    this.set(INITIAL);
    this.closed = true;
  }

  private set(patch: Partial<PlayerState>): void {
    if (this.closed) return;
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((listener) => listener());
  }
}

function summarize({ name, metadata, motion }: PlayerBundle): BundleSummary {
  return {
    name,
    labels: metadata.labels,
    inputMode: metadata.inputMode,
    backbone: BACKBONES[metadata.backbone.id].label,
    createdAt: metadata.createdAt,
    appVersion: metadata.versions.app,
    fineTunedBlocks: metadata.fineTuned?.trainableBlocks ?? 0,
    motions: motion?.classNames.filter((label) => label !== motion.idleClass) ?? [],
  };
}

function sentence(error: unknown): string {
  return error instanceof BundleError ? error.message : `This file could not be read (${detail(error)}); drop the .zip that Export model in Gesture Studio downloads.`;
}

function detail(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/[.;]\s*$/, '').slice(0, 200);
}
