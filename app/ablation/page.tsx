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
 * compares the hand-focus input modes instead of the transfer-learning tips, `?part=robust` the old and
 * new default fused recipes on the held-out photos and a harder set made from them; `?rows=frozen,augment`
 * measures only those rows of the tips table.
 */
export default async function AblationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { auto, seed, part, rows } = await searchParams;
  const parsed = typeof seed === 'string' && /^\d{1,9}$/.test(seed) ? Number(seed) : DEFAULT_SEED;
  const only = typeof rows === 'string' && rows !== '' ? rows.split(',') : undefined;
  return <AblationRunner autoStart={auto === '1'} seed={parsed} part={part === 'hand' || part === 'robust' ? part : 'tips'} {...(only ? { rows: only } : {})} />;
}
