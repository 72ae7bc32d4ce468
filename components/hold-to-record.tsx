'use client';
import { useEffect, useRef } from 'react';
import { RECORD_RATE } from '@/lib/live';
import { buttonClass } from './ui';

/**
 * Records while held with mouse, touch or pen (pointer capture keeps it held if the finger slides
 * off), or with Space/Enter held on the keyboard. Letting go anywhere, or losing focus, stops it.
 */
export function HoldToRecord({
  className,
  active,
  disabled,
  onChange,
  activeText = `Recording · ${RECORD_RATE} per second`,
}: {
  className: string;
  active: boolean;
  disabled: boolean;
  onChange: (recording: boolean) => void;
  /** What the button says while held. */
  activeText?: string;
}) {
  const activeRef = useRef(active);
  activeRef.current = active;
  const set = (recording: boolean) => {
    if (recording !== activeRef.current) onChange(recording);
  };
  useEffect(() => {
    if (disabled && activeRef.current) onChange(false);
  }, [disabled, onChange]);
  return (
    <button
      type="button"
      aria-label={`Hold to record ${className}`}
      aria-pressed={active}
      disabled={disabled}
      // A held finger must not scroll, select text or open the long-press callout.
      className={`${buttonClass(active ? 'danger' : 'primary')} touch-none select-none [-webkit-touch-callout:none]`}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        set(true);
      }}
      onPointerUp={() => set(false)}
      onPointerCancel={() => set(false)}
      onLostPointerCapture={() => set(false)}
      onKeyDown={(e) => {
        if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
          e.preventDefault();
          set(true);
        }
      }}
      onKeyUp={(e) => {
        if (e.key === ' ' || e.key === 'Enter') set(false);
      }}
      onBlur={() => set(false)}
      onContextMenu={(e) => e.preventDefault()}
    >
      <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${active ? 'animate-pulse bg-rose-600' : 'bg-white'}`} />
      {active ? activeText : 'Hold to record'}
    </button>
  );
}
