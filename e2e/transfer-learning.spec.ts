import { expect, test } from './fixtures';
import { hasSignDigits, listClassImages, SKIP_REASON } from './support/sign-digits';

test.skip(!hasSignDigits(), `Skipped: ${SKIP_REASON}.`);

test('trains with augmentation and a fine-tuned block from the UI: curves, tips and contributions show, and no tensor is left behind', async ({ studio, page }) => {
  await studio.open();
  await page.getByLabel('Upload images to Class 1').setInputFiles(listClassImages('0').slice(0, 14));
  await page.getByLabel('Upload images to Class 2').setInputFiles(listClassImages('5').slice(0, 14));
  await expect(studio.classCard('Class 2').getByTestId('sample-count')).toHaveText('14 samples');

  // 14 per class is "tiny data": the app proposes the frozen head, and says why.
  await expect(page.getByTestId('strategy')).toHaveAttribute('data-kind', 'head-only');
  await expect(page.getByTestId('strategy')).toContainText('smallest class has 14 samples');
  await page.getByRole('combobox', { name: 'Strategy' }).selectOption('fine-tune-top');
  await expect(page.getByTestId('strategy')).toHaveAttribute('data-kind', 'fine-tune-top');
  await page.getByRole('spinbutton', { name: 'Augmented views per sample' }).fill('2');

  await studio.train();
  await expect(page.getByTestId('training-curves')).toBeVisible();
  await expect(page.getByTestId('tips-summary')).toContainText('Used: Fine-tuned the last block');
  await expect(page.getByTestId('tips-summary')).toContainText('Used: Augmented each sample with 2 views');
  await expect(page.getByTestId('tip-contributions').getByRole('row')).toHaveCount(3);
  const afterFirst = await studio.tensorsInMemory();

  // Training again replaces the model: the old one's tensors are freed, nothing else stays.
  await studio.train();
  await expect.poll(() => studio.tensorsInMemory()).toBe(afterFirst);

  // Cancel part-way: the previous model stays in use and every tensor made meanwhile is freed.
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByRole('button', { name: 'Cancel training' }).click();
  await expect(page.getByTestId('train-status')).toContainText('cancelled');
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-state', 'trained');
  await expect.poll(() => studio.tensorsInMemory()).toBe(afterFirst);
});
