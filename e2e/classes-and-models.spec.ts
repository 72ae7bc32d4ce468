import { expect, test } from './fixtures';
import { writeSolidImages } from './support/images';

test('class names are validated and samples can be deleted or cleared', async ({ studio, page }) => {
  await studio.open();
  const name = studio.classCards().nth(1).getByRole('textbox', { name: 'Class name' });
  await name.fill('class 1');
  await expect(page.getByRole('alert').filter({ hasText: 'Another class is already called' })).toBeVisible();
  await name.fill('   ');
  await expect(page.getByRole('alert').filter({ hasText: 'A class needs a name.' })).toBeVisible();
  await name.press('Escape');
  await expect(name).toHaveValue('Class 2');

  await page.getByLabel('Upload images to Class 1').setInputFiles(writeSolidImages(5, [10, 200, 10]));
  await expect(studio.classCard('Class 1').getByTestId('sample-count')).toHaveText('5 samples');
  await page.getByRole('button', { name: 'Delete sample 1 of Class 1' }).click();
  await expect(studio.classCard('Class 1').getByTestId('sample-count')).toHaveText('4 samples');
  await page.getByRole('button', { name: 'Clear samples of Class 1' }).click();
  await expect(studio.classCard('Class 1').getByTestId('sample-count')).toHaveText('0 samples');
  await page.getByRole('button', { name: 'Delete class Class 2' }).click();
  await expect(studio.classCards()).toHaveCount(1);
  await expect(page.getByTestId('train-status')).toContainText('Add at least two classes');
});

test('switching backbone recomputes every embedding, and the backend can be overridden', async ({ studio, page }) => {
  await studio.open();
  await page.getByLabel('Upload images to Class 1').setInputFiles(writeSolidImages(6, [220, 30, 30]));
  await page.getByLabel('Upload images to Class 2').setInputFiles(writeSolidImages(6, [30, 30, 220]));
  await expect(studio.classCard('Class 2').getByTestId('sample-count')).toHaveText('6 samples');
  await studio.train();

  await page.getByRole('combobox', { name: 'Backbone' }).selectOption('mobilenet_v1_075');
  await expect(page.getByTestId('model-status')).toHaveText(/0\.75.*ready/, { timeout: 120_000 });
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 120_000 });
  // The old head no longer fits the new embeddings; the samples are all still there.
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-state', 'idle');
  await expect(studio.classCard('Class 1').getByTestId('sample-count')).toHaveText('6 samples');
  await studio.train();

  await page.getByRole('combobox', { name: 'Backend' }).selectOption('webgl');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgl', { timeout: 120_000 });
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
});

test('missing model files give one sentence saying what to do', async ({ studio, page }) => {
  // The browser logs each refused model file as a console error: that is what this test provokes.
  studio.expectConsoleError(/^Failed to load resource: the server responded with a status of 404/);
  await page.route('**/models/**', (route) => route.fulfill({ status: 404, body: 'Not found' }));
  await page.goto('/');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(page.locator('[data-tone="error"]').filter({ hasText: 'model files are missing from public/models' })).toContainText('npm install');
  await expect(studio.classCards()).toHaveCount(2);
});

test('without the hand model the studio falls back to the whole frame and says so', async ({ page }) => {
  await page.route('**/models/hand_landmarker.task', (route) => route.fulfill({ status: 404, body: 'Not found' }));
  await page.goto('/');
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('hand-model-status')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('hand-model-error')).toContainText('run npm install again');
  await expect(page.getByTestId('hand-model-error')).toContainText('Using the whole frame instead');
  const mode = page.getByRole('combobox', { name: 'Input mode' });
  await expect(mode).toHaveValue('frame');
  await expect(mode).toBeDisabled();
});
