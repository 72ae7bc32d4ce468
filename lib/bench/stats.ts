/** Median of `values` (mean of the middle two for an even count); the input is not reordered. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('The median of no values is undefined.');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Timed runs per figure: fewer when one run is slow (software WebGL), so a backend's run stays bounded. */
export function iterationsFor(singleRunMs: number, { runs = 30, slowRuns = 10, slowMs = 200 } = {}): number {
  return singleRunMs > slowMs ? slowRuns : runs;
}

export type Align = 'left' | 'right';

/**
 * Renders rows as a fixed-width text table: a header line, a dashed rule, then one line per row.
 * Columns are as wide as their widest cell and separated by two spaces; trailing spaces are trimmed.
 * `align` gives each column's alignment (left by default).
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  for (const row of rows) {
    if (row.length !== header.length) throw new RangeError(`A row has ${row.length} cells; the header has ${header.length}.`);
  }
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => row[col].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, col) => (align[col] === 'right' ? cell.padStart(widths[col]) : cell.padEnd(widths[col])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
