import * as tf from '@tensorflow/tfjs';
import { endBackendLifetime, switchBackend } from './backend-lifetime';

/** The part of TF.js's WebGL backend that holds its context; not in the public typings. */
interface WebglBackendInternals {
  readonly gpgpu?: { readonly gl?: WebGLRenderingContext | WebGL2RenderingContext };
}

/**
 * Calls `onLost` when the active WebGL backend's context is lost (a GPU driver reset, the browser
 * reclaiming GPU memory from too many tabs). Every tensor on that backend is gone at that moment, so
 * its lifetime ends first: work bound to it stops before `onLost` runs.
 * Returns the unsubscribe; a no-op when the active backend is not WebGL.
 */
export function watchContextLoss(onLost: () => void): () => void {
  if (tf.getBackend() !== 'webgl') return () => {};
  const canvas = (tf.backend() as unknown as WebglBackendInternals).gpgpu?.gl?.canvas;
  if (!canvas) return () => {};
  const handler = () => {
    endBackendLifetime('The WebGL context was lost.');
    onLost();
  };
  canvas.addEventListener('webglcontextlost', handler);
  return () => canvas.removeEventListener('webglcontextlost', handler);
}

/**
 * Moves TF.js off a WebGL backend whose context was lost, to WASM (or the CPU when WASM is
 * unavailable), and replaces the dead WebGL backend with a fresh, not yet created one, so choosing
 * WebGL later gets a new context instead of the dead one TF.js would otherwise keep reusing.
 */
export async function leaveLostWebgl(): Promise<void> {
  const moved = await switchBackend('wasm').catch(() => false);
  if (!moved) await switchBackend('cpu');
  const factory = tf.findBackendFactory('webgl');
  if (!factory) return;
  try {
    tf.removeBackend('webgl');
  } catch {
    // Disposing a backend whose context is gone can fail part-way; it is being dropped anyway.
  }
  tf.registerBackend('webgl', factory, WEBGL_PRIORITY);
}

/** The priority @tensorflow/tfjs-backend-webgl registers itself with. */
const WEBGL_PRIORITY = 2;
