import { createRandom } from '../train';
import { GAME_MOVES, type GameMove } from './moves';

export interface Cell {
  readonly x: number;
  readonly y: number;
}

/** One bit per side of a cell; a set bit is a wall on that side. */
export const WALL: Readonly<Record<GameMove, number>> = { up: 1, right: 2, down: 4, left: 8 };
const ALL_WALLS = 15;

const STEP: Readonly<Record<GameMove, Cell>> = { up: { x: 0, y: -1 }, right: { x: 1, y: 0 }, down: { x: 0, y: 1 }, left: { x: -1, y: 0 } };
export const OPPOSITE: Readonly<Record<GameMove, GameMove>> = { up: 'down', right: 'left', down: 'up', left: 'right' };

/**
 * A grid maze with exactly one way between any two cells (a spanning tree of the grid), so every
 * goal is reachable. The player starts top-left and the goal is bottom-right, where an audience
 * looks for them.
 */
export interface Maze {
  readonly cols: number;
  readonly rows: number;
  /** Row-major, one `WALL` bitmask per cell. */
  readonly walls: Uint8Array;
  readonly start: Cell;
  readonly goal: Cell;
}

export function neighbour(cell: Cell, move: GameMove): Cell {
  return { x: cell.x + STEP[move].x, y: cell.y + STEP[move].y };
}

export function sameCell(a: Cell, b: Cell): boolean {
  return a.x === b.x && a.y === b.y;
}

function indexOf(maze: Pick<Maze, 'cols'>, cell: Cell): number {
  return cell.y * maze.cols + cell.x;
}

export function hasWall(maze: Maze, cell: Cell, move: GameMove): boolean {
  return (maze.walls[indexOf(maze, cell)] & WALL[move]) !== 0;
}

/** The moves that leave `cell` through an opening. */
export function openings(maze: Maze, cell: Cell): GameMove[] {
  return GAME_MOVES.filter((move) => !hasWall(maze, cell, move));
}

/**
 * Carves a maze with a randomised depth-first search (the "recursive backtracker", run with an
 * explicit stack): long winding corridors with few forks, which suits moves made one gesture at a time.
 * The same seed always gives the same maze.
 */
export function generateMaze(cols: number, rows: number, seed: number): Maze {
  if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 2 || rows < 2) throw new RangeError(`A maze needs at least 2 × 2 whole cells, not ${cols} × ${rows}.`);
  const random = createRandom(seed);
  const walls = new Uint8Array(cols * rows).fill(ALL_WALLS);
  const visited = new Uint8Array(cols * rows);
  const inside = (c: Cell) => c.x >= 0 && c.y >= 0 && c.x < cols && c.y < rows;
  const start = { x: 0, y: 0 };
  const stack: Cell[] = [start];
  visited[0] = 1;
  while (stack.length > 0) {
    const cell = stack[stack.length - 1];
    const fresh = GAME_MOVES.filter((move) => {
      const next = neighbour(cell, move);
      return inside(next) && visited[next.y * cols + next.x] === 0;
    });
    if (fresh.length === 0) {
      stack.pop();
      continue;
    }
    const move = fresh[Math.floor(random() * fresh.length)];
    const next = neighbour(cell, move);
    walls[cell.y * cols + cell.x] &= ~WALL[move];
    walls[next.y * cols + next.x] &= ~WALL[OPPOSITE[move]];
    visited[next.y * cols + next.x] = 1;
    stack.push(next);
  }
  return { cols, rows, walls, start, goal: { x: cols - 1, y: rows - 1 } };
}

/** The shortest way from `from` to `to` as single-cell moves (breadth-first search), or null when walled off. */
export function shortestPath(maze: Maze, from: Cell, to: Cell): GameMove[] | null {
  const came = new Map<number, { previous: Cell; move: GameMove }>();
  const seen = new Uint8Array(maze.cols * maze.rows);
  seen[indexOf(maze, from)] = 1;
  const queue: Cell[] = [from];
  for (let head = 0; head < queue.length; head += 1) {
    const cell = queue[head];
    if (sameCell(cell, to)) {
      const path: GameMove[] = [];
      for (let at = cell; !sameCell(at, from); ) {
        const step = came.get(indexOf(maze, at));
        if (!step) break;
        path.unshift(step.move);
        at = step.previous;
      }
      return path;
    }
    for (const move of openings(maze, cell)) {
      const next = neighbour(cell, move);
      if (seen[indexOf(maze, next)]) continue;
      seen[indexOf(maze, next)] = 1;
      came.set(indexOf(maze, next), { previous: cell, move });
      queue.push(next);
    }
  }
  return null;
}
