import { seedFromString } from '../train';
import { generateMaze, hasWall, neighbour, OPPOSITE, openings, sameCell, shortestPath, type Cell, type Maze } from './maze';
import type { GameMove } from './moves';

/** Level 1 is 5 × 5 cells; each level adds a row and a column up to 14 × 14, still readable across a room. */
export const FIRST_LEVEL_SIZE = 5;
export const MAX_LEVEL_SIZE = 14;

/**
 * How long a finished level keeps its result on screen before a move may start the next one: a
 * gesture still held as the player reaches the goal fires again after its cooldown, and the audience
 * should see the level won before the maze changes.
 */
export const LEVEL_COMPLETE_PAUSE_MS = 1500;

export function levelSize(level: number): number {
  return Math.min(FIRST_LEVEL_SIZE + level - 1, MAX_LEVEL_SIZE);
}

/** Each level's maze follows from the game's seed and the level alone, so a game can be replayed. */
export function levelMaze(seed: number, level: number): Maze {
  const size = levelSize(level);
  return generateMaze(size, size, seedFromString(`${seed}:${level}`));
}

/**
 * Where one move takes the player: straight on, past plain corridor, stopping where a turn is possible
 * (a bend or a fork) or against a wall — so on the goal too, which is in a corner. A gesture is then
 * needed only where there is a choice, yet the player never turns a corner it was not told to.
 * Returns the cells passed through, the last being where the player stops; empty when a wall blocks the move.
 */
export function glide(maze: Maze, from: Cell, move: GameMove): Cell[] {
  const cells: Cell[] = [];
  for (let at = from; !hasWall(maze, at, move); ) {
    at = neighbour(at, move);
    cells.push(at);
    if (openings(maze, at).some((m) => m !== move && m !== OPPOSITE[move])) break;
  }
  return cells;
}

/** The fewest moves (glides) from the start to the goal: the level's par. */
export function fewestMoves(maze: Maze): number {
  let count = 0;
  // In a maze with one way between two cells, heading down the shortest path at each stop is optimal.
  for (let at = maze.start; !sameCell(at, maze.goal); count += 1) {
    const path = shortestPath(maze, at, maze.goal);
    if (!path || path.length === 0) throw new Error('This maze has no way from the start to the goal.');
    const cells = glide(maze, at, path[0]);
    at = cells[cells.length - 1];
  }
  return count;
}

/** Something that happened, for the screen and for the announcement a screen reader makes of it. */
export type GameEvent =
  | { readonly kind: 'moved'; readonly move: GameMove; readonly cells: number }
  | { readonly kind: 'blocked'; readonly move: GameMove }
  | { readonly kind: 'level-complete'; readonly move: GameMove; readonly level: number; readonly moves: number; readonly par: number; readonly ms: number }
  | { readonly kind: 'level-start'; readonly level: number; readonly size: number; readonly reason: 'next' | 'restart' | 'new-game'; readonly move: GameMove | null };

export interface GameState {
  readonly seed: number;
  readonly level: number;
  readonly maze: Maze;
  readonly par: number;
  readonly player: Cell;
  /** Every cell the player has been through this level, in order, from the start. */
  readonly trail: readonly Cell[];
  /** Moves that went somewhere this level; moves into a wall are counted as bumps. */
  readonly moves: number;
  readonly bumps: number;
  /** The level's clock runs from its first move to the goal (ms timestamps from the caller). */
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly event: GameEvent | null;
  /** Counts events, so one move is one pulse and one announcement even when two events read alike. */
  readonly eventId: number;
}

export type GameAction =
  | { readonly type: 'move'; readonly move: GameMove; readonly now: number }
  | { readonly type: 'next-level' }
  | { readonly type: 'restart-level' }
  | { readonly type: 'new-game'; readonly seed: number };

export function createGame(seed: number): GameState {
  return startLevel({ seed, eventId: 0 }, 1, 'new-game', null);
}

export function isComplete(game: GameState): boolean {
  return game.finishedAt !== null;
}

function startLevel(prev: Pick<GameState, 'seed' | 'eventId'>, level: number, reason: 'next' | 'restart' | 'new-game', move: GameMove | null): GameState {
  const maze = levelMaze(prev.seed, level);
  return {
    seed: prev.seed,
    level,
    maze,
    par: fewestMoves(maze),
    player: maze.start,
    trail: [maze.start],
    moves: 0,
    bumps: 0,
    startedAt: null,
    finishedAt: null,
    event: { kind: 'level-start', level, size: maze.cols, reason, move },
    eventId: prev.eventId + 1,
  };
}

/** The game's one way to change: pure, so React's reducer, the tests and any view agree on it. */
export function gameReducer(game: GameState, action: GameAction): GameState {
  switch (action.type) {
    case 'new-game':
      return startLevel({ seed: action.seed, eventId: game.eventId }, 1, 'new-game', null);
    case 'restart-level':
      return startLevel(game, game.level, 'restart', null);
    case 'next-level':
      return isComplete(game) ? startLevel(game, game.level + 1, 'next', null) : game;
    case 'move':
      return applyMove(game, action.move, action.now);
  }
}

function applyMove(game: GameState, move: GameMove, now: number): GameState {
  // On a finished level any move (after the pause) starts the next one: a presenter needs no other gesture.
  if (game.finishedAt !== null) return now - game.finishedAt < LEVEL_COMPLETE_PAUSE_MS ? game : startLevel(game, game.level + 1, 'next', move);
  const cells = glide(game.maze, game.player, move);
  const eventId = game.eventId + 1;
  if (cells.length === 0) return { ...game, bumps: game.bumps + 1, event: { kind: 'blocked', move }, eventId };
  const player = cells[cells.length - 1];
  const moves = game.moves + 1;
  const startedAt = game.startedAt ?? now;
  const moved = { ...game, player, trail: [...game.trail, ...cells], moves, startedAt, eventId };
  if (!sameCell(player, game.maze.goal)) return { ...moved, event: { kind: 'moved', move, cells: cells.length } };
  return { ...moved, finishedAt: now, event: { kind: 'level-complete', move, level: game.level, moves, par: game.par, ms: now - startedAt } };
}

/** The event as one sentence for the polite live region. */
export function describeEvent(event: GameEvent): string {
  switch (event.kind) {
    case 'moved':
      return `Moved ${event.move}${event.cells > 1 ? ` ${event.cells} squares` : ''}.`;
    case 'blocked':
      return `Wall: cannot move ${event.move}.`;
    case 'level-complete':
      return `Level ${event.level} complete in ${plural(event.moves, 'move')} (fewest possible ${event.par}), ${plural(Math.round(event.ms / 1000), 'second')}. Make any move for level ${event.level + 1}.`;
    case 'level-start': {
      const opening = event.reason === 'restart' ? `Level ${event.level} restarted` : event.reason === 'new-game' ? `New game, level ${event.level}` : `Level ${event.level}`;
      return `${opening}: a ${event.size} by ${event.size} maze. Reach the green goal at the bottom right.`;
    }
  }
}

/** A clock's reading, m:ss. */
export function formatClock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
