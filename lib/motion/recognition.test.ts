import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../train';
import type { MirrorRule } from './augment';
import type { MotionModel } from './motion-model';
import { createMotionRecognizer, type MotionEvent } from './recognizer';
import { motionSession, scoreEvents, smallMotionNet, syntheticClip, type MotionKind, type SyntheticStream } from './test-motions';
import { evaluateMotionClips, trainMotionModel } from './train-motion';

/*
 * Live recognition end to end on synthetic motions: a small path-only network trained on a few
 * recorded clips (right swipes only from mirrored left ones), then sessions of motions separated by
 * rests fed frame by frame, at the live loop's uneven rate, through the recognizer.
 */

const KINDS: MotionKind[] = ['swipe-left', 'swipe-right', 'circle-cw', 'push', 'idle'];
const RECORDED: MotionKind[] = ['swipe-left', 'circle-cw', 'push', 'idle'];
const MIRROR: Record<string, MirrorRule> = { 'swipe-left': { partner: 'swipe-right' }, 'swipe-right': { partner: 'swipe-left' }, push: 'self', idle: 'self' };
const NET = smallMotionNet([12, 12, 16]);

let model: MotionModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  const clips = RECORDED.flatMap((kind, c) => Array.from({ length: 5 }, (_, i) => syntheticClip(kind, 1000 * c + i)));
  const labels = Int32Array.from(RECORDED.flatMap((kind) => Array<number>(5).fill(KINDS.indexOf(kind))));
  const result = await trainMotionModel({ classNames: KINDS, clips, labels, idleClass: 'idle', mirror: MIRROR }, { net: NET, epochs: 30, batchSize: 16, learningRate: 0.005, seed: 1 });
  if (result.status !== 'trained') throw new Error('training was cancelled');
  model = result.model;
}, 120_000);

afterAll(() => model?.dispose());

async function play(stream: SyntheticStream): Promise<MotionEvent[]> {
  const recognizer = createMotionRecognizer(model);
  const events: MotionEvent[] = [];
  for (const frame of stream.frames) {
    const { event } = await recognizer.push(frame.timeMs, frame.row);
    if (event) events.push(event);
  }
  return events;
}

describe('motion recognition on synthetic sessions', () => {
  it('recognises held-out clips of every class, right swipes included', async () => {
    const clips = KINDS.flatMap((kind) => Array.from({ length: 6 }, (_, i) => syntheticClip(kind, 70_000 + 100 * KINDS.indexOf(kind) + i)));
    const labels = KINDS.flatMap((_, c) => Array<number>(6).fill(c));
    const evaluation = await evaluateMotionClips(model, clips, labels);
    console.log(`held-out clips: ${evaluation.correct}/${evaluation.total} (${KINDS.join(', ')}); confusion ${JSON.stringify(evaluation.confusion)}`);
    expect(evaluation.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('fires one event per motion, soon after it ends, and none in between', async () => {
    const random = createRandom(3);
    const motions = Array.from({ length: 16 }, () => KINDS[Math.floor(random() * 4)]);
    const session = motionSession(motions, 11);
    const before = tf.memory().numTensors;
    const events = await play(session);
    expect(tf.memory().numTensors).toBe(before);
    const score = scoreEvents(session.motions, events);
    const delays = [...score.delaysMs].sort((a, b) => a - b);
    console.log(
      `session of ${motions.length} motions over ${(session.frames.at(-1)!.timeMs / 1000).toFixed(0)} s: ${score.recognised} recognised, ${score.missed} missed, ${score.wrong} wrong, ${score.extra} extra; ` +
        `delay from a motion's end to its event: median ${delays[Math.floor(delays.length / 2)].toFixed(0)} ms, range ${delays[0].toFixed(0)} to ${delays.at(-1)!.toFixed(0)} ms`,
    );
    expect(score.recognised).toBeGreaterThanOrEqual(14);
    expect(score.wrong + score.extra).toBeLessThanOrEqual(1);
    // The target is an event within 300 ms of the motion's end; this small test network meets
    // it for nine motions in ten (npm run bench:motion measures the default network).
    expect(delays[Math.floor(delays.length / 2)]).toBeLessThanOrEqual(300);
    expect(delays.filter((d) => d <= 300).length).toBeGreaterThanOrEqual(0.9 * delays.length);
  });

  it('stays silent through a minute of a resting, trembling hand', async () => {
    const rest = motionSession([], 21, [60_000, 60_000], { tremble: 0.004 });
    const events = await play(rest);
    console.log(`a minute of rest: ${events.length} events`);
    expect(events).toEqual([]);
  });
});
