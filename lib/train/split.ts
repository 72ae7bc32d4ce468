import { createRandom, shuffled } from './random';

export interface Split {
  readonly train: number[];
  readonly validation: number[];
}

/**
 * Stratified split of row indices by label: each class gives about `fraction` of its rows to
 * validation (at least one when it has two or more, never all), so a rare class is still checked
 * and still trained on. Reproducible from `seed`.
 */
export function stratifiedSplit(labels: ArrayLike<number>, fraction: number, seed: number): Split {
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError('The validation fraction must be in [0, 1).');
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i += 1) {
    const rows = byClass.get(labels[i]) ?? [];
    rows.push(i);
    byClass.set(labels[i], rows);
  }
  const random = createRandom(seed);
  const train: number[] = [];
  const validation: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = shuffled(byClass.get(label) as number[], random);
    const wanted = fraction === 0 || rows.length < 2 ? 0 : Math.max(1, Math.round(rows.length * fraction));
    const count = Math.min(wanted, rows.length - 1);
    validation.push(...rows.slice(0, count));
    train.push(...rows.slice(count));
  }
  return { train: shuffled(train, random), validation };
}
