import { wristPath, type MotionClip } from '@/lib/motion';

/**
 * A clip's wrist path as a small drawing: where the hand went, from a hollow start to a filled end,
 * mirrored like the preview so a swipe to the person's left goes left here too.
 */
export function MotionTrajectory({ clip, mirrored, label }: { clip: MotionClip; mirrored: boolean; label: string }) {
  const points = wristPath(clip).filter((p): p is { x: number; y: number } => p !== null);
  if (points.length === 0) return null;
  // Paths are in frame heights from the frame's centre; a frame is about 1.33 wide and 1 high.
  const x = (p: { x: number }) => 50 + (mirrored ? -p.x : p.x) * 70;
  const y = (p: { y: number }) => 50 + p.y * 90;
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p).toFixed(1)},${y(p).toFixed(1)}`).join(' ');
  const first = points[0];
  const last = points[points.length - 1];
  return (
    <svg viewBox="0 0 100 100" role="img" aria-label={label} className="h-16 w-16 rounded-md bg-slate-100">
      <path d={d} fill="none" stroke="#4f46e5" strokeWidth={3} strokeLinecap="round" strokeLinejoin="round" />
      <circle cx={x(first)} cy={y(first)} r={4} fill="white" stroke="#4f46e5" strokeWidth={2} />
      <circle cx={x(last)} cy={y(last)} r={4} fill="#4f46e5" />
    </svg>
  );
}
