'use client';
import type { MoveBus } from '@/lib/game';
import { Panel } from '../ui';
import { GestureGame } from './gesture-game';

/** The studio's game panel: the maze, and how to steer it with gestures or keys. */
export function GamePanel({ moves }: { moves: MoveBus }) {
  return (
    <Panel title="Game">
      <p className="mb-3 text-sm text-slate-600">
        Steer the dot to the green goal. To play with gestures, set a class’s action to a game move (up, down, left or right), train, and hold that gesture in front of the camera. The arrow
        keys and the buttons work too.
      </p>
      <GestureGame moves={moves} />
    </Panel>
  );
}
