import { convOutputSize } from './arithmetic';

/** A single-channel image or filter, row by row. */
export type Grid = readonly (readonly number[])[];

export type PoolMode = 'max' | 'avg';

/** Surrounds the image with `p` rows and columns of zeros. */
export function zeroPad(image: Grid, p: number): number[][] {
  const width = (image[0]?.length ?? 0) + 2 * p;
  const zeros = () => new Array<number>(width).fill(0);
  return [...Array.from({ length: p }, zeros), ...image.map((row) => [...new Array<number>(p).fill(0), ...row, ...new Array<number>(p).fill(0)]), ...Array.from({ length: p }, zeros)];
}

/**
 * The chapter's "convolution": slide the F×F filter over the zero-padded image `stride` steps at a
 * time and take the sum of element-wise products (strictly a cross-correlation: the filter is not
 * flipped, as in every deep-learning library). Throws a RangeError with the explanation when the
 * settings do not fit exactly; `convOutputSize` gives the same sentence without throwing.
 */
export function convolve2d(image: Grid, filter: Grid, { padding = 0, stride = 1 }: { padding?: number; stride?: number } = {}): number[][] {
  const f = squareSide(filter, 'filter');
  const padded = zeroPad(image, padding);
  return slideWindow(image, f, padding, stride, (top, left) => {
    let sum = 0;
    for (let i = 0; i < f; i++) for (let j = 0; j < f; j++) sum += padded[top + i][left + j] * filter[i][j];
    return sum;
  });
}

/** Max or average pooling over F×F windows, `stride` apart, without padding (as in the chapter). */
export function pool2d(image: Grid, { size, stride, mode }: { size: number; stride: number; mode: PoolMode }): number[][] {
  return slideWindow(image, size, 0, stride, (top, left) => {
    const window = image.slice(top, top + size).flatMap((row) => row.slice(left, left + size));
    return mode === 'max' ? Math.max(...window) : window.reduce((a, b) => a + b, 0) / window.length;
  });
}

/** Calls `reduce(top, left)` for every window position on the padded grid, row by row. */
function slideWindow(image: Grid, f: number, p: number, s: number, reduce: (top: number, left: number) => number): number[][] {
  const rows = convOutputSize(image.length, f, p, s);
  const cols = convOutputSize(image[0]?.length ?? 0, f, p, s);
  if (!rows.ok) throw new RangeError(rows.reason);
  if (!cols.ok) throw new RangeError(cols.reason);
  return Array.from({ length: rows.size }, (_, r) => Array.from({ length: cols.size }, (_, c) => reduce(r * s, c * s)));
}

function squareSide(grid: Grid, what: string): number {
  const side = grid.length;
  if (side === 0 || grid.some((row) => row.length !== side)) throw new RangeError(`The ${what} must be square.`);
  return side;
}
