'use client';
import { useEffect, useState } from 'react';
import * as tf from '@tensorflow/tfjs';

/**
 * tf.memory().numTensors, polled: a leak shows up as a number that only ever grows. While a backend
 * is starting (WASM at start-up, a backend switch) tfjs has no count to give and throws: the last
 * reading stays until the next poll (0 before the first).
 */
export function useTensorCount(intervalMs = 500): number {
  const [count, setCount] = useState(() => readTensorCount() ?? 0);
  useEffect(() => {
    const timer = setInterval(() => {
      const now = readTensorCount();
      if (now !== null) setCount(now);
    }, intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return count;
}

function readTensorCount(): number | null {
  try {
    return tf.memory().numTensors;
  } catch (error) {
    if (error instanceof Error && error.message.includes('has not yet been initialized')) return null;
    throw error;
  }
}
