'use client';
import { useEffect, useState } from 'react';
import * as tf from '@tensorflow/tfjs';

/** tf.memory().numTensors, polled: a leak shows up as a number that only ever grows. */
export function useTensorCount(intervalMs = 500): number {
  const [count, setCount] = useState(() => tf.memory().numTensors);
  useEffect(() => {
    const timer = setInterval(() => setCount(tf.memory().numTensors), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return count;
}
