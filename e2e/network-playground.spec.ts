import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Opens "Inside the network" and one of its tabs; returns the tab's panel. */
async function openTab(page: Page, tab: 'Convolution playground' | 'Classic networks'): Promise<Locator> {
  await page.getByRole('button', { name: /Inside the network/ }).click();
  await page.getByRole('tab', { name: tab }).click();
  await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
  return page.getByRole('tabpanel', { name: tab });
}

/** The grid's cells, row by row, as the person reads them. */
async function gridText(panel: Locator, testId: string): Promise<string[][]> {
  return panel.getByTestId(testId).locator('tr').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td'), (td) => td.textContent ?? '')));
}

test('the convolution playground reproduces the chapter, explains settings that do not fit, and pools', async ({ studio, page }) => {
  await studio.open();
  const panel = await openTab(page, 'Convolution playground');
  const output = panel.getByTestId('conv-output');

  await test.step("the chapter's 6x6 half-bright image and vertical edge filter give 4x4 with 30 in the middle columns", async () => {
    await expect(output).toHaveAttribute('data-size', '4x4');
    expect(await gridText(panel, 'conv-output')).toEqual(Array.from({ length: 4 }, () => ['0', '30', '30', '0']));
    await expect(panel.getByTestId('conv-size-formula')).toHaveText('floor((6 + 2·0 − 3)/1) + 1 = 4');
    // Max pooling 2x2, stride 2 over it.
    await expect(panel.getByTestId('pool-output')).toHaveAttribute('data-size', '2x2');
  });

  await test.step('a stride that does not fit is explained with the values that would', async () => {
    await panel.getByRole('spinbutton', { name: 'Stride S' }).fill('2');
    await expect(panel.locator('[data-tone="error"]')).toHaveText('(N + 2P − F)/S = 3/2 = 1.5 is not a whole number, so the windows do not fit exactly. Change S to 1 or 3, or N to 7.');
    await expect(output).toHaveCount(0);
    await panel.getByRole('spinbutton', { name: 'Stride S' }).fill('1');
    await expect(output).toHaveAttribute('data-size', '4x4');
  });

  await test.step('more padding than F − 1 is explained; shrinking N and growing it back keeps the image', async () => {
    await panel.getByRole('spinbutton', { name: 'Padding P' }).fill('3');
    await expect(panel.locator('[data-tone="error"]')).toHaveText('With P larger than F − 1 = 2, the outer windows would see only padding: set P to 2 or less.');
    await panel.getByRole('spinbutton', { name: 'Padding P' }).fill('0');
    await panel.getByRole('spinbutton', { name: 'Input size N' }).fill('4');
    await expect(output).toHaveAttribute('data-size', '2x2');
    await panel.getByRole('spinbutton', { name: 'Input size N' }).fill('6');
    await expect.poll(() => gridText(panel, 'conv-output')).toEqual(Array.from({ length: 4 }, () => ['0', '30', '30', '0']));
  });

  await test.step('same padding keeps the size, and an even filter cannot have it', async () => {
    await panel.getByRole('checkbox', { name: /Same padding/ }).check();
    await expect(output).toHaveAttribute('data-size', '6x6');
    await expect(panel.getByRole('spinbutton', { name: 'Padding P' })).toHaveValue('1');
    await panel.getByRole('spinbutton', { name: 'Filter size F' }).fill('4');
    await expect(panel.locator('[data-tone="error"]')).toContainText('Same padding needs an odd filter size');
    await panel.getByRole('spinbutton', { name: 'Filter size F' }).fill('3');
    await panel.getByRole('checkbox', { name: /Same padding/ }).uncheck();
  });

  await test.step('editing the image and switching to average pooling change the values', async () => {
    await panel.getByRole('button', { name: 'Chapter example' }).click();
    await panel.getByRole('combobox', { name: 'Pooling' }).selectOption('avg');
    await expect.poll(() => gridText(panel, 'pool-output')).toEqual([
      ['15', '15'],
      ['15', '15'],
    ]);
    await panel.getByRole('spinbutton', { name: 'Input image row 1 column 4' }).fill('10');
    await expect.poll(async () => (await gridText(panel, 'conv-output'))[0]).toEqual(['0', '20', '30', '10']);
  });
});

test('the classic networks calculator gives the published totals and the notes on them', async ({ studio, page }) => {
  await studio.open();
  const panel = await openTab(page, 'Classic networks');
  const network = panel.getByRole('combobox', { name: 'Network' });
  const total = panel.getByTestId('classic-total');
  await expect(total).toHaveAttribute('data-params', '62006');
  await network.selectOption('vgg16');
  await expect(total).toHaveAttribute('data-params', '138357544');
  await network.selectOption('resnet34');
  await expect(total).toHaveAttribute('data-params', '21797672');
  await network.selectOption('googlenet');
  await expect(panel.getByTestId('googlenet-paper-comparison').locator('tr[data-agrees="false"]')).toHaveCount(9);
  await expect(panel.getByTestId('classic-notes')).toContainText('inception (4c): paper 463K');
});
