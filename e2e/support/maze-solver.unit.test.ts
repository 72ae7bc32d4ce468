import { describe, expect, it } from 'vitest';
import { isWalled, parseMaze, routeToGoal } from './maze-solver';

// A 3 × 2 maze drawn by hand, P at 0,0 and G at 2,0: the cell right of P is a dead end, so the way
// runs down, right, right, up.   ┌─────┬──┐
//                                │ P    │G │
//                                │  ────┘  │
//                                └─────────┘
const WALLS = '97bc56';

describe('the e2e maze solver', () => {
  it('reads the board attributes and finds the way round the walls', () => {
    const maze = parseMaze({ cols: '3', rows: '2', walls: WALLS, player: '0,0', goal: '2,0' });
    expect(isWalled(maze, [0, 0], 'right')).toBe(false);
    expect(isWalled(maze, [1, 0], 'right')).toBe(true);
    expect(routeToGoal(maze)).toEqual(['down', 'right', 'right', 'up']);
  });

  it('says when the goal is walled off, and refuses a board that does not add up', () => {
    expect(routeToGoal(parseMaze({ cols: '2', rows: '1', walls: 'bf', player: '0,0', goal: '1,0' }))).toBeNull();
    expect(() => parseMaze({ cols: '3', rows: '3', walls: 'ff', player: '0,0', goal: '2,2' })).toThrow();
  });
});
