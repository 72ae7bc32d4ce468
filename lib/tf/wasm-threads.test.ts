import { describe, expect, it } from 'vitest';
import { chooseWasmThreads, logicalCoresFor, MAX_WASM_THREADS, NOT_ISOLATED_REASON, ONE_THREAD_ASKED_REASON, threadsFailed } from './wasm-threads';

describe('chooseWasmThreads', () => {
  it('runs one thread per core when the thread is cross-origin isolated', () => {
    expect(chooseWasmThreads('auto', { crossOriginIsolated: true, hardwareConcurrency: 2 })).toEqual({ threads: 2, reason: '2 threads (one per core)' });
    expect(chooseWasmThreads('auto', { crossOriginIsolated: true, hardwareConcurrency: 3 }).threads).toBe(3);
  });

  it('caps the threads on machines with many cores, and says so', () => {
    expect(chooseWasmThreads('auto', { crossOriginIsolated: true, hardwareConcurrency: 16 })).toEqual({
      threads: MAX_WASM_THREADS,
      reason: `${MAX_WASM_THREADS} threads (16 cores, capped at ${MAX_WASM_THREADS})`,
    });
  });

  it('falls back to one thread, saying why, when the thread is not cross-origin isolated', () => {
    expect(chooseWasmThreads('auto', { crossOriginIsolated: false, hardwareConcurrency: 8 })).toEqual({ threads: 1, reason: NOT_ISOLATED_REASON });
    expect(NOT_ISOLATED_REASON).toBe('one thread: the page is not cross-origin isolated');
  });

  it.each([1, 0, undefined, Number.NaN, 1.5])('runs one thread when the browser reports %s cores', (hardwareConcurrency) => {
    const plan = chooseWasmThreads('auto', { crossOriginIsolated: true, hardwareConcurrency });
    expect(plan).toEqual({ threads: 1, reason: 'one thread: the browser reports a single core' });
  });

  it('holds to one thread when asked, whatever the machine', () => {
    expect(chooseWasmThreads('one', { crossOriginIsolated: true, hardwareConcurrency: 8 })).toEqual({ threads: 1, reason: ONE_THREAD_ASKED_REASON });
  });
});

describe('threadsFailed', () => {
  it('is one thread, naming the threads that did not start and why', () => {
    expect(threadsFailed({ threads: 2, reason: '2 threads (one per core)' }, 'no answer within 20 s')).toEqual({
      threads: 1,
      reason: 'one thread: 2 threads did not start (no answer within 20 s)',
    });
  });
});

describe('logicalCoresFor', () => {
  it('doubles the threads, since TF.js gives XNNPACK half the logical cores', () => {
    expect(logicalCoresFor(2)).toBe(4);
    expect(logicalCoresFor(4)).toBe(8);
  });
});
