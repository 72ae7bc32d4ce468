import * as tf from '@tensorflow/tfjs';
import type { BackendName } from './renderer';

/**
 * Tensors live on the backend that made them. Once TF.js leaves that backend (a switch, a lost
 * WebGL context), the next op on one of them makes TF.js copy its data off the old backend, and a
 * lost or removed WebGL backend throws from deep inside (e.g. "Cannot use 'in' operator to search
 * for '2_2_3_true' in null" from its texture manager). So work holding tensors (the live loop, the
 * augmentation queue, an embedding job) takes this signal when its backbone is made and stops the
 * moment it aborts, before its next op.
 */
let lifetime = new AbortController();

/** Aborted once TF.js leaves the backend in use now; a new signal comes with the next backend. */
export function backendLifetime(): AbortSignal {
  return lifetime.signal;
}

/** Ends the current backend's lifetime at once, e.g. when its WebGL context is lost. */
export function endBackendLifetime(reason: string): void {
  lifetime.abort(new Error(reason));
}

/** `tf.setBackend` that ends the old backend's lifetime first and starts one for the new backend. */
export async function switchBackend(name: BackendName): Promise<boolean> {
  if (tf.getBackend() === name && !lifetime.signal.aborted) return true;
  endBackendLifetime(`TF.js left the ${tf.getBackend()} backend.`);
  try {
    return await tf.setBackend(name);
  } finally {
    lifetime = new AbortController();
  }
}
