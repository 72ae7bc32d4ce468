// `npm run bench:motion`: what the motion network costs per frame, in Node, on TF.js's CPU and WASM
// backends: one window classified (input built, forward pass, probabilities read back), the median
// of many, for the default network (the path alone) and one that also reads the pose. Compare it
// with the fused loop's per-frame time from `npm run bench` (measured in the browser), keeping in
// mind that the browser's backends are not Node's.
// MOTION_SYNTHETIC=1 also trains networks on synthetic motions (eight kinds and idle, 5 clips each,
// made by lib/motion's test helpers) with the partial windows cut as before stop 25 (shares of the whole clip) and as now, over
// clip sets MOTION_SYNTHETIC_CLIPS (0,500) and seeds MOTION_SYNTHETIC_SEEDS (1,2,3), and prints what a
// live session recognised and the delays. About 40 s a network on an idle 2-core machine.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {
  createMotionModel,
  DEFAULT_MOTION_AUGMENT,
  createMotionNetwork,
  createMotionRecognizer,
  DEFAULT_MOTION_NET,
  motionInputSize,
  motionNetTable,
  MOTION_ROW_SIZE,
  trainMotionModel,
  type MotionEvent,
  type MotionModel,
  type MotionNetSpec,
} from '../lib/motion';
// Test-only helpers (synthetic motions), not part of lib/motion's public face.
import { BEFORE_JUST_ENDED, MOTION_KIND_MIRROR, MOTION_KINDS, motionSession, poseChangeSession, scoreEvents, syntheticClip, type MotionKind } from '../lib/motion/test-motions';
import { createRandom } from '../lib/train/random';
import { delayStats } from '../e2e/support/motion-score';

const RUNS = 200;
const NETS: [string, MotionNetSpec][] = [
  [`default (the path, ${motionInputSize(DEFAULT_MOTION_NET.input)} values a frame)`, DEFAULT_MOTION_NET],
  [`the path and the pose (${motionInputSize('path-and-pose')} values a frame)`, { ...DEFAULT_MOTION_NET, input: 'path-and-pose' }],
];

async function msPerWindow(model: MotionModel): Promise<number> {
  const random = createRandom(1);
  const window = Float32Array.from({ length: model.spec.windowFrames * MOTION_ROW_SIZE }, () => random());
  for (let i = 0; i < 10; i += 1) await model.classify(window);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await model.classify(window);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function costPerFrame(): Promise<void> {
  console.log(`Motion network, one window classified (median of ${RUNS}), Node:`);
  console.log('| network | window | parameters | multiply-adds | backend | ms |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [name, spec] of NETS) {
      const table = motionNetTable(spec, 9);
      const model = createMotionModel(createMotionNetwork(spec, 9, 1), spec, MOTION_KINDS_AND_IDLE, 'idle');
      const before = tf.memory().numTensors;
      const ms = await msPerWindow(model);
      if (tf.memory().numTensors !== before) throw new Error(`classify left ${tf.memory().numTensors - before} tensors behind on ${backend}`);
      model.dispose();
      console.log(`| ${name} | ${spec.windowFrames} frames | ${table.totalParams.toLocaleString('en-US')} | ${table.totalMacs.toLocaleString('en-US')} | ${backend} | ${ms.toFixed(2)} |`);
    }
  }
}

const MOTION_KINDS_AND_IDLE: MotionKind[] = [...MOTION_KINDS, 'idle'];

async function play(model: MotionModel, frames: ReturnType<typeof motionSession>['frames']): Promise<MotionEvent[]> {
  const recognizer = createMotionRecognizer(model);
  const events: MotionEvent[] = [];
  for (const frame of frames) {
    const { event } = await recognizer.push(frame.timeMs, frame.row);
    if (event) events.push(event);
  }
  return events;
}


const numbers = (text: string | undefined, fallback: string) => (text ?? fallback).split(',').map(Number);

