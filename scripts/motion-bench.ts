// `npm run bench:motion`: what the motion network costs per frame, in Node, on TF.js's CPU and WASM
// backends: one window classified (input built, forward pass, probabilities read back), the median
// of many, for the default network (the path alone) and one that also reads the pose. Compare it
// with the fused loop's per-frame time from `npm run bench` (measured in the browser), keeping in
// mind that the browser's backends are not Node's.
// MOTION_SYNTHETIC=1 also trains the default network on synthetic motions (eight kinds and idle, a
// few clips each, made by lib/motion's test helpers) and prints held-out accuracy, a live session's
// events and delays, and false events in ten minutes of rest. That takes minutes on a busy machine.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {
  createMotionModel,
  createMotionNetwork,
  createMotionRecognizer,
  DEFAULT_MOTION_NET,
  evaluateMotionClips,
  motionInputSize,
  motionNetTable,
  MOTION_ROW_SIZE,
  trainMotionModel,
  type MotionEvent,
  type MotionModel,
  type MotionNetSpec,
} from '../lib/motion';
// Test-only helpers (synthetic motions), not part of lib/motion's public face.
import { MOTION_KINDS, motionSession, scoreEvents, syntheticClip, type MotionKind } from '../lib/motion/test-motions';
import { createRandom } from '../lib/train/random';

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

async function synthetic(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
  // IS_TEST makes TF.js count data ids around every kernel; on WASM that check misfires for the
  // tensors fused ops keep for their gradients (as in lib/finetune's WASM test).
  tf.env().set('IS_TEST', false);
  const kinds = MOTION_KINDS_AND_IDLE;
  const perClass = 8;
  const clips = kinds.flatMap((kind, c) => Array.from({ length: perClass }, (_, i) => syntheticClip(kind, 1000 * c + i)));
  const labels = kinds.flatMap((_, c) => Array<number>(perClass).fill(c));
  const started = performance.now();
  const result = await trainMotionModel({ classNames: kinds, clips, labels, idleClass: 'idle', mirror: {} }, { seed: 1 }, { onEpoch: (r) => process.stderr.write(`epoch ${r.epoch}: loss ${r.loss.toFixed(3)}, validation ${r.validationAccuracy?.toFixed(3)}\n`) });
  if (result.status !== 'trained') throw new Error('training was cancelled');
  const { model } = result;
  console.log(`\nTrained on ${clips.length} synthetic clips (${perClass} per class) in ${((performance.now() - started) / 1000).toFixed(0)} s on WASM; best epoch ${result.bestEpoch} of ${result.history.length}.`);
  const test = kinds.flatMap((kind, c) => Array.from({ length: 10 }, (_, i) => syntheticClip(kind, 500_000 + 1000 * c + i)));
  const evaluation = await evaluateMotionClips(model, test, kinds.flatMap((_, c) => Array<number>(10).fill(c)));
  console.log(`Held-out clips: ${evaluation.correct}/${evaluation.total} (${(100 * evaluation.accuracy).toFixed(1)} %). Confusion (rows true, columns predicted; ${kinds.join(', ')}):`);
  for (const row of evaluation.confusion) console.log(`  ${row.join(' ')}`);
  const random = createRandom(77);
  const sequence = Array.from({ length: 40 }, () => MOTION_KINDS[Math.floor(random() * MOTION_KINDS.length)]);
  const session = motionSession(sequence, 5);
  const score = scoreEvents(session.motions, await play(model, session.frames));
  const delays = [...score.delaysMs].sort((a, b) => a - b);
  console.log(
    `Live session of ${sequence.length} motions: ${score.recognised} recognised, ${score.missed} missed, ${score.wrong} wrong, ${score.extra} extra; ` +
      `delay from a motion's end to its event: median ${delays[Math.floor(delays.length / 2)]?.toFixed(0)} ms, range ${delays[0]?.toFixed(0)} to ${delays.at(-1)?.toFixed(0)} ms, ${delays.filter((d) => d <= 300).length}/${delays.length} within 300 ms.`,
  );
  if (score.mistakes.length > 0) console.log(`Mistakes: ${score.mistakes.join('; ')}.`);
  const rest = motionSession([], 21, [600_000, 600_000], { tremble: 0.004 });
  const restEvents = await play(model, rest.frames);
  console.log(`Ten minutes of a resting, trembling hand: ${restEvents.length} events (${(restEvents.length / 10).toFixed(1)} a minute).`);
  model.dispose();
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
