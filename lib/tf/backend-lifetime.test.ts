import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backendLifetime, endBackendLifetime, switchBackend } from './backend-lifetime';

describe('backend lifetime', () => {
  beforeEach(async () => {
    await switchBackend('cpu');
  });
  afterEach(async () => {
    await switchBackend('cpu');
    if (tf.findBackend('wasm')) tf.removeBackend('wasm');
  });

  it('stays the same while TF.js stays on its backend', async () => {
    const lifetime = backendLifetime();
    expect(await switchBackend('cpu')).toBe(true);
    expect(backendLifetime()).toBe(lifetime);
    expect(lifetime.aborted).toBe(false);
  });

  it('ends at once when the backend is lost, and work asking meanwhile is told it ended, until TF.js is on a backend again', async () => {
    const lifetime = backendLifetime();
    endBackendLifetime('The WebGL context was lost.');
    expect(lifetime.aborted).toBe(true);
    expect((lifetime.reason as Error).message).toBe('The WebGL context was lost.');
    expect(backendLifetime().aborted).toBe(true);
    expect(await switchBackend('cpu')).toBe(true);
    expect(backendLifetime().aborted).toBe(false);
  });

  it('ends before another backend starts, and the new backend gets its own', async () => {
    const old = backendLifetime();
    let endedBeforeInit = false;
    tf.registerBackend('wasm', () => {
      endedBeforeInit = old.aborted;
      return new MathBackendCPU();
    });
    expect(await switchBackend('wasm')).toBe(true);
    expect(endedBeforeInit).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
    expect(backendLifetime()).not.toBe(old);
    expect(backendLifetime().aborted).toBe(false);
  });
});
