import { describe, expect, it } from 'vitest';
import { generateMaze, hasWall, neighbour, OPPOSITE, openings, shortestPath, type Cell, type Maze } from './maze';
import { GAME_MOVES, type GameMove } from './moves';

function cells(maze: Maze): Cell[] {
  return Array.from({ length: maze.cols * maze.rows }, (_, i) => ({ x: i % maze.cols, y: Math.floor(i / maze.cols) }));
}

function inside(maze: Maze, c: Cell): boolean {
  return c.x >= 0 && c.y >= 0 && c.x < maze.cols && c.y < maze.rows;
}

/** Follows a path of moves through the walls; throws at the first move a wall blocks. */
function walk(maze: Maze, from: Cell, path: readonly GameMove[]): Cell {
  return path.reduce((at, move) => {
    if (hasWall(maze, at, move)) throw new Error(`wall at ${at.x},${at.y} going ${move}`);
    return neighbour(at, move);
  }, from);
}

describe('generateMaze', () => {
  it('gives the same maze for the same seed and a different one for another seed', () => {
    expect(Array.from(generateMaze(9, 7, 42).walls)).toEqual(Array.from(generateMaze(9, 7, 42).walls));
    expect(Array.from(generateMaze(9, 7, 42).walls)).not.toEqual(Array.from(generateMaze(9, 7, 43).walls));
  });

  it('is closed all round, and each wall is the same seen from both sides', () => {
    for (const seed of [1, 2, 3, 99]) {
      const maze = generateMaze(8, 6, seed);
      for (const cell of cells(maze)) {
        for (const move of GAME_MOVES) {
          const next = neighbour(cell, move);
          if (!inside(maze, next)) expect(hasWall(maze, cell, move)).toBe(true);
          else expect(hasWall(maze, cell, move)).toBe(hasWall(maze, next, OPPOSITE[move]));
        }
      }
    }
  });

  it('links every cell to the start by exactly one way (a spanning tree), so the goal is always reachable', () => {
    for (let seed = 0; seed < 300; seed += 1) {
      const size = 2 + (seed % 13);
      const maze = generateMaze(size, size + (seed % 3), seed);
      // A tree over n cells has n - 1 passages, each counted once from each side.
      const passages = cells(maze).reduce((sum, cell) => sum + openings(maze, cell).length, 0) / 2;
      expect(passages).toBe(maze.cols * maze.rows - 1);
      for (const cell of cells(maze)) expect(shortestPath(maze, maze.start, cell), `seed ${seed}, cell ${cell.x},${cell.y}`).not.toBeNull();
      const path = shortestPath(maze, maze.start, maze.goal);
      expect(walk(maze, maze.start, path ?? [])).toEqual(maze.goal);
    }
  });

  it('puts the start top-left and the goal bottom-right', () => {
    const maze = generateMaze(6, 4, 5);
    expect(maze.start).toEqual({ x: 0, y: 0 });
    expect(maze.goal).toEqual({ x: 5, y: 3 });
  });

  it('refuses a maze too small or not whole', () => {
    expect(() => generateMaze(1, 5, 1)).toThrow(RangeError);
    expect(() => generateMaze(4.5, 5, 1)).toThrow(RangeError);
  });
});

describe('shortestPath', () => {
  it('is empty from a cell to itself, and null when walls cut the cells apart', () => {
    const maze = generateMaze(4, 4, 7);
    expect(shortestPath(maze, { x: 2, y: 2 }, { x: 2, y: 2 })).toEqual([]);
    const sealed: Maze = { ...maze, walls: new Uint8Array(16).fill(15) };
    expect(shortestPath(sealed, sealed.start, sealed.goal)).toBeNull();
  });
});
