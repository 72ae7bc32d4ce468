/**
 * Reads the game's maze off the page (the board's data attributes) and finds the way to the goal
 * on its own, so the spec plays the maze as drawn rather than trusting the game's solver.
 */
export type Move = 'up' | 'down' | 'left' | 'right';

export interface MazeOnScreen {
  readonly cols: number;
  readonly rows: number;
  /** One wall bitmask per cell, row-major: up 1, right 2, down 4, left 8 (as `data-walls` spells it, a hex digit a cell). */
  readonly walls: readonly number[];
  readonly player: readonly [number, number];
  readonly goal: readonly [number, number];
}

const SIDES: readonly { move: Move; bit: number; dx: number; dy: number }[] = [
  { move: 'up', bit: 1, dx: 0, dy: -1 },
  { move: 'right', bit: 2, dx: 1, dy: 0 },
  { move: 'down', bit: 4, dx: 0, dy: 1 },
  { move: 'left', bit: 8, dx: -1, dy: 0 },
];

export function parseMaze(attributes: Record<'cols' | 'rows' | 'walls' | 'player' | 'goal', string | null>): MazeOnScreen {
  const cell = (text: string | null) => {
    const [x, y] = (text ?? '').split(',').map(Number);
    return [x, y] as const;
  };
  const maze = {
    cols: Number(attributes.cols),
    rows: Number(attributes.rows),
    walls: Array.from(attributes.walls ?? '', (digit) => Number.parseInt(digit, 16)),
    player: cell(attributes.player),
    goal: cell(attributes.goal),
  };
  if (maze.walls.length !== maze.cols * maze.rows || maze.walls.some(Number.isNaN)) throw new Error(`The maze on screen does not read as ${maze.cols} × ${maze.rows} cells.`);
  return maze;
}

/** Whether a wall (or the board's edge) stops `move` from cell x, y. */
export function isWalled(maze: MazeOnScreen, [x, y]: readonly [number, number], move: Move): boolean {
  const side = SIDES.find((s) => s.move === move);
  if (!side) return true;
  const [nx, ny] = [x + side.dx, y + side.dy];
  return nx < 0 || ny < 0 || nx >= maze.cols || ny >= maze.rows || (maze.walls[y * maze.cols + x] & side.bit) !== 0;
}

/** The cell-by-cell route from the player to the goal through the open sides, or null if there is none. */
export function routeToGoal(maze: MazeOnScreen): Move[] | null {
  const key = (x: number, y: number) => y * maze.cols + x;
  const from = new Map<number, { previous: number; move: Move }>();
  const start = key(...maze.player);
  const queue = [start];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const at = queue.shift() as number;
    if (at === key(...maze.goal)) {
      const route: Move[] = [];
      for (let cell = at; cell !== start; cell = (from.get(cell) as { previous: number }).previous) route.unshift((from.get(cell) as { move: Move }).move);
      return route;
    }
    const [x, y] = [at % maze.cols, Math.floor(at / maze.cols)];
    for (const side of SIDES) {
      const next = key(x + side.dx, y + side.dy);
      if (isWalled(maze, [x, y], side.move) || seen.has(next)) continue;
      seen.add(next);
      from.set(next, { previous: at, move: side.move });
      queue.push(next);
    }
  }
  return null;
}
