export { createMoveBus, GAME_MOVES, isGameMove, type GameMove, type MoveBus } from './moves';
