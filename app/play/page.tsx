import type { Metadata } from 'next';
import { PlayerLoader } from '@/components/player/player-loader';

export const metadata: Metadata = {
  title: 'Player · Gesture Studio',
  description: 'Run a model exported from Gesture Studio on your camera, privately, in the browser.',
};

export default function PlayPage() {
  return <PlayerLoader />;
}
