import { describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENT } from '../augment';
import type { LiveModel } from '../classify';
import { createDataset } from '../dataset';
import type { Engine, EngineConnection, EngineEvent, EngineModel, EngineTrainResult, TrainProgress } from '../engine';
import type { BackendChoice, BackendReport } from '../tf';
import { DEFAULT_TRAIN_PARAMS } from '../train';
import { StudioController, type TrainJob } from './controller';

/** A run the test finishes (or that the controller cancels) when it wants. */
interface PendingRun {
  readonly progress: TrainProgress;
  finish(result: EngineTrainResult | null): void;
  fail(error: Error): void;
}

/** An engine that records what it is asked and lets the test decide when loads and runs finish. */
function fakeEngine() {
  const calls: string[] = [];
  const runs: PendingRun[] = [];
  const loads: { choice: BackendChoice; finish: () => void }[] = [];
  let model: EngineModel | null = null;
  let emit: (event: EngineEvent) => void = () => {};
  const engine: Engine = {
    load: (choice, backboneId) => {
      calls.push(`load ${choice} ${backboneId}`);
      return new Promise<BackendReport>((resolve) => loads.push({ choice, finish: () => resolve(report(choice)) }));
    },
    loadHands: async () => null,
    setModel: async (m) => {
      calls.push(`setModel ${m ? m.classNames.join('/') : 'none'}`);
      model = m;
    },
    setMotionModel: async () => {},
    trainMotion: async () => null,
    processFrame: async () => {
      throw new Error('no frames in these tests');
    },
    augmentViews: async () => ({ key: '', embeddings: [] }),
    train: (_job, progress) =>
      new Promise((resolve, reject) => {
        calls.push('train');
        runs.push({ progress, finish: resolve, fail: reject });
      }),
    cancelTraining: () => {
      calls.push('cancel');
      runs.at(-1)?.finish(null);
    },
    embedFiles: async () => {
      throw new Error('no jobs in these tests');
    },
    evaluate: async () => null,
    checkRobustness: async () => null,
    cancel: () => {},
    tensors: async () => 0,
  };
  const notBenched = async (): Promise<never> => {
    throw new Error('no benchmarks in these tests');
  };
  const bench = { timeBackbone: notBenched, timeHandTracker: notBenched, timeHeadTraining: notBenched, timeMotionStep: notBenched };
  const connection: EngineConnection = { engine, bench, kind: 'worker', fallback: null, close: () => calls.push('close') };
  return {
    calls,
    runs,
    loads,
    model: () => model,
    emit: (event: EngineEvent) => emit(event),
    connect: async (onEvent: (event: EngineEvent) => void) => {
      emit = onEvent;
      return connection;
    },
  };
}

function report(choice: BackendChoice): BackendReport {
  return { active: choice === 'auto' ? 'wasm' : choice, choice, probeMs: {}, gpuRenderer: null, softwareRenderer: true, wasmSimd: true, wasmThreads: false, wasmThreadCount: 1, wasmThreadsReason: 'one thread, as asked' };
}

/** A page model: only its identity, class names and disposal matter here. */
function pageModel(classNames: readonly string[]): LiveModel & { disposed: boolean } {
  const model = {
    classNames,
    inputMode: 'frame' as const,
    usesEmbedding: true,
    usesLandmarks: false,
    disposed: false,
    classify: () => {
      throw new Error('not used');
    },
    save: async () => {
      throw new Error('not used');
    },
    dispose: () => {
      model.disposed = true;
    },
  };
  return model;
}

function saved(classNames: readonly string[]): EngineModel {
  return { artifacts: { modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(0) }, classNames, inputMode: 'frame', embeddingSize: 8, backboneId: 'mobilenet_v1_025' };
}

function result(classNames: readonly string[]): EngineTrainResult {
  return {
    saved: saved(classNames),
    backboneId: 'mobilenet_v1_025',
    strategy: { kind: 'head-only', trainableBlocks: 0, reason: '', trainableLayers: ['head'] },
    augment: DEFAULT_AUGMENT,
    history: [],
    bestEpoch: 1,
    stoppedEarly: false,
    samples: 10,
    durationMs: 5,
    contributions: [],
  };
}

const JOB: TrainJob = {
  dataset: createDataset('mobilenet_v1_025', ['A', 'B']),
  strategy: { kind: 'head-only', trainableBlocks: 0, reason: '', trainableLayers: ['head'] },
  augment: DEFAULT_AUGMENT,
  params: DEFAULT_TRAIN_PARAMS,
  mode: 'frame',
};

/** A controller on a fake engine, started and loaded; `made` lists the page models it rebuilt. */
async function started() {
  const fake = fakeEngine();
  const made: (LiveModel & { disposed: boolean })[] = [];
  const controller = new StudioController(
    {
      connect: fake.connect,
      restoreModel: async (s) => {
        const model = pageModel(s.classNames);
        made.push(model);
        return model;
      },
    },
    { backboneId: 'mobilenet_v1_025' },
  );
  controller.start();
  await until(() => fake.loads.length === 1);
  fake.loads[0].finish();
  await until(() => controller.getState().engine.phase === 'ready');
  return { controller, fake, made };
}

