import { describe, expect, it, vi } from 'vitest';
import type { Engine, EngineConnection } from '../engine';
import type { ModelBundleMetadata } from '../export';
import type { MotionStep, SavedMotionModel } from '../motion';
import type { BackendReport } from '../tf';
import { PlayerController } from './player-controller';
import { BundleError, type PlayerBundle } from './read-bundle';

const REPORT: BackendReport = { active: 'cpu', choice: 'auto', probeMs: {}, gpuRenderer: null, softwareRenderer: false, wasmSimd: false, wasmThreads: false, wasmThreadCount: 1, wasmThreadsReason: '' };

/** A bundle as readModelBundle hands it over; only what the controller reads is real. */
function bundle(name: string, inputMode: 'fused' | 'frame' = 'fused', motion: SavedMotionModel | null = null): PlayerBundle {
  const metadata = {
    labels: ['Zero', 'Five'],
    inputMode,
    backbone: { id: 'mobilenet_v1_025' },
    createdAt: '2026-11-28T12:00:00.000Z',
    versions: { app: '0.1.0' },
    fineTuned: null,
  } as unknown as ModelBundleMetadata;
  return {
    name,
    metadata,
    backbone: { id: 'mobilenet_v1_025', format: 'graph-model', artifacts: { modelTopology: {} } },
    model: { artifacts: { modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(0) }, classNames: ['Zero', 'Five'], inputMode, embeddingSize: 343, backboneId: 'mobilenet_v1_025' },
    handModel: inputMode === 'frame' ? null : new Uint8Array([7]),
    motion,
  };
}

/** An engine that records what it was asked; `hands` is what its loadHands resolves to. */
function fakeConnection(hands: string | null = null) {
  const calls: string[] = [];
  const engine = {
    load: vi.fn(async (_choice: string, backbone: unknown) => {
      calls.push(`load ${(backbone as { id: string }).id}`);
      return REPORT;
    }),
    loadHands: vi.fn(async (model?: Uint8Array) => {
      calls.push(`loadHands ${model ? model.length : 'app'}`);
      return hands;
    }),
    setModel: vi.fn(async (model: unknown) => {
      calls.push(`setModel ${(model as { classNames: string[] }).classNames.join(',')}`);
    }),
    setMotionModel: vi.fn(async (model: SavedMotionModel | null) => {
      calls.push(`setMotionModel ${model ? model.classNames.join(',') : 'none'}`);
    }),
  } as unknown as Engine;
  const close = vi.fn();
  const connection: EngineConnection = { engine, bench: {} as EngineConnection['bench'], kind: 'worker', fallback: null, close };
  return { connection, calls, close };
}

const FILE = new Blob(['zip']);

/** A motion model as the reader hands it over; the controller passes it on untouched. */
const MOTION = { kind: 'motion', version: 1, classNames: ['Swipe left', 'Swipe right', 'No motion'], idleClass: 'No motion' } as unknown as SavedMotionModel;
const swipe = (className: string): MotionStep => ({ probabilities: null, event: { className, classIndex: 0, probability: 0.93, timeMs: 100 } });

