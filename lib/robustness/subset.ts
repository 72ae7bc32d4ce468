import type { Sample } from '../dataset';
import { createRandom, shuffled } from '../train';

/** The check's defaults: a few samples of every class are enough to see a drop, and keep it to a minute or two. */
export const CHECK_SAMPLES_PER_CLASS = 12;
export const CHECK_SAMPLES_IN_ALL = 60;
export const CHECK_SEED = 11;

/** What the check reads of a class: its name and its samples' images (a `GestureClass` is one). */
export interface CheckClass {
  readonly name: string;
  readonly samples: readonly Pick<Sample, 'id' | 'image'>[];
}

export interface PickedSample {
  readonly className: string;
  readonly sample: Pick<Sample, 'id'> & { readonly image: Blob };
}

/**
 * A seeded, stratified subset of the samples that keep their image: up to `perClass` of each class,
 * fewer per class when that would pass `inAll` (every class with samples keeps at least one). Classes
 * in their order, each one's picks in a seeded shuffle; the same samples and seed give the same picks.
 */
export function pickCheckSamples(
  classes: readonly CheckClass[],
  { perClass = CHECK_SAMPLES_PER_CLASS, inAll = CHECK_SAMPLES_IN_ALL, seed = CHECK_SEED }: { perClass?: number; inAll?: number; seed?: number } = {},
): PickedSample[] {
  const usable = classes.map((c) => ({ name: c.name, samples: c.samples.filter((s): s is PickedSample['sample'] => s.image !== null) })).filter((c) => c.samples.length > 0);
  if (usable.length === 0) return [];
  const each = Math.max(1, Math.min(perClass, Math.floor(inAll / usable.length)));
  const random = createRandom(seed);
  return usable.flatMap(({ name, samples }) => shuffled(samples, random).slice(0, each).map((sample) => ({ className: name, sample })));
}
