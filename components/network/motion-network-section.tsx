'use client';
import { useMemo } from 'react';
import { DEFAULT_MOTION_NET, motionNetTable, type MotionNetSpec } from '@/lib/motion';
import { NetworkTableView } from './network-table';

export interface MotionNetworkInfo {
  /** The trained motion model's network, or the one training would make. */
  readonly spec: MotionNetSpec;
  readonly classNames: readonly string[];
  readonly trained: boolean;
}

/**
 * The motion model: 1-D convolutions along time over the hand's per-frame features, each layer's
 * sequence length by the chapter's (N + 2P − F)/S + 1, global pooling over time and a softmax.
 */
export function MotionNetworkSection({ motion }: { motion: MotionNetworkInfo | null }) {
  const table = useMemo(() => (motion && motion.classNames.length > 0 ? motionNetTable(motion.spec, motion.classNames.length) : null), [motion]);
  return (
    <section aria-label="Motion network" className="space-y-2">
      <h3 className="text-sm font-semibold text-slate-900">Motion network</h3>
      {!table ? (
        <p className="text-sm text-slate-600">
          Add motion classes to see the network that learns them: convolutions along time over {DEFAULT_MOTION_NET.windowFrames} frames of the hand ({(DEFAULT_MOTION_NET.windowFrames / DEFAULT_MOTION_NET.rate).toFixed(0)} s).
        </p>
      ) : (
        <>
          <NetworkTableView
            table={table}
            testId="motion-table"
            caption={`${table.name}${motion?.trained ? '' : ' (as training will make it)'}: ${motion?.classNames.length} classes (${motion?.classNames.join(', ')}); shapes are [frames, channels]`}
          />
          <ul className="list-disc pl-5 text-xs text-slate-600" data-testid="motion-lengths">
            {table.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
