/**
 * The built-in game's moves: what a gesture action (lib/actions) or an arrow key sends to the game.
 * Kept apart from the game itself so actions and the game meet only here.
 */
export const GAME_MOVES = ['up', 'down', 'left', 'right'] as const;
export type GameMove = (typeof GAME_MOVES)[number];

export function isGameMove(value: unknown): value is GameMove {
  return typeof value === 'string' && (GAME_MOVES as readonly string[]).includes(value);
}

/** Moves from wherever they come (a gesture firing, a key) to whichever game is open. */
export interface MoveBus {
  send(move: GameMove): void;
  subscribe(listener: (move: GameMove) => void): () => void;
}

export function createMoveBus(): MoveBus {
  const listeners = new Set<(move: GameMove) => void>();
  return {
    send: (move) => listeners.forEach((listener) => listener(move)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