/**
 * Trains networks on synthetic clips (5 a class, as a person records) with each way of cutting the
 * partial windows, for every clip set and seed given, and scores a live session of 48 motions and a
 * minute of a hand changing pose in place on each: the networks differ by seed as much as by setting,
 * so one network per setting says little.
 */
async function synthetic(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
  // IS_TEST makes TF.js count data ids around every kernel; on WASM that check misfires for the
  // tensors fused ops keep for their gradients (as in lib/finetune's WASM test).
  tf.env().set('IS_TEST', false);
  const kinds = MOTION_KINDS_AND_IDLE;
  const clipSets = numbers(process.env.MOTION_SYNTHETIC_CLIPS, '0,500');
  const seeds = numbers(process.env.MOTION_SYNTHETIC_SEEDS, '1,2,3');
  const random = createRandom(77);
  const sequence = Array.from({ length: 48 }, () => MOTION_KINDS[Math.floor(random() * MOTION_KINDS.length)]);
  const session = motionSession(sequence, 5);
  const poses = poseChangeSession(9, 60_000);
  console.log(`\nSynthetic sessions: ${sequence.length} motions and a minute of pose changes, networks trained on 5 clips a class (clip sets ${clipSets.join(', ')}; seeds ${seeds.join(', ')}):`);
  console.log('| training windows | recognised per network | recognised | wrong | extra | pose-change events | delay median / p90 / max | training |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [when, augment] of [['before', { ...DEFAULT_MOTION_AUGMENT, ...BEFORE_JUST_ENDED }], ['default', DEFAULT_MOTION_AUGMENT]] as const) {
    const name = `${augment.justEnded * 100} % of a motion's windows ending with it, ${augment.partials} partial a clip, ${augment.partialUnfinished * 100} % unfinished (${when})`;
    const recognised: number[] = [];
    const delays: number[] = [];
    let wrong = 0;
    let extra = 0;
    let poseEvents = 0;
    let trainingMs = 0;
    for (const clipSet of clipSets) {
      const clips = kinds.flatMap((kind, c) => Array.from({ length: 5 }, (_, i) => syntheticClip(kind, 1000 * c + i + clipSet)));
      const labels = kinds.flatMap((_, c) => Array<number>(5).fill(c));
      for (const seed of seeds) {
        const started = performance.now();
        const result = await trainMotionModel({ classNames: kinds, clips, labels, idleClass: 'idle', mirror: MOTION_KIND_MIRROR }, { seed, augment });
        if (result.status !== 'trained') throw new Error('training was cancelled');
        trainingMs += performance.now() - started;
        const score = scoreEvents(session.motions, await play(result.model, session.frames));
        recognised.push(score.recognised);
        delays.push(...score.delaysMs);
        wrong += score.wrong;
        extra += score.extra;
        poseEvents += (await play(result.model, poses.frames)).length;
        result.model.dispose();
        process.stderr.write(`${name}: clips ${clipSet}, seed ${seed}: ${score.recognised}/${sequence.length}\n`);
      }
    }
    const delay = delays.length > 0 ? delayStats(delays) : null;
    const total = recognised.reduce((a, b) => a + b, 0);
    const all = recognised.length * sequence.length;
    console.log(
      `| ${name} | ${recognised.join(', ')} | ${total}/${all} = ${((100 * total) / all).toFixed(1)} % | ${wrong} | ${extra} | ${poseEvents} | ${delay ? `${Math.round(delay.medianMs)} / ${Math.round(delay.p90Ms)} / ${Math.round(delay.maxMs)} ms` : 'none recognised'} | ${(trainingMs / recognised.length / 1000).toFixed(0)} s a network |`,
    );
  }
}

async function main(): Promise<void> {
  tf.env().set('IS_TEST', true); // no "install tfjs-node" banner
  await costPerFrame();
  if (process.env.MOTION_SYNTHETIC === '1') await synthetic();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
