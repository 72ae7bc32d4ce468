import { expect, test } from './fixtures';
import { seriousViolations } from './support/axe';

test('no serious or critical accessibility violations in the studio as it opens', async ({ studio, page }) => {
  await studio.open();
  expect(await seriousViolations(page, 'studio')).toEqual([]);
});

test('no serious or critical accessibility violations on /bench and /ablation', async ({ page }) => {
  for (const path of ['/bench', '/ablation']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await seriousViolations(page, path)).toEqual([]);
  }
});
