import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { seriousViolations } from './support/axe';
import { isWalled, parseMaze, routeToGoal, type MazeOnScreen, type Move } from './support/maze-solver';

/** The game panel in the words a person sees it in. */
function gameParts(page: Page) {
  const panel = page.getByRole('region', { name: 'Game', exact: true });
  return {
    panel,
    board: panel.getByRole('application', { name: /^Maze, level/ }),
    maze: panel.getByTestId('maze'),
    status: panel.getByRole('status'),
    lastMove: panel.getByTestId('game-last-move'),
    moveButton: (move: Move) => panel.getByRole('button', { name: `Move ${move}`, exact: true }),
  };
}

async function readMaze(maze: Locator): Promise<MazeOnScreen> {
  const read = (name: string) => maze.getAttribute(`data-${name}`);
  return parseMaze({ cols: await read('cols'), rows: await read('rows'), walls: await read('walls'), player: await read('player'), goal: await read('goal') });
}

// Arrow keys and WASD, taken in turn, so both are played.
const KEYS: Readonly<Record<Move, readonly [string, string]>> = { up: ['ArrowUp', 'w'], down: ['ArrowDown', 's'], left: ['ArrowLeft', 'a'], right: ['ArrowRight', 'd'] };

test('the maze is played to its goal with the keyboard, the level advances, and the on-screen buttons move the player through the move bus', async ({ studio, page }, testInfo) => {
  await studio.open();
  const game = gameParts(page);
  await expect(game.maze).toHaveAttribute('data-level', '1');

  await test.step('keyboard: the shortest way to the goal, one key per move', async () => {
    await game.board.focus();
    await expect(game.board).toBeFocused();
    let keysPressed = 0;
    while ((await game.maze.getAttribute('data-state')) === 'playing') {
      const maze = await readMaze(game.maze);
      const route = routeToGoal(maze);
      expect(route, 'a way to the goal from where the player stands').not.toBeNull();
      const move = (route as Move[])[0];
      await page.keyboard.press(KEYS[move][keysPressed % 2]);
      keysPressed += 1;
      // Each key is one move: the player leaves its cell (gliding along the corridor) and it is announced.
      await expect(game.maze).not.toHaveAttribute('data-player', maze.player.join(','));
      await expect(game.lastMove).toHaveAttribute('data-move', move);
      expect(keysPressed, 'moves to reach the goal').toBeLessThan(100);
    }
    const done = await readMaze(game.maze);
    expect(done.player).toEqual(done.goal);
    // The shortest way, played a fork at a time, is the level's "fewest" count.
    await expect(page.getByTestId('game-moves')).toHaveText(`Moves ${keysPressed} (fewest ${keysPressed})`);
    await expect(game.panel.getByTestId('game-complete')).toContainText('Level 1 complete!');
    await expect(game.status).toContainText(`Level 1 complete in ${keysPressed} move`);
    console.log(`level 1 (5 × 5) solved with the keyboard in ${keysPressed} moves`);
    await game.panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('game-desktop-level-complete.png') });
    expect(await seriousViolations(page, 'studio, game level complete')).toEqual([]);
  });

  await test.step('keyboard: Next level starts a larger maze and gives the focus back to it', async () => {
    await game.panel.getByRole('button', { name: 'Next level' }).focus();
    await page.keyboard.press('Enter');
    await expect(game.maze).toHaveAttribute('data-level', '2');
    await expect(game.maze).toHaveAttribute('data-cols', '6');
    await expect(game.maze).toHaveAttribute('data-state', 'playing');
    await expect(game.board).toBeFocused();
    await expect(game.status).toHaveText('Level 2: a 6 by 6 maze. Reach the green goal at the bottom right.');
    const maze = await readMaze(game.maze);
    expect(maze.player).toEqual([0, 0]);
    expect(maze.goal).toEqual([5, 5]);
  });

  await test.step('the direction buttons send moves on the bus: a wall stops one, an opening lets one through', async () => {
    const before = await readMaze(game.maze);
    // The start is the top-left corner: up is always a wall, and right or down is open.
    expect(isWalled(before, before.player, 'up')).toBe(true);
    await game.moveButton('up').click();
    await expect(game.status).toHaveText('Wall: cannot move up.');
    await expect(game.lastMove).toHaveAttribute('data-move', 'up');
    await expect(game.maze).toHaveAttribute('data-player', before.player.join(','));

    const open = (['right', 'down'] as const).find((move) => !isWalled(before, before.player, move)) as Move;
    await game.moveButton(open).click();
    await expect(game.lastMove).toHaveAttribute('data-move', open);
    await expect(game.status).toContainText(`Moved ${open}`);
    await expect(game.maze).not.toHaveAttribute('data-player', before.player.join(','));
    await expect(page.getByTestId('game-moves')).toContainText('Moves 1 ');
    await game.panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('game-desktop-level-2.png') });
  });

  await test.step('Restart level puts the player back on the start of the same maze', async () => {
    const walls = await game.maze.getAttribute('data-walls');
    await game.panel.getByRole('button', { name: 'Restart level' }).click();
    await expect(game.maze).toHaveAttribute('data-player', '0,0');
    await expect(game.maze).toHaveAttribute('data-walls', walls as string);
    await expect(game.status).toHaveText(/^Level 2 restarted:/);
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the game fits the screen, its buttons are big enough to tap, and a tap moves the player', async ({ studio, page }, testInfo) => {
    await studio.open();
    const game = gameParts(page);
    await game.panel.scrollIntoViewIfNeeded();
    const board = await game.board.boundingBox();
    expect(board, 'the maze on screen').not.toBeNull();
    expect((board?.x ?? -1) >= 0 && (board?.x ?? 0) + (board?.width ?? 0) <= 390, `the maze (${JSON.stringify(board)}) inside the 390 px screen`).toBe(true);
    expect(board?.width ?? 0).toBeGreaterThan(250);
    // Nothing in the game is wider than the screen.
    const overflowing = await game.panel.evaluate((panel) =>
      Array.from(panel.querySelectorAll('*'))
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .map((el) => el.tagName.toLowerCase()),
    );
    expect(overflowing).toEqual([]);
    for (const move of ['up', 'down', 'left', 'right'] as const) {
      const box = await game.moveButton(move).boundingBox();
      expect(Math.min(box?.width ?? 0, box?.height ?? 0), `the ${move} button's smaller side`).toBeGreaterThanOrEqual(44);
    }

    const before = await readMaze(game.maze);
    const open = (['right', 'down'] as const).find((move) => !isWalled(before, before.player, move)) as Move;
    await game.moveButton(open).tap();
    await expect(game.lastMove).toHaveAttribute('data-move', open);
    await expect(game.maze).not.toHaveAttribute('data-player', before.player.join(','));
    await game.panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('game-phone.png') });
    expect(await seriousViolations(page, 'studio at 390 px, game')).toEqual([]);
    await game.panel.screenshot({ path: testInfo.outputPath('game-phone-panel.png') });
  });
});
