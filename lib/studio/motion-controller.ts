import type { Engine } from '../engine';
import {
  addClip,
  addMotionClass,
  busiestStretch,
  checkMotionTrainable,
  createClipRecorder,
  DEFAULT_MOTION_NET,
  EMPTY_MOTION_PROJECT,
  IDLE_CLASS_NAME,
  motionClassesKey,
  motionTrainingSet,
  newMotionClass,
  nextMotionName,
  recordClip,
  removeClip,
  removeMotionClass,
  renameMotionClass,
  setMirror,
  PRESENT,
  MOTION_ROW_SIZE,
  type ClipRecorder,
  type MirrorChoice,
  type MotionClass,
  type MotionClip,
  type MotionEvent,
  type MotionProject,
  type MotionStep,
  type TimedFrame,
  type TrainedMotion,
} from '../motion';
import type { EpochReport } from '../train';

/** A countdown's seconds before a timed clip, and the timed clip's length. */
export const COUNTDOWN_SECONDS = 3;
export const TIMED_CLIP_MS = 2000;
/** A clip needs this many frames with a hand to be kept: fewer is a stray press. */
export const MIN_CLIP_HAND_FRAMES = 4;
/** Events kept for the list beside the live label. */
export const RECENT_EVENTS = 20;

/** `events` (latest first) with `event` shown at `atMs` added in front, keeping the last `RECENT_EVENTS`. */
export function withShownEvent(events: readonly ShownMotionEvent[], event: MotionEvent, seq: number, atMs: number): readonly ShownMotionEvent[] {
  return [{ ...event, seq, atMs }, ...events].slice(0, RECENT_EVENTS);
}

export type MotionRecording =
  | { readonly classId: string; readonly mode: 'hold'; readonly phase: 'recording'; readonly frames: number }
  | { readonly classId: string; readonly mode: 'timed'; readonly phase: 'countdown'; readonly secondsLeft: number; readonly frames: 0 }
  | { readonly classId: string; readonly mode: 'timed'; readonly phase: 'recording'; readonly frames: number };

/** An event as the studio lists it: `atMs` is the page's clock (performance.now) when it was shown. */
export type ShownMotionEvent = MotionEvent & { readonly seq: number; readonly atMs: number };

export interface MotionState extends MotionProject {
  readonly recording: MotionRecording | null;
  readonly phase: 'idle' | 'training' | 'trained' | 'cancelled' | 'error';
  /** Epochs of the run in progress, or of the last one. */
  readonly history: readonly EpochReport[];
  /** What the last recording, import or run said, in one sentence (null when all went as asked). */
  readonly message: string | null;
  /** Whether the engine recognises with the trained model (it fits the classes and has been sent). */
  readonly recognising: boolean;
  /** The engine is being given a motion model (or told to drop one): its tensor count is not settled. */
  readonly syncing: boolean;
  /** The latest events first. */
  readonly events: readonly ShownMotionEvent[];
}

export interface MotionControllerDeps {
  readonly newId: (prefix: string) => string;
  readonly now: () => number;
  readonly setTimer: (run: () => void, ms: number) => () => void;
}

/**
 * Motion gestures in the studio, outside React: the motion classes and their clips, recording a clip
 * from the live loop's frames (held, or timed after a countdown), clips from uploaded videos,
 * training in the engine, keeping the engine's motion model in step, and the live events. The
 * studio's live loop calls `onFrame` with each frame's motion row and the recognizer's step.
 */
export class MotionController {
  private state: MotionState = { ...EMPTY_MOTION_PROJECT, recording: null, phase: 'idle', history: [], message: null, recognising: false, syncing: false, events: [] };
  private readonly listeners = new Set<() => void>();
  private engine: Engine | null = null;
  private recorder: ClipRecorder | null = null;
  private recordStartMs: number | null = null;
  private stopTimer: () => void = () => {};
  private training: { readonly generation: number; readonly engine: Engine } | null = null;
  // Bumped by training, restore and every class change that could make a run's result stale.
  private generation = 0;
  private syncs = 0;
  private eventSeq = 0;

  constructor(private readonly deps: MotionControllerDeps) {}

  getState = (): MotionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The newest event (for actions): its `seq` grows with every event. */
  latestEvent = (): ShownMotionEvent | null => this.state.events[0] ?? null;

  /** The project's motions as saved (autosave, project files, export). */
  get project(): MotionProject {
    return { classes: this.state.classes, trained: this.state.trained };
  }

  /** Whether the live loop should track the hand and send motion rows: a clip is being recorded, or a model recognises. */
  get wantsFrames(): boolean {
    return this.state.recording?.phase === 'recording' || this.state.recognising;
  }

