'use client';
import { useEffect, useId, useReducer, useRef, useState, type Dispatch, type KeyboardEvent } from 'react';
import { createGame, describeEvent, formatClock, gameReducer, type GameAction, type GameMove, type GameState, type MoveBus } from '@/lib/game';
import { buttonClass } from '../ui';
import { MazeBoard, MoveArrow } from './maze-board';

const KEY_MOVES: Readonly<Record<string, GameMove>> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right', w: 'up', s: 'down', a: 'left', d: 'right' };

/** One game's state and the bus its moves arrive on; held by the studio so the panel and the stage show the same game. */
export interface GameSession {
  /** Where moves come from: gesture actions, and the game's own keys and buttons, all send here. */
  readonly moves: MoveBus;
  readonly game: GameState;
  readonly dispatch: Dispatch<GameAction>;
}

/** Starts a game that plays every move arriving on `moves`. */
export function useGameSession(moves: MoveBus): GameSession {
  const [game, dispatch] = useReducer(gameReducer, null, () => createGame(randomSeed()));
  useEffect(() => moves.subscribe((move) => dispatch({ type: 'move', move, now: performance.now() })), [moves]);
  return { moves, game, dispatch };
}

export interface GestureGameProps {
  readonly session: GameSession;
  /** 'stage' fills the height its container gives it (presentation mode), with larger type and buttons. */
  readonly size?: 'panel' | 'stage';
}

/**
 * The built-in maze game. It only ever moves on what arrives on the bus, so a gesture, a key and a
 * tap on a direction button are one and the same move.
 */
export function GestureGame({ session, size = 'panel' }: GestureGameProps) {
  const { moves, game, dispatch } = session;
  const board = useRef<HTMLDivElement>(null);
  const helpId = useId();
  const stage = size === 'stage';

  // Keys count while anything in the game has focus (the maze or one of its buttons).
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const move = KEY_MOVES[e.key.length === 1 ? e.key.toLowerCase() : e.key];
    if (!move) return;
    e.preventDefault();
    moves.send(move);
  };
  // The Next level button goes away with the result: focus moves back to the maze, not to the page.
  const nextLevel = () => {
    dispatch({ type: 'next-level' });
    board.current?.focus();
  };
  const { maze, player } = game;

  return (
    <div onKeyDown={onKeyDown} className={stage ? 'flex h-full min-h-0 flex-col gap-4 rounded-2xl bg-white p-4 text-slate-900' : 'space-y-3'}>
      <div className={`flex flex-wrap items-baseline gap-x-5 gap-y-1 text-slate-800 ${stage ? 'text-2xl' : 'text-sm'}`}>
        <span className="font-semibold" data-testid="game-level">
          Level {game.level}
        </span>
        <span data-testid="game-moves">
          Moves <span className="font-semibold tabular-nums">{game.moves}</span> <span className="text-slate-600">(fewest {game.par})</span>
        </span>
        <LevelClock startedAt={game.startedAt} finishedAt={game.finishedAt} />
      </div>
      <div className={`flex gap-4 ${stage ? 'min-h-0 flex-1 flex-row items-center' : 'flex-col items-center sm:flex-row sm:items-start'}`}>
        <div
          ref={board}
          tabIndex={0}
          role="application"
          aria-roledescription="maze"
          aria-label={`Maze, level ${game.level}, ${maze.cols} by ${maze.rows}. You are at column ${player.x + 1}, row ${player.y + 1}; the goal is at column ${maze.goal.x + 1}, row ${maze.goal.y + 1}.`}
          aria-describedby={helpId}
          className={`relative rounded-lg focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 ${stage ? 'h-full min-h-0 min-w-0 flex-1' : 'w-full max-w-md min-w-0 sm:flex-1'}`}
        >
          <MazeBoard game={game} />
          {game.finishedAt !== null && <LevelComplete game={game} stage={stage} onNext={nextLevel} />}
        </div>
        <div className="flex shrink-0 flex-row items-center gap-4 sm:flex-col">
          <LastMove game={game} stage={stage} />
          <DirectionPad moves={moves} stage={stage} />
        </div>
      </div>
      {/* One announcement per event (never per frame); keyed, so two alike events are both read. */}
      <p role="status" data-testid="game-status" className={`min-h-[1.5em] text-slate-800 ${stage ? 'text-xl' : 'text-sm'}`}>
        {game.event && <span key={game.eventId}>{describeEvent(game.event)}</span>}
      </p>
      <p id={helpId} className={stage ? 'sr-only' : 'text-sm text-slate-600'}>
        Arrow keys or W A S D move when the maze has focus. Each move runs straight on to the next turn or fork.
      </p>
      <div className="flex flex-wrap gap-2">
        <button type="button" className={`${buttonClass('secondary')} min-h-11`} onClick={() => dispatch({ type: 'restart-level' })}>
          Restart level
        </button>
        <button type="button" className={`${buttonClass('secondary')} min-h-11`} onClick={() => dispatch({ type: 'new-game', seed: randomSeed() })}>
          New game
        </button>
      </div>
    </div>
  );
}

