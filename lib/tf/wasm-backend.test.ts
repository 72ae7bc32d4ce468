import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { startWithFallback, type WasmStarter } from './wasm-backend';

const TWO = { threads: 2, reason: '2 threads (one per core)' };
const ONE = { threads: 1, reason: 'one thread: the page is not cross-origin isolated' };

/** A started backend stand-in: only its identity and `dispose` matter here. */
const backend = (name: string) => ({ name, dispose: vi.fn() }) as unknown as tf.KernelBackend & { name: string; dispose: ReturnType<typeof vi.fn> };

/** A starter whose builds answer as `answers` says (by thread count), recording what was asked. */
function starter(answers: Record<number, () => Promise<tf.KernelBackend>>, threadsCount = 2): WasmStarter & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    start: (threads) => {
      asked.push(threads);
      return answers[threads]();
    },
    threadsCount: () => threadsCount,
  };
}

describe('startWithFallback', () => {
  it('starts the threaded build when threads are planned, and reports the plan', async () => {
    const threaded = backend('threaded');
    const s = starter({ 2: async () => threaded });
    expect(await startWithFallback(TWO, s)).toEqual({ backend: threaded, running: TWO });
    expect(s.asked).toEqual([2]);
  });

  it('starts only the single-threaded build when one thread is planned', async () => {
    const single = backend('single');
    const s = starter({ 1: async () => single });
    expect(await startWithFallback(ONE, s)).toEqual({ backend: single, running: ONE });
    expect(s.asked).toEqual([1]);
  });

  it('falls back to one thread, saying why, when the threaded build fails (Emscripten rejects with a plain object)', async () => {
    const single = backend('single');
    const s = starter({ 2: () => Promise.reject({ message: 'both async and sync fetching of the wasm failed' }), 1: async () => single });
    expect(await startWithFallback(TWO, s)).toEqual({
      backend: single,
      running: { threads: 1, reason: 'one thread: 2 threads did not start (both async and sync fetching of the wasm failed)' },
    });
    expect(s.asked).toEqual([2, 1]);
  });

  it('falls back to one thread when the threaded build does not answer in time, and disposes it if it starts later', async () => {
    const single = backend('single');
    const late = backend('late');
    let finishLate = (_: tf.KernelBackend) => {};
    const s = starter({ 2: () => new Promise((resolve) => (finishLate = resolve)), 1: async () => single });
    const started = await startWithFallback(TWO, s, 20);
    expect(started).toEqual({ backend: single, running: { threads: 1, reason: 'one thread: 2 threads did not start (no answer within 0.02 s)' } });
    finishLate(late);
    await vi.waitFor(() => expect(late.dispose).toHaveBeenCalledTimes(1));
    expect(single.dispose).not.toHaveBeenCalled();
  });

  it('reports the threads the backend really started when they differ from the plan', async () => {
    const threaded = backend('threaded');
    const started = await startWithFallback(TWO, starter({ 2: async () => threaded }, 1));
    expect(started.running).toEqual({ threads: 1, reason: 'one thread: 2 were planned, the backend started 1' });
  });

  it('rejects when the single-threaded build cannot start either (the backend is then no candidate)', async () => {
    const s = starter({ 2: () => Promise.reject(new Error('no SharedArrayBuffer')), 1: () => Promise.reject(new Error('no WebAssembly')) });
    await expect(startWithFallback(TWO, s)).rejects.toThrow('no WebAssembly');
  });
});
