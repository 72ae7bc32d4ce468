import type { Metadata } from 'next';
import { BenchRunner } from '@/components/bench-runner';

export const metadata: Metadata = {
  title: 'Benchmark this device · Gesture Studio',
  description: 'Measure how fast Gesture Studio runs on this device, privately, in the browser.',
};

/** `?auto=1` starts the run on load, without a hand photo (`npm run bench` picks one, then presses the button). */
export default async function BenchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { auto } = await searchParams;
  return <BenchRunner autoStart={auto === '1'} />;
}