function LevelComplete({ game, stage, onNext }: { game: GameState; stage: boolean; onNext: () => void }) {
  const ms = (game.finishedAt ?? 0) - (game.startedAt ?? 0);
  return (
    <div data-testid="game-complete" className="absolute inset-0 flex flex-col items-center justify-center gap-2 rounded-lg bg-white/85 p-3 text-center">
      <p className={`font-bold text-emerald-700 ${stage ? 'text-5xl' : 'text-2xl'}`}>Level {game.level} complete!</p>
      <p className={`text-slate-800 ${stage ? 'text-2xl' : 'text-base'}`}>
        {game.moves} {game.moves === 1 ? 'move' : 'moves'} (fewest {game.par}) in {formatClock(ms)}
      </p>
      <p className={`text-slate-700 ${stage ? 'text-xl' : 'text-sm'}`}>Any move starts level {game.level + 1}.</p>
      <button type="button" className={`${buttonClass('primary')} min-h-11`} onClick={onNext}>
        Next level
      </button>
    </div>
  );
}

/** The last move received, flashing once per move so an audience sees each gesture arrive. */
function LastMove({ game, stage }: { game: GameState; stage: boolean }) {
  const event = game.event;
  const move = event && 'move' in event ? event.move : null;
  const blocked = event?.kind === 'blocked';
  const tile = stage ? 'h-24 w-24' : 'h-14 w-14';
  return (
    <div className={`flex flex-col items-center gap-1 text-slate-600 ${stage ? 'text-lg' : 'text-xs'}`}>
      <span>Last move</span>
      {move ? (
        <span
          key={game.eventId}
          data-testid="game-last-move"
          data-move={move}
          className={`flex items-center justify-center rounded-xl text-white motion-safe:animate-game-pulse ${tile} ${blocked ? 'bg-rose-600' : 'bg-indigo-600'}`}
        >
          <MoveArrow move={move} className="h-3/5 w-3/5" />
        </span>
      ) : (
        <span data-testid="game-last-move" data-move="" className={`rounded-xl border-2 border-dashed border-slate-300 ${tile}`} />
      )}
      <span className="font-medium text-slate-800">{move ? `${move}${blocked ? ' (wall)' : ''}` : 'none yet'}</span>
    </div>
  );
}

/** On-screen moves for touch and mouse; they go through the same bus as gestures and keys. */
function DirectionPad({ moves, stage }: { moves: MoveBus; stage: boolean }) {
  const button = (move: GameMove) => (
    <button
      type="button"
      aria-label={`Move ${move}`}
      onClick={() => moves.send(move)}
      className={`flex items-center justify-center rounded-lg border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1 ${stage ? 'h-20 w-20' : 'h-12 w-12'}`}
    >
      <MoveArrow move={move} className="h-1/2 w-1/2" />
    </button>
  );
  return (
    <div role="group" aria-label="Direction buttons" className="grid grid-cols-3 gap-1.5">
      <span />
      {button('up')}
      <span />
      {button('left')}
      <span />
      {button('right')}
      <span />
      {button('down')}
      <span />
    </div>
  );
}

/** The level's clock, ticking on its own so the rest of the game renders only when something happens. */
function LevelClock({ startedAt, finishedAt }: { startedAt: number | null; finishedAt: number | null }) {
  const [now, setNow] = useState(() => performance.now());
  const running = startedAt !== null && finishedAt === null;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(timer);
  }, [running]);
  const ms = startedAt === null ? 0 : (finishedAt ?? now) - startedAt;
  return (
    <span data-testid="game-clock">
      Time <span className="font-semibold tabular-nums">{formatClock(ms)}</span>
    </span>
  );
}

function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}
