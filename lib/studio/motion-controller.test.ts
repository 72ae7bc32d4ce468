import { describe, expect, it } from 'vitest';
import type { Engine, EngineMotionTrainResult, MotionTrainRequest } from '../engine/protocol';
import { MOTION_ROW_SIZE, PRESENT, type SavedMotionModel } from '../motion';
import { syntheticClip } from '../motion/test-motions';
import type { EpochReport } from '../train';
import { COUNTDOWN_SECONDS, MIN_CLIP_HAND_FRAMES, MotionController } from './motion-controller';

type PendingRun = { request: MotionTrainRequest; onEpoch: (r: EpochReport) => void; finish: (r: EngineMotionTrainResult | null) => void; fail: (e: Error) => void };

/** An engine that records what the motion controller asks and lets the test finish runs. */
function fakeEngine() {
  const calls: string[] = [];
  const runs: PendingRun[] = [];
  let refuse: Error | null = null;
  const engine = {
    setMotionModel: async (saved: SavedMotionModel | null) => {
      calls.push(`setMotionModel ${saved ? saved.classNames.join('/') : 'none'}`);
      if (saved && refuse) throw refuse;
    },
    trainMotion: (request: MotionTrainRequest, progress: { onEpoch: (r: EpochReport) => void }) =>
      new Promise<EngineMotionTrainResult | null>((finish, fail) => {
        calls.push('trainMotion');
        runs.push({ request, onEpoch: progress.onEpoch, finish, fail });
      }),
    cancelTraining: () => {
      calls.push('cancel');
      runs.at(-1)?.finish(null);
    },
  } as unknown as Engine;
  return { engine, calls, runs, refuseModels: (error: Error) => (refuse = error) };
}

function controllerWithTimers() {
  const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];
  let id = 0;
  const motions = new MotionController({
    newId: (prefix) => `${prefix}-${(id += 1)}`,
    now: () => 1000,
    setTimer: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
  });
  const fireTimers = () => {
    const due = timers.splice(0).filter((t) => !t.cancelled);
    due.forEach((t) => t.run());
    return due.length;
  };
  return { motions, fireTimers };
}

const handRow = () => {
  const row = new Float32Array(MOTION_ROW_SIZE);
  row[PRESENT] = 1;
  return row;
};

/** Feeds `count` frames 1/15 s apart from `startMs`, with a hand in each unless `hand` is false. */
function feed(motions: MotionController, count: number, startMs = 0, hand = true) {
  for (let i = 0; i < count; i += 1) motions.onFrame(startMs + (i * 1000) / 15, hand ? handRow() : null, null);
}

function savedFor(classNames: string[]): SavedMotionModel {
  return { kind: 'motion', version: 1, classNames, idleClass: null } as unknown as SavedMotionModel;
}

const trainedResult = (classNames: string[]): EngineMotionTrainResult => ({ saved: savedFor(classNames), history: [], bestEpoch: 1, stoppedEarly: false, validationAccuracy: 0.9 });

