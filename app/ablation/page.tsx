import type { Metadata } from 'next';
import { AblationRunner } from '@/components/ablation-runner';

export const metadata: Metadata = {
  title: 'Transfer-learning ablation · Gesture Studio',
  description: 'Measure what each transfer-learning tip adds on your own photos, privately, in the browser.',
};

/** The same seed as the e2e test's train/held-out split, so one number describes a whole run. */
const DEFAULT_SEED = 7;

/**
 * `?auto=1` starts the run as soon as both folders are chosen; `?seed=<integer>` fixes the subsets
 * and training (default 7), so `npm run ablation` can name the seed it measured with; `?part=hand`
 * compares the hand-focus input modes instead of the transfer-learning tips, `?part=recall` measures
 * the hand search's recall try by try (`?harder=<photos per class>` for its harder scenes,
 * `?handfree=<count>` hand-free scenes), `?part=robust` the old and new default fused recipes on the
 * held-out photos and a harder set made from them; `?rows=frozen,augment` measures only those rows of
 * the tips table.
 */
export default async function AblationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { auto, seed, part, rows, harder, handfree } = await searchParams;
  const parsed = count(seed) ?? DEFAULT_SEED;
  const only = typeof rows === 'string' && rows !== '' ? rows.split(',') : undefined;
  const recallSizes = { harderPerClass: count(harder) ?? 10, handFree: count(handfree) ?? 200 };
  return (
    <AblationRunner
      autoStart={auto === '1'}
      seed={parsed}
      part={part === 'hand' || part === 'recall' || part === 'robust' ? part : 'tips'}
      recallSizes={recallSizes}
      {...(only ? { rows: only } : {})}
    />
  );
}

/** A whole number from the URL, or undefined when it is absent or not one. */
function count(value: string | string[] | undefined): number | undefined {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}
