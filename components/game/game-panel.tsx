'use client';
import { Panel } from '../ui';
import { GestureGame, type GameSession } from './gesture-game';

/** The studio's game panel: the maze, and how to steer it with gestures or keys. */
/** While presenting, the same game is on the stage: the panel says so rather than show (and announce) it twice. */
export function GamePanel({ session, presenting }: { session: GameSession; presenting: boolean }) {
  return (
    <Panel title="Game">
      <p className="mb-3 text-sm text-slate-600">
        Steer the dot to the green goal. To play with gestures, set a class’s action to a game move (up, down, left or right), train, and hold that gesture in front of the camera. The arrow
        keys and the buttons work too.
      </p>
      {presenting ? <p className="text-sm text-slate-600">The game is on the presentation stage.</p> : <GestureGame session={session} />}
    </Panel>
  );
}
