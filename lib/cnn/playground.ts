import type { Grid } from './convolve';

/** The filters the chapter uses, as presets for the playground (all 3x3). */
export const PRESET_FILTERS = {
  'vertical-edge': {
    label: 'Vertical edge',
    grid: [
      [1, 0, -1],
      [1, 0, -1],
      [1, 0, -1],
    ],
  },
  'horizontal-edge': {
    label: 'Horizontal edge',
    grid: [
      [1, 1, 1],
      [0, 0, 0],
      [-1, -1, -1],
    ],
  },
  sobel: {
    label: 'Sobel (vertical)',
    grid: [
      [1, 0, -1],
      [2, 0, -2],
      [1, 0, -1],
    ],
  },
} as const satisfies Record<string, { label: string; grid: Grid }>;

export type PresetFilterId = keyof typeof PRESET_FILTERS;

/** The chapter's example image: bright (10) on the left half, dark (0) on the right; 6x6 by default. */
export function halfBrightImage(n = 6): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: n }, (_, col) => (col < Math.ceil(n / 2) ? 10 : 0)));
}

/** The same grid at a new size: kept values stay where they were, new cells are `fill`. */
export function resizeGrid<T>(grid: readonly (readonly T[])[], size: number, fill: T): T[][] {
  return Array.from({ length: size }, (_, r) => Array.from({ length: size }, (_, c) => grid[r]?.[c] ?? fill));
}
