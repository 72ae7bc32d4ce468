'use client';
import { useEffect, useRef, useState } from 'react';
import * as tf from '@tensorflow/tfjs';

/** One reading of tf.memory().numTensors, and whether the studio had no work running when it was taken. */
export interface TensorReading {
  /** Null until the backend is ready (asking an uninitialised backend throws). */
  readonly count: number | null;
  /**
   * True when nothing that makes tensors (training, a job, augmentation) was running at the reading:
   * only such a reading can be compared with another, since work in flight holds tensors for a while.
   */
  readonly quiet: boolean;
}

/** tf.memory().numTensors, polled once the backend is ready: a leak shows up as a quiet count that only ever grows. */
export function useTensorCount(ready: boolean, busy: boolean, intervalMs = 500): TensorReading {
  const [reading, setReading] = useState<TensorReading>({ count: null, quiet: false });
  // Read inside the timer, so each reading is paired with the state of work at that moment.
  const busyRef = useRef(busy);
  busyRef.current = busy;
  useEffect(() => {
    if (!ready) return;
    const read = () => setReading({ count: tf.memory().numTensors, quiet: !busyRef.current });
    read();
    const timer = setInterval(read, intervalMs);
    return () => clearInterval(timer);
  }, [ready, intervalMs]);
  return reading;
}