describe('MotionController', () => {
  it('records a held clip from the live frames and keeps it when it saw a hand', () => {
    const { motions } = controllerWithTimers();
    motions.addClass();
    const id = motions.getState().classes[0].id;
    motions.startRecording(id, 'hold');
    expect(motions.wantsFrames).toBe(true);
    feed(motions, 10);
    expect(motions.getState().recording?.frames).toBeGreaterThan(0);
    motions.stopRecording();
    const clips = motions.getState().classes[0].clips;
    expect(clips).toHaveLength(1);
    expect(clips[0].source).toBe('camera');
    expect(clips[0].clip.frames).toBe(10);
    expect(motions.wantsFrames).toBe(false);
  });

  it('keeps no clip in which the hand was hardly seen, and says why', () => {
    const { motions } = controllerWithTimers();
    motions.addClass();
    const id = motions.getState().classes[0].id;
    motions.startRecording(id, 'hold');
    feed(motions, MIN_CLIP_HAND_FRAMES - 1);
    feed(motions, 10, 1000, false);
    motions.stopRecording();
    expect(motions.getState().classes[0].clips).toHaveLength(0);
    expect(motions.getState().message).toMatch(/Keep your hand in view/);
  });

  it('ends a held clip at the window length even while the button is still held', () => {
    const { motions } = controllerWithTimers();
    motions.addClass();
    motions.startRecording(motions.getState().classes[0].id, 'hold');
    feed(motions, 60);
    expect(motions.getState().recording).toBeNull();
    expect(motions.getState().classes[0].clips[0].clip.frames).toBe(30);
  });

  it('counts down before a timed clip, records only after it, and a stop during the countdown keeps nothing', () => {
    const { motions, fireTimers } = controllerWithTimers();
    motions.addClass();
    const id = motions.getState().classes[0].id;
    motions.startRecording(id, 'timed');
    expect(motions.getState().recording).toMatchObject({ phase: 'countdown', secondsLeft: COUNTDOWN_SECONDS });
    feed(motions, 5); // frames during the countdown are not recorded
    for (let i = 0; i < COUNTDOWN_SECONDS; i += 1) fireTimers();
    expect(motions.getState().recording).toMatchObject({ phase: 'recording', frames: 0 });
    feed(motions, 40, 5000); // 2 s ends it
    expect(motions.getState().recording).toBeNull();
    expect(motions.getState().classes[0].clips).toHaveLength(1);

    motions.startRecording(id, 'timed');
    motions.stopRecording();
    expect(fireTimers()).toBe(0);
    expect(motions.getState().classes[0].clips).toHaveLength(1);
  });

  it('trains in the engine, recognises with the model only while it names the classes, and lists events', async () => {
    const { motions } = controllerWithTimers();
    const { engine, calls, runs } = fakeEngine();
    motions.attach(engine);
    motions.addClass();
    motions.addIdleClass();
    const [a, idle] = motions.getState().classes;
    expect(motions.trainBlocker).toMatch(/clips/);
    for (const c of [a, idle]) for (let i = 0; i < 3; i += 1) motions.addVideoClip(c.id, `clip${i}.webm`, framesOf(i));
    expect(motions.trainBlocker).toBeNull();
    const run = motions.train();
    expect(motions.getState().phase).toBe('training');
    runs[0].onEpoch({ epoch: 1 } as EpochReport);
    expect(motions.getState().history).toHaveLength(1);
    runs[0].finish(trainedResult(['Motion 1', 'No motion']));
    await Promise.resolve();
    // Until the engine has installed the new model its tensor count is not settled.
    expect(motions.getState()).toMatchObject({ phase: 'trained', syncing: true, recognising: false });
    await run;
    await Promise.resolve();
    expect(motions.getState()).toMatchObject({ phase: 'trained', recognising: true, syncing: false });
    expect(motions.wantsFrames).toBe(true);
    expect(calls).toEqual(['setMotionModel none', 'trainMotion', 'setMotionModel Motion 1/No motion']);

    motions.onFrame(10, handRow(), { probabilities: null, event: { className: 'Motion 1', classIndex: 0, probability: 0.9, timeMs: 10 } });
    expect(motions.getState().events.map((e) => e.className)).toEqual(['Motion 1']);

    motions.rename(a.id, 'Swipe');
    await Promise.resolve();
    expect(motions.getState().recognising).toBe(false);
    expect(calls.at(-1)).toBe('setMotionModel none');
  });

  it('a cancelled run keeps the previous model; a model the engine refuses is dropped with its reason', async () => {
    const { motions } = controllerWithTimers();
    const { engine, runs, refuseModels } = fakeEngine();
    motions.attach(engine);
    motions.addClass();
    motions.addClass();
    for (const c of motions.getState().classes) for (let i = 0; i < 3; i += 1) motions.addVideoClip(c.id, 'v.mp4', framesOf(i));
    const run = motions.train();
    motions.cancel();
    await run;
    expect(motions.getState()).toMatchObject({ phase: 'cancelled', trained: null });
    expect(runs).toHaveLength(1);

    refuseModels(new Error('This motion model was saved by a newer version of the studio (format 9); update the studio or train again.'));
    motions.restore({ classes: motions.getState().classes, trained: { ...trainedResult(['Motion 1', 'Motion 2']), trainedOn: '', trainedAt: 0 } });
    await new Promise((r) => setTimeout(r, 0));
    expect(motions.getState()).toMatchObject({ trained: null, recognising: false, message: expect.stringMatching(/newer version/) });
  });
});

/** Frames of a synthetic clip as a video would give them. */
function framesOf(seed: number) {
  const clip = syntheticClip('swipe-right', seed);
  return Array.from({ length: clip.frames }, (_, i) => ({ timeMs: (i * 1000) / clip.rate, row: clip.rows.slice(i * MOTION_ROW_SIZE, (i + 1) * MOTION_ROW_SIZE) }));
}
