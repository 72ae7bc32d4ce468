import { describe, expect, it } from 'vitest';
import { createGame, describeEvent, formatClock, gameReducer, glide, isComplete, LEVEL_COMPLETE_PAUSE_MS, levelMaze, levelSize, MAX_LEVEL_SIZE, type GameState } from './game';
import { hasWall, neighbour, OPPOSITE, openings, shortestPath, type Maze } from './maze';
import { GAME_MOVES, type GameMove } from './moves';

/** The first move from where the player stands that a wall blocks (`blocked`) or lets through. */
function openMove(game: GameState, blocked: boolean): GameMove {
  const move = GAME_MOVES.find((m) => hasWall(game.maze, game.player, m) === blocked);
  if (!move) throw new Error('no such move');
  return move;
}

/** Plays the level to its goal the shortest way, one move a second from `t0`. */
function playToGoal(start: GameState, t0 = 1000): GameState {
  let game = start;
  for (let t = t0; !isComplete(game); t += 1000) {
    const path = shortestPath(game.maze, game.player, game.maze.goal);
    if (!path) throw new Error('unsolvable');
    game = gameReducer(game, { type: 'move', move: path[0], now: t });
  }
  return game;
}

describe('glide', () => {
  it('stops at once against a wall, and otherwise runs straight on to a bend, a fork or a wall', () => {
    for (let seed = 0; seed < 40; seed += 1) {
      const maze: Maze = levelMaze(seed, 3);
      for (let i = 0; i < maze.cols * maze.rows; i += 1) {
        const from = { x: i % maze.cols, y: Math.floor(i / maze.cols) };
        for (const move of GAME_MOVES) {
          const cells = glide(maze, from, move);
          if (hasWall(maze, from, move)) {
            expect(cells).toEqual([]);
            continue;
          }
          // A straight line, one cell at a time, in the direction of the move.
          cells.forEach((cell, k) => expect(cell).toEqual(neighbour(k === 0 ? from : cells[k - 1], move)));
          // It passes only plain corridor: cells whose only ways are on and back.
          for (const cell of cells.slice(0, -1)) expect(openings(maze, cell).sort()).toEqual([move, OPPOSITE[move]].sort());
          const stop = cells[cells.length - 1];
          const turnable = openings(maze, stop).some((m) => m !== move && m !== OPPOSITE[move]);
          expect(turnable || hasWall(maze, stop, move)).toBe(true);
        }
      }
    }
  });
});