describe('PlayerController', () => {
  it('plays a bundle: its own engine loads the bundle’s backbone, hand model and head, then the live loop may run', async () => {
    const fake = fakeConnection();
    const player = new PlayerController({ connect: async () => fake.connection, read: async () => bundle('gesture-model.zip') });
    const phases: string[] = [];
    player.subscribe(() => phases.push(player.getState().phase));
    expect(player.getState().phase).toBe('empty');
    expect(player.engine).toBeNull();

    await player.open(FILE);
    expect(fake.calls).toEqual(['loadHands 1', 'load mobilenet_v1_025', 'setModel Zero,Five']);
    expect(player.getState()).toMatchObject({ phase: 'ready', refusal: null, step: null, backend: REPORT, engineLoad: 1, engineKind: 'worker' });
    expect(player.getState().bundle).toEqual({ name: 'gesture-model.zip', labels: ['Zero', 'Five'], inputMode: 'fused', backbone: 'MobileNet v1 0.25 (fast)', createdAt: '2026-11-28T12:00:00.000Z', appVersion: '0.1.0', fineTunedBlocks: 0, motions: [] });
    expect(player.engine).toBe(fake.connection.engine);
    expect(phases).toContain('opening');
    // No motion model: the live loop is asked for no motions.
    expect(player.motions.wantsFrames).toBe(false);
  });

  it('a bundle’s motion model goes to its engine; then frames are wanted for motions and their events show, newest first', async () => {
    const fake = fakeConnection();
    const player = new PlayerController({ connect: async () => fake.connection, read: async (_file, name) => (name ? bundle(name) : bundle('motions.zip', 'fused', MOTION)) });
    await player.open(FILE);
    expect(fake.calls).toEqual(['loadHands 1', 'load mobilenet_v1_025', 'setModel Zero,Five', 'setMotionModel Swipe left,Swipe right,No motion']);
    expect(vi.mocked(fake.connection.engine.setMotionModel)).toHaveBeenCalledWith(MOTION);
    expect(player.getState()).toMatchObject({ phase: 'ready', bundle: { motions: ['Swipe left', 'Swipe right'] } });
    expect(player.motions.getState()).toEqual({ recognising: true, events: [] });
    expect(player.motions.wantsFrames).toBe(true);

    player.motions.onFrame(10, null, { probabilities: null, event: null });
    player.motions.onFrame(20, new Float32Array(4), swipe('Swipe left'));
    player.motions.onFrame(30, new Float32Array(4), swipe('Swipe right'));
    expect(player.motions.getState().events.map((e) => [e.className, e.seq])).toEqual([['Swipe right', 2], ['Swipe left', 1]]);
    expect(player.motions.latestEvent()).toMatchObject({ className: 'Swipe right', probability: 0.93 });

    // Another bundle, without motions: the previous one's events go, and no frame is asked for motions.
    await player.open(FILE, 'poses.zip');
    expect(player.motions.getState()).toEqual({ recognising: false, events: [] });
    player.close();
    expect(player.motions.wantsFrames).toBe(false);
  });

  it('a whole-frame bundle with a motion model loads the app’s hand model: motions follow the hand', async () => {
    const fake = fakeConnection();
    const player = new PlayerController({ connect: async () => fake.connection, read: async () => bundle('frame.zip', 'frame', MOTION) });
    await player.open(FILE);
    expect(fake.calls).toEqual(['loadHands app', 'load mobilenet_v1_025', 'setModel Zero,Five', 'setMotionModel Swipe left,Swipe right,No motion']);
    expect(player.motions.wantsFrames).toBe(true);
  });

  it('a motion model the engine cannot load is refused in one sentence, its engine closed, no motions wanted', async () => {
    const fake = fakeConnection();
    vi.mocked(fake.connection.engine.setMotionModel).mockRejectedValueOnce(new Error('The saved motion network does not take 12 frames of 4 values or does not give 3 classes: train again.'));
    const player = new PlayerController({ connect: async () => fake.connection, read: async () => bundle('motions.zip', 'fused', MOTION) });
    await player.open(FILE);
    expect(player.getState()).toMatchObject({
      phase: 'empty',
      refusal: 'This bundle’s motion model could not be loaded (The saved motion network does not take 12 frames of 4 values or does not give 3 classes: train again); export the model again from Gesture Studio.',
    });
    expect(fake.close).toHaveBeenCalledOnce();
    expect(player.motions.wantsFrames).toBe(false);
  });

  it('a whole-frame bundle loads no hand model', async () => {
    const fake = fakeConnection();
    const player = new PlayerController({ connect: async () => fake.connection, read: async () => bundle('frame.zip', 'frame') });
    await player.open(FILE);
    expect(fake.calls).toEqual(['load mobilenet_v1_025', 'setModel Zero,Five']);
    expect(player.getState().phase).toBe('ready');
  });

  it('refuses a file with the reader’s sentence, and the bundle playing before plays on, engine untouched', async () => {
    const fake = fakeConnection();
    const read = vi.fn(async () => bundle('good.zip'));
    const player = new PlayerController({ connect: async () => fake.connection, read });
    await player.open(FILE);
    read.mockRejectedValueOnce(new BundleError('project-file', 'This is a Gesture Studio project file, not a model bundle.'));
    await player.open(FILE, 'project.zip');
    expect(player.getState()).toMatchObject({ phase: 'ready', refusal: 'This is a Gesture Studio project file, not a model bundle.', refusedName: 'project.zip', bundle: { name: 'good.zip' }, engineLoad: 1 });
    expect(fake.close).not.toHaveBeenCalled();
    expect(player.engine).toBe(fake.connection.engine);
  });

  it('a second bundle gets a new engine and the first one’s is closed', async () => {
    const first = fakeConnection();
    const second = fakeConnection();
    const connections = [first.connection, second.connection];
    const player = new PlayerController({ connect: async () => connections.shift() as EngineConnection, read: async (_file, name) => bundle(name ?? '') });
    await player.open(FILE, 'one.zip');
    await player.open(FILE, 'two.zip');
    expect(first.close).toHaveBeenCalledOnce();
    expect(player.engine).toBe(second.connection.engine);
    expect(player.getState()).toMatchObject({ phase: 'ready', bundle: { name: 'two.zip' }, engineLoad: 2 });
  });

  it('a model the engine cannot load, or a hand model that does not start, is refused in one sentence and its engine closed', async () => {
    const failing = fakeConnection();
    vi.mocked(failing.connection.engine.setModel).mockRejectedValueOnce(new Error('The saved head takes 343 values and gives 3; expected 343 and 2.'));
    const player = new PlayerController({ connect: async () => failing.connection, read: async () => bundle('bad.zip') });
    await player.open(FILE);
    expect(player.getState()).toMatchObject({
      phase: 'empty',
      bundle: null,
      refusal: 'This bundle’s model could not be loaded (The saved head takes 343 values and gives 3; expected 343 and 2); export the model again from Gesture Studio.',
    });
    expect(failing.close).toHaveBeenCalledOnce();
    expect(player.engine).toBeNull();

    const noHands = fakeConnection('The hand tracker could not start (no WebGL).');
    const other = new PlayerController({ connect: async () => noHands.connection, read: async () => bundle('hands.zip') });
    await other.open(FILE);
    expect(other.getState().refusal).toBe('The hand model could not start (The hand tracker could not start (no WebGL)); reload the page, or export the model again from Gesture Studio.');
    expect(noHands.close).toHaveBeenCalledOnce();
  });

  it('an opening overtaken by a newer file is dropped, its engine closed', async () => {
    const slow = fakeConnection();
    let release = () => {};
    vi.mocked(slow.connection.engine.load).mockImplementationOnce(() => new Promise((resolve) => (release = () => resolve(REPORT))));
    const fast = fakeConnection();
    const connections = [slow.connection, fast.connection];
    const player = new PlayerController({ connect: async () => connections.shift() as EngineConnection, read: async (_file, name) => bundle(name ?? '') });
    const first = player.open(FILE, 'slow.zip');
    await vi.waitFor(() => expect(slow.connection.engine.load).toHaveBeenCalled());
    await player.open(FILE, 'fast.zip');
    release();
    await first;
    expect(slow.close).toHaveBeenCalledOnce();
    expect(slow.calls).not.toContain('setModel Zero,Five');
    expect(player.getState()).toMatchObject({ phase: 'ready', bundle: { name: 'fast.zip' } });
    expect(player.engine).toBe(fast.connection.engine);
  });

  it('close stops the engine and forgets the bundle', async () => {
    const fake = fakeConnection();
    const player = new PlayerController({ connect: async () => fake.connection, read: async () => bundle('a.zip') });
    await player.open(FILE);
    player.close();
    expect(fake.close).toHaveBeenCalledOnce();
    expect(player.getState().phase).toBe('empty');
    expect(player.engine).toBeNull();
  });
});