  /** The engine to recognise with (null while it (re)loads); a new engine gets the model in use. */
  attach(engine: Engine | null): void {
    if (engine === this.engine) return;
    this.engine = engine;
    if (engine === null) {
      this.syncs += 1; // a sync to the engine that went away will not be answered
      this.set({ recognising: false, syncing: false });
    } else void this.syncModel();
  }

  addClass(): void {
    this.edit((classes) => addMotionClass(classes, newMotionClass(this.deps.newId('motion'), nextMotionName(classes))));
  }

  addIdleClass(): void {
    this.edit((classes) => addMotionClass(classes, newMotionClass(this.deps.newId('motion'), IDLE_CLASS_NAME, 'idle')));
  }

  rename(id: string, name: string): void {
    this.edit((classes) => renameMotionClass(classes, id, name));
  }

  remove(id: string): void {
    if (this.state.recording?.classId === id) this.stopRecording();
    this.edit((classes) => removeMotionClass(classes, id));
  }

  removeClip(classId: string, clipId: string): void {
    this.edit((classes) => removeClip(classes, classId, clipId));
  }

  setMirror(id: string, choice: MirrorChoice): void {
    this.edit((classes) => setMirror(classes, id, choice));
  }

  /**
   * Starts a clip of class `classId`: 'hold' records from now until `stopRecording` (or the window's
   * length); 'timed' counts down, then records `TIMED_CLIP_MS`.
   */
  startRecording(classId: string, mode: 'hold' | 'timed'): void {
    if (this.state.recording || this.state.phase === 'training' || !this.state.classes.some((c) => c.id === classId)) return;
    this.set({ message: null });
    if (mode === 'hold') return this.beginClip(classId, 'hold');
    const tick = (secondsLeft: number) => {
      if (secondsLeft === 0) return this.beginClip(classId, 'timed');
      this.set({ recording: { classId, mode: 'timed', phase: 'countdown', secondsLeft, frames: 0 } });
      this.stopTimer = this.deps.setTimer(() => tick(secondsLeft - 1), 1000);
    };
    tick(COUNTDOWN_SECONDS);
  }

  /** Ends the clip being recorded (the record button released) and keeps it when it saw a hand; a countdown is called off. */
  stopRecording(): void {
    const recording = this.state.recording;
    if (!recording) return;
    this.stopTimer();
    this.stopTimer = () => {};
    const recorder = this.recorder;
    this.recorder = null;
    this.recordStartMs = null;
    this.set({ recording: null });
    if (recorder && recording.phase === 'recording') this.keepClip(recording.classId, recorder.finish(), 'camera');
  }

  /**
   * One live frame: `row` is its motion row (null without a hand), `step` the recognizer's output
   * when a model recognises. `timeMs` is when the frame was captured (the page's clock).
   */
  onFrame(timeMs: number, row: Float32Array | null, step: MotionStep | null): void {
    const recording = this.state.recording;
    if (recording?.phase === 'recording' && this.recorder) {
      this.recordStartMs ??= timeMs;
      this.recorder.add(timeMs, row);
      const frames = this.recorder.frames;
      if (frames >= DEFAULT_MOTION_NET.windowFrames || (recording.mode === 'timed' && timeMs - this.recordStartMs >= TIMED_CLIP_MS)) this.stopRecording();
      else if (frames !== recording.frames) this.set({ recording: { ...recording, frames } });
    }
    const event = step?.event;
    if (event && this.state.recognising && !this.state.recording) {
      this.eventSeq += 1;
      this.set({ events: withShownEvent(this.state.events, event, this.eventSeq, this.deps.now()) });
    }
  }

  /** A clip from an uploaded video's frames (media time, row), one clip per file, at most the window long. */
  addVideoClip(classId: string, fileName: string, frames: readonly TimedFrame[]): boolean {
    // A video longer than the window keeps the stretch of it in which the hand moves most.
    return this.keepClip(classId, busiestStretch(recordClip(frames), DEFAULT_MOTION_NET.windowFrames), 'video', fileName);
  }

