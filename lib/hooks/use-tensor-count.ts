'use client';
import { useEffect, useState } from 'react';
import * as tf from '@tensorflow/tfjs';

/** tf.memory().numTensors, polled: a leak shows up as a number that only ever grows. */
export function useTensorCount(intervalMs = 500): number {
  const [count, setCount] = useState(readCount);
  useEffect(() => {
    const timer = setInterval(() => setCount((last) => readCount() ?? last), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return count ?? 0;
}

/**
 * Null while a backend is still initialising (start-up probes WebGL and WASM in turn): tf.memory()
 * throws then, and the next poll reads the count instead.
 */
function readCount(): number | null {
  try {
    return tf.memory().numTensors;
  } catch (error) {
    if (error instanceof Error && error.message.includes('has not yet been initialized')) return null;
    throw error;
  }
}