describe('the game', () => {
  it('starts at level 1, a 5 × 5 maze, with the player on the start and the clock stopped', () => {
    const game = createGame(7);
    expect(game.level).toBe(1);
    expect([game.maze.cols, game.maze.rows]).toEqual([5, 5]);
    expect(game.player).toEqual(game.maze.start);
    expect([game.moves, game.bumps, game.startedAt, game.finishedAt]).toEqual([0, 0, null, null]);
    expect(game.par).toBeGreaterThan(0);
    expect(game.event).toEqual({ kind: 'level-start', level: 1, size: 5, reason: 'new-game', move: null });
  });

  it('is the same game for the same seed, level after level', () => {
    let a = createGame(1234);
    let b = createGame(1234);
    for (let level = 1; level <= 4; level += 1) {
      expect(Array.from(a.maze.walls)).toEqual(Array.from(b.maze.walls));
      a = gameReducer(playToGoal(a), { type: 'next-level' });
      b = gameReducer(playToGoal(b), { type: 'next-level' });
    }
    expect(Array.from(createGame(1234).maze.walls)).not.toEqual(Array.from(createGame(1235).maze.walls));
  });

  it('blocks a move into a wall: the player stays, the bump is counted, not the move', () => {
    const game = createGame(3);
    const move = openMove(game, true);
    const after = gameReducer(game, { type: 'move', move, now: 500 });
    expect(after.player).toEqual(game.player);
    expect([after.moves, after.bumps, after.startedAt]).toEqual([0, 1, null]);
    expect(after.event).toEqual({ kind: 'blocked', move });
    expect(after.eventId).toBe(game.eventId + 1);
  });

  it('moves through an opening, leaves a trail and starts the clock', () => {
    const game = createGame(3);
    const move = openMove(game, false);
    const after = gameReducer(game, { type: 'move', move, now: 500 });
    expect(after.player).not.toEqual(game.player);
    expect(after.moves).toBe(1);
    expect(after.startedAt).toBe(500);
    expect(after.trail[0]).toEqual(game.maze.start);
    expect(after.trail[after.trail.length - 1]).toEqual(after.player);
    expect(after.event).toEqual({ kind: 'moved', move, cells: after.trail.length - 1 });
  });

  it('completes the level at the goal in its par of moves, timed from the first move to the last', () => {
    for (let seed = 0; seed < 25; seed += 1) {
      const done = playToGoal(createGame(seed), 1000);
      expect(done.player).toEqual(done.maze.goal);
      expect(done.moves).toBe(done.par);
      expect(done.event).toEqual({ kind: 'level-complete', move: expect.any(String), level: 1, moves: done.par, par: done.par, ms: (done.par - 1) * 1000 });
      expect(done.finishedAt).toBe(1000 + (done.par - 1) * 1000);
    }
  });

  it('starts the next, larger level on a move once the result has been shown, or on next-level, and not before the goal', () => {
    const start = createGame(11);
    expect(gameReducer(start, { type: 'next-level' })).toBe(start);
    const done = playToGoal(start);
    const finishedAt = done.finishedAt ?? Number.NaN;
    // A gesture still held at the goal fires again after its cooldown: it must not skip the result.
    expect(gameReducer(done, { type: 'move', move: 'left', now: finishedAt + LEVEL_COMPLETE_PAUSE_MS - 1 })).toBe(done);
    const byMove = gameReducer(done, { type: 'move', move: 'left', now: finishedAt + LEVEL_COMPLETE_PAUSE_MS });
    expect(byMove.level).toBe(2);
    expect([byMove.maze.cols, byMove.maze.rows]).toEqual([6, 6]);
    expect(byMove.player).toEqual(byMove.maze.start);
    expect([byMove.moves, byMove.bumps, byMove.startedAt, byMove.finishedAt]).toEqual([0, 0, null, null]);
    expect(byMove.trail).toEqual([byMove.maze.start]);
    expect(byMove.event).toEqual({ kind: 'level-start', level: 2, size: 6, reason: 'next', move: 'left' });
    expect(Array.from(gameReducer(done, { type: 'next-level' }).maze.walls)).toEqual(Array.from(byMove.maze.walls));
  });

  it('grows a row and a column a level, up to its largest size', () => {
    expect([1, 2, 3].map(levelSize)).toEqual([5, 6, 7]);
    expect(levelSize(10)).toBe(MAX_LEVEL_SIZE);
    expect(levelSize(50)).toBe(MAX_LEVEL_SIZE);
  });

  it('restarts the level in the same maze, and a new game from level 1 with its own seed', () => {
    let game = playToGoal(createGame(5));
    game = gameReducer(game, { type: 'next-level' });
    const moved = gameReducer(gameReducer(game, { type: 'move', move: openMove(game, false), now: 1 }), { type: 'move', move: 'up', now: 2 });
    const restarted = gameReducer(moved, { type: 'restart-level' });
    expect(restarted.level).toBe(2);
    expect(Array.from(restarted.maze.walls)).toEqual(Array.from(game.maze.walls));
    expect(restarted.player).toEqual(restarted.maze.start);
    expect([restarted.moves, restarted.bumps, restarted.startedAt]).toEqual([0, 0, null]);
    expect(restarted.event).toMatchObject({ kind: 'level-start', reason: 'restart', level: 2 });

    const fresh = gameReducer(moved, { type: 'new-game', seed: 77 });
    expect([fresh.level, fresh.seed]).toEqual([1, 77]);
    expect(Array.from(fresh.maze.walls)).toEqual(Array.from(createGame(77).maze.walls));
    expect(fresh.eventId).toBe(moved.eventId + 1);
  });
});

describe('describeEvent', () => {
  it('says each event in one sentence', () => {
    expect(describeEvent({ kind: 'moved', move: 'up', cells: 1 })).toBe('Moved up.');
    expect(describeEvent({ kind: 'moved', move: 'left', cells: 3 })).toBe('Moved left 3 squares.');
    expect(describeEvent({ kind: 'blocked', move: 'down' })).toBe('Wall: cannot move down.');
    expect(describeEvent({ kind: 'level-complete', move: 'right', level: 2, moves: 7, par: 5, ms: 12_400 })).toBe(
      'Level 2 complete in 7 moves (fewest possible 5), 12 seconds. Make any move for level 3.',
    );
    expect(describeEvent({ kind: 'level-start', level: 3, size: 7, reason: 'next', move: 'up' })).toBe('Level 3: a 7 by 7 maze. Reach the green goal at the bottom right.');
    expect(describeEvent({ kind: 'level-start', level: 3, size: 7, reason: 'restart', move: null })).toMatch(/^Level 3 restarted:/);
    expect(describeEvent({ kind: 'level-start', level: 1, size: 5, reason: 'new-game', move: null })).toMatch(/^New game, level 1:/);
  });

  it('formats the clock as m:ss', () => {
    expect([0, 999, 12_400, 61_000, 600_000].map(formatClock)).toEqual(['0:00', '0:00', '0:12', '1:01', '10:00']);
  });
});