  async train(): Promise<void> {
    const engine = this.engine;
    if (!engine || this.training || this.state.recording) return;
    const classes = this.state.classes;
    const blocker = this.trainBlocker;
    if (blocker) {
      this.set({ message: blocker });
      return;
    }
    const set = motionTrainingSet(classes);
    const generation = ++this.generation;
    this.training = { generation, engine };
    this.set({ phase: 'training', history: [], message: null });
    try {
      const result = await engine.trainMotion({ set }, { onEpoch: (report) => generation === this.generation && this.set({ history: [...this.state.history, report] }) });
      if (generation !== this.generation) return;
      if (!result) {
        this.set({ phase: this.state.trained ? 'trained' : 'cancelled', message: 'Training was cancelled; the previous motion model (if any) is still in use.' });
        return;
      }
      const { saved, history, bestEpoch, stoppedEarly, validationAccuracy } = result;
      const trained: TrainedMotion = { saved, history, bestEpoch, stoppedEarly, validationAccuracy, trainedOn: motionClassesKey(classes), trainedAt: Date.now() };
      this.set({ trained, phase: 'trained' });
      await this.syncModel();
    } catch (error) {
      if (generation === this.generation) this.set({ phase: 'error', message: messageOf(error) });
    } finally {
      if (this.training?.generation === generation) this.training = null;
    }
  }

  cancel(): void {
    this.training?.engine.cancelTraining();
  }

  /** Puts a saved project's motions in place (opened, imported or a new empty project). */
  restore(project: MotionProject): void {
    this.stopRecording();
    if (this.training) this.cancel();
    this.generation += 1;
    this.training = null;
    this.set({ ...project, phase: project.trained ? 'trained' : 'idle', history: project.trained?.history ?? [], message: null, events: [] });
    void this.syncModel();
  }

  /** Why the motion classes cannot be trained as they are (in one sentence), or null. */
  get trainBlocker(): string | null {
    try {
      checkMotionTrainable(motionTrainingSet(this.state.classes), DEFAULT_MOTION_NET.rate);
      return null;
    } catch (error) {
      return messageOf(error);
    }
  }

  /** Whether the trained model names the classes as they are now (new clips do not matter; renamed, added or removed classes do). */
  get modelFits(): boolean {
    const trained = this.state.trained;
    return trained !== null && sameNames(trained.saved.classNames, this.state.classes.map((c) => c.name));
  }

  private beginClip(classId: string, mode: 'hold' | 'timed'): void {
    this.recorder = createClipRecorder({ rate: DEFAULT_MOTION_NET.rate });
    this.recordStartMs = null;
    this.set({ recording: { classId, mode, phase: 'recording', frames: 0 } });
    // A hold ends at the window's length even if the button is still down; a timed clip after its time.
    if (mode === 'timed') this.stopTimer = this.deps.setTimer(() => this.stopRecording(), TIMED_CLIP_MS + 250);
  }

  private keepClip(classId: string, clip: MotionClip, source: 'camera' | 'video', fileName?: string): boolean {
    const from = fileName ? `“${fileName}”` : 'That clip';
    if (handFrames(clip) < MIN_CLIP_HAND_FRAMES) {
      this.set({ message: `${from} was not kept: a hand was seen in ${handFrames(clip)} of its frames. Keep your hand in view while you record the motion.` });
      return false;
    }
    if (!this.state.classes.some((c) => c.id === classId)) return false;
    this.edit((classes) => addClip(classes, classId, { id: this.deps.newId('clip'), clip, source, createdAt: Date.now() }));
    return true;
  }

  /** Applies a class change; a name the change refuses is said in `message`. A model whose classes no longer match stops recognising. */
  private edit(change: (classes: readonly MotionClass[]) => readonly MotionClass[]): void {
    let classes: readonly MotionClass[];
    try {
      classes = change(this.state.classes);
    } catch (error) {
      this.set({ message: messageOf(error) });
      return;
    }
    const fitted = this.modelFits;
    this.set({ classes, message: null });
    if (fitted !== this.modelFits) void this.syncModel();
  }

  private async syncModel(): Promise<void> {
    const engine = this.engine;
    if (!engine) return;
    const sync = ++this.syncs;
    const saved = this.modelFits ? (this.state.trained?.saved ?? null) : null;
    this.set({ recognising: false, syncing: true });
    try {
      await engine.setMotionModel(saved);
    } catch (error) {
      if (sync === this.syncs) this.set({ trained: null, phase: 'idle', syncing: false, message: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (sync === this.syncs) this.set({ recognising: saved !== null, syncing: false });
  }

  private set(patch: Partial<MotionState>): void {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((listener) => listener());
  }
}

/** Frames of `clip` with a hand: a clip with fewer than `MIN_CLIP_HAND_FRAMES` is not kept. */
export function handFrames(clip: MotionClip): number {
  let count = 0;
  for (let i = 0; i < clip.frames; i += 1) if (clip.rows[i * MOTION_ROW_SIZE + PRESENT] > 0) count += 1;
  return count;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function messageOf(error: unknown): string {
  // Errors from the worker arrive as plain Errors carrying their class's name.
  if (error instanceof Error && ['TrainingError', 'RangeError'].includes(error.name)) return error.message;
  return error instanceof Error ? `Motion training failed: ${error.message}` : String(error);
}
