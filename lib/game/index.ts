export { createMoveBus, GAME_MOVES, isGameMove, type GameMove, type MoveBus } from './moves';
export { generateMaze, hasWall, openings, sameCell, shortestPath, WALL, type Cell, type Maze } from './maze';
export {
  createGame,
  describeEvent,
  fewestMoves,
  formatClock,
  gameReducer,
  glide,
  isComplete,
  LEVEL_COMPLETE_PAUSE_MS,
  levelMaze,
  levelSize,
  FIRST_LEVEL_SIZE,
  MAX_LEVEL_SIZE,
  type GameAction,
  type GameEvent,
  type GameState,
} from './game';
