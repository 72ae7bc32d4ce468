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

/** Where else tensors live: the ML worker's TF.js (its count waits until no work is in flight there). */
export interface TensorSource {
  tensors(): Promise<number | null>;
}

/**
 * tf.memory().numTensors, polled once the backend is ready, plus `other`'s count: a leak shows up as
 * a quiet count that only ever grows.
 */
export function useTensorCount(ready: boolean, busy: boolean, other: TensorSource | null = null, intervalMs = 500): TensorReading {
  const [reading, setReading] = useState<TensorReading>({ count: null, quiet: false });
  // Read inside the timer, so each reading is paired with the state of work at that moment.
  const busyRef = useRef(busy);
  busyRef.current = busy;
  useEffect(() => {
    // A reading from before (another source, or none) must not stand for the sum asked for now.
    setReading({ count: null, quiet: false });
    if (!ready) return;
    let stopped = false;
    let reading = false;
    const read = async () => {
      // One reading at a time: the other count can wait for work in flight to finish.
      if (reading) return;
      reading = true;
      try {
        const quietBefore = !busyRef.current;
        const elsewhere = other ? await other.tensors() : 0;
        if (stopped || elsewhere === null) return;
        setReading({ count: tf.memory().numTensors + elsewhere, quiet: quietBefore && !busyRef.current });
      } finally {
        reading = false;
      }
    };
    void read();
    const timer = setInterval(read, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [ready, other, intervalMs]);
  return reading;
}
