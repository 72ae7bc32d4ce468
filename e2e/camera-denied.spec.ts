import { expect, test } from './fixtures';
import { launchOptions } from './support/browser';
import { writeSolidImages } from './support/images';

// No fake UI: Chromium denies the permission prompt, as when a person clicks "Block".
test.use({ launchOptions: launchOptions(['--use-fake-device-for-media-stream', '--deny-permission-prompts']) });

test('a denied camera explains itself and the rest of the studio keeps working', async ({ studio, page }) => {
  await studio.open();
  await page.getByRole('button', { name: 'Start camera' }).click();
  const error = page.getByTestId('camera-error');
  await expect(error).toHaveAttribute('data-kind', 'denied');
  await expect(error).toContainText('Camera access was blocked');
  await expect(page.getByRole('button', { name: 'Start camera' })).toBeEnabled();

  // Uploading images still works without a camera, and training says what it still needs.
  await page.getByLabel('Upload images to Class 1').setInputFiles(writeSolidImages(6, [200, 40, 40]));
  await expect(studio.classCard('Class 1').getByTestId('sample-count')).toHaveText('6 samples');
  await expect(page.getByTestId('train-status')).toContainText('too few in "Class 2"');
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
});