/** One run that the engine finishes with a model of `classNames`. */
async function trainOnce({ controller, fake }: Awaited<ReturnType<typeof started>>, classNames: readonly string[]): Promise<void> {
  const runs = fake.runs.length;
  const run = controller.train(JOB);
  await until(() => fake.runs.length === runs + 1);
  fake.runs[runs].finish(result(classNames));
  await run;
}

/** Lets queued promise callbacks run until `check` holds (or fails the test). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
  expect(check()).toBe(true);
}

describe('StudioController', () => {
  it('starts the engine, loads the chosen backbone on the chosen backend, and says where the ML runs', async () => {
    const { controller, fake } = await started();
    expect(fake.calls[0]).toBe('load auto mobilenet_v1_025');
    const state = controller.getState();
    expect(state.engine).toEqual({ phase: 'ready', report: report('auto') });
    expect(state.engineKind).toBe('worker');
    expect(state.engineLoad).toBe(1);
    await until(() => controller.getState().hands.phase === 'ready');
  });

  it('trains in the engine, reports each epoch, and puts the page’s copy of the model in use', async () => {
    const { controller, fake, made } = await started();
    const training = controller.train(JOB);
    expect(controller.getState().phase).toBe('training');
    await until(() => fake.runs.length === 1);
    fake.runs[0].progress.onEpoch({ epoch: 1, epochs: 1, loss: 1, accuracy: 0.5, validationLoss: null, validationAccuracy: null, learningRate: 0.001 });
    expect(controller.getState().history).toHaveLength(1);
    fake.runs[0].finish(result(['A', 'B']));
    await training;
    expect(controller.getState().phase).toBe('trained');
    expect(controller.getState().trained?.model).toBe(made[0]);
  });

  it('a second run replaces the model only when it succeeds, and disposes the one it replaces', async () => {
    const studio = await started();
    const { controller, fake, made } = studio;
    await trainOnce(studio, ['A', 'B']);
    const failing = controller.train(JOB);
    await until(() => fake.runs.length === 2);
    fake.runs[1].fail(new Error('out of memory'));
    await failing;
    expect(controller.getState().phase).toBe('error');
    expect(controller.getState().message).toBe('Training failed: out of memory');
    expect(controller.getState().trained?.model).toBe(made[0]);
    await trainOnce(studio, ['A', 'B', 'C']);
    expect(controller.getState().trained?.model).toBe(made[1]);
    expect(made[0].disposed).toBe(true);
  });

  it('Cancel stops the run in the engine and keeps the previous model', async () => {
    const { controller, fake } = await started();
    const run = controller.train(JOB);
    await until(() => fake.runs.length === 1);
    controller.cancel();
    await run;
    expect(fake.calls).toContain('cancel');
    expect(controller.getState().phase).toBe('cancelled');
    expect(controller.getState().trained).toBeNull();
  });

  it('a backend switch mid-run abandons the run and restarts it once the engine is loaded on the new backend', async () => {
    const { controller, fake } = await started();
    void controller.train(JOB);
    await until(() => fake.runs.length === 1);
    expect(controller.chooseBackend('webgl')).toBe(true);
    expect(fake.calls).toContain('cancel');
    expect(controller.getState().engine.phase).toBe('starting');
    await until(() => fake.loads.length === 2);
    expect(fake.loads[1].choice).toBe('webgl');
    fake.loads[1].finish();
    await until(() => fake.runs.length === 2);
    expect(controller.getState().phase).toBe('training');
    fake.runs[1].finish(result(['A', 'B']));
    await until(() => controller.getState().phase === 'trained');
    expect(controller.getState().engineLoad).toBe(2);
  });

  it('the engine classifies with the model the page asks for, sent in its saved form, and with none once it no longer fits', async () => {
    const studio = await started();
    const { controller, fake } = studio;
    await trainOnce(studio, ['A', 'B']);
    const model = controller.getState().trained?.model ?? null;
    controller.useLiveModel(model);
    await until(() => controller.getState().classifying === model);
    expect(fake.model()?.classNames).toEqual(['A', 'B']);
    controller.useLiveModel(null);
    await until(() => fake.model() === null);
    expect(controller.getState().classifying).toBeNull();
  });

  it('after the page’s WebGL context is lost it moves to WASM and rebuilds the model in use from its saved weights', async () => {
    const studio = await started();
    const { controller, fake, made } = studio;
    await trainOnce(studio, ['A', 'B']);
    expect(controller.pageContextLost()).toBe(false);
    expect(controller.getState().backendChoice).toBe('wasm');
    await until(() => fake.loads.length === 2);
    fake.loads[1].finish();
    expect(await controller.recover()).toBe('rebuilt');
    expect(controller.getState().trained?.model).toBe(made[1]);
    // The lost model's weights went with the context: it is not disposed a second time.
    expect(made[0].disposed).toBe(false);
  });

  it('a restore that finishes after a reset is dropped; the engine’s own events become a notice', async () => {
    const { controller, fake } = await started();
    const restoring = controller.restore({ ...saved(['A', 'B']), trainedSamples: 4, augment: DEFAULT_AUGMENT }, 'mobilenet_v1_025');
    controller.reset();
    expect(await restoring).toBe(false);
    expect(controller.getState().trained).toBeNull();
    fake.emit({ kind: 'context-lost', message: 'The engine’s WebGL context was lost; it moved to WASM.' });
    expect(controller.getState().notice).toBe('The engine’s WebGL context was lost; it moved to WASM.');
  });
});
