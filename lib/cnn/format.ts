/** Number and shape formatting shared by the notes and the tables, so both read the same. */

export function formatShape(shape: readonly number[]): string {
  return shape.join('x');
}

/** 138357544 → "138,357,544". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** 21797672 → "21.8M", 9408 → "9.4K". */
export function formatCompact(n: number): string {
  if (Math.abs(n) >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (Math.abs(n) >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}

/** A relative difference with its sign: 0.0745 → "+7.5%", −0.05 → "−5.0%". */
export function formatChange(x: number): string {
  const points = (x * 100).toFixed(1);
  if (Number(points) === 0) return '0.0%';
  return `${x > 0 ? '+' : '−'}${points.replace('-', '')}%`;
}
