import { useMemo } from 'react';
import { hasWall, type Cell, type GameMove, type GameState, type Maze } from '@/lib/game';

/** SVG units per cell; walls, player and goal are drawn in proportion, so the maze reads at any size. */
const CELL = 10;

/** The maze, its goal, the player's trail and the player, scaled to the width it is given. */
export function MazeBoard({ game }: { game: GameState }) {
  const { maze, player } = game;
  const walls = useMemo(() => wallPath(maze), [maze]);
  const encodedWalls = useMemo(() => Array.from(maze.walls, (w) => w.toString(16)).join(''), [maze]);
  const blocked = game.event?.kind === 'blocked';
  return (
    <svg
      data-testid="maze"
      data-level={game.level}
      data-cols={maze.cols}
      data-rows={maze.rows}
      data-walls={encodedWalls}
      data-player={`${player.x},${player.y}`}
      data-goal={`${maze.goal.x},${maze.goal.y}`}
      data-state={game.finishedAt === null ? 'playing' : 'complete'}
      aria-hidden="true"
      viewBox={`-1 -1 ${maze.cols * CELL + 2} ${maze.rows * CELL + 2}`}
      className="block h-full max-h-full w-full"
    >
      <rect x={0} y={0} width={maze.cols * CELL} height={maze.rows * CELL} className="fill-white" />
      <rect x={maze.goal.x * CELL + 1.2} y={maze.goal.y * CELL + 1.2} width={CELL - 2.4} height={CELL - 2.4} rx={1.5} className="fill-emerald-500" />
      <polygon points={starPoints(centre(maze.goal), 3.2, 1.4)} className="fill-white" />
      <polyline points={game.trail.map((c) => `${centre(c).x},${centre(c).y}`).join(' ')} fill="none" strokeWidth={2.2} strokeLinecap="round" strokeLinejoin="round" className="stroke-indigo-200" />
      <path d={walls} fill="none" strokeWidth={1.6} strokeLinecap="square" className="stroke-slate-800" />
      <circle
        key={game.eventId}
        cx={centre(player).x}
        cy={centre(player).y}
        r={3.4}
        fill="none"
        strokeWidth={1.2}
        className={`origin-center opacity-0 [transform-box:fill-box] motion-safe:animate-game-ping ${blocked ? 'stroke-rose-500' : 'stroke-indigo-500'}`}
      />
      <circle cx={centre(player).x} cy={centre(player).y} r={3.4} strokeWidth={0.8} className={`stroke-white ${blocked ? 'fill-rose-600' : 'fill-indigo-600'}`} />
    </svg>
  );
}

/** An arrow pointing the way of a move, for the direction buttons and the last-move tile. */
export function MoveArrow({ move, className }: { move: GameMove; className?: string }) {
  const turn = { up: 0, right: 90, down: 180, left: 270 }[move];
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className={className}>
      <path d="M12 4 L20 13 H15 V20 H9 V13 H4 Z" transform={`rotate(${turn} 12 12)`} fill="currentColor" />
    </svg>
  );
}

function centre(cell: Cell): Cell {
  return { x: cell.x * CELL + CELL / 2, y: cell.y * CELL + CELL / 2 };
}

/** Every wall as one path: each cell draws its top and left sides, the last column and row close the box. */
function wallPath(maze: Maze): string {
  const parts: string[] = [];
  for (let y = 0; y < maze.rows; y += 1) {
    for (let x = 0; x < maze.cols; x += 1) {
      const cell = { x, y };
      const [left, top] = [x * CELL, y * CELL];
      if (hasWall(maze, cell, 'up')) parts.push(`M${left} ${top}h${CELL}`);
      if (hasWall(maze, cell, 'left')) parts.push(`M${left} ${top}v${CELL}`);
      if (x === maze.cols - 1 && hasWall(maze, cell, 'right')) parts.push(`M${left + CELL} ${top}v${CELL}`);
      if (y === maze.rows - 1 && hasWall(maze, cell, 'down')) parts.push(`M${left} ${top + CELL}h${CELL}`);
    }
  }
  return parts.join('');
}

/** A five-pointed star around `c`: the goal's mark, drawn rather than typed so no font is needed. */
function starPoints(c: Cell, outer: number, inner: number): string {
  return Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 === 0 ? outer : inner;
    const angle = (Math.PI / 5) * i - Math.PI / 2;
    return `${(c.x + r * Math.cos(angle)).toFixed(2)},${(c.y + r * Math.sin(angle)).toFixed(2)}`;
  }).join(' ');
}
