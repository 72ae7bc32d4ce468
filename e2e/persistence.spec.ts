import fs from 'node:fs';
import { expect, test } from './fixtures';
import { writeSolidImages } from './support/images';

test('a project survives a reload, and projects can be duplicated and deleted', async ({ studio, page }) => {
  await studio.open();
  await studio.renameClass(0, 'Red');
  await studio.renameClass(1, 'Blue');
  await page.getByLabel('Upload images to Red').setInputFiles(writeSolidImages(8, [200, 40, 40], 'red'));
  await page.getByLabel('Upload images to Blue').setInputFiles(writeSolidImages(8, [40, 40, 200], 'blue'));
  await expect(studio.classCard('Blue').getByTestId('sample-count')).toHaveText('8 samples');
  await studio.setRecipe('head-only', 0);
  await studio.train();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved', { timeout: 30_000 });

  await test.step('export the model: a zip with the model files, metadata and a README', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export model' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^gesture-model-\d{4}-\d{2}-\d{2}\.zip$/);
    const bytes = fs.readFileSync(await download.path());
    for (const name of ['metadata.json', 'README.md', 'head/model.json', 'backbone/']) expect(bytes.includes(Buffer.from(name))).toBe(true);
    console.log(`exported bundle: ${bytes.length} bytes`);
  });

  await test.step('reload: classes, samples and the trained model are back', async () => {
    await page.reload();
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(studio.classCard('Red').getByTestId('sample-count')).toHaveText('8 samples', { timeout: 30_000 });
    await expect(studio.classCard('Blue').getByTestId('sample-count')).toHaveText('8 samples');
    await expect(page.getByTestId('train-status')).toHaveAttribute('data-state', 'trained', { timeout: 30_000 });
  });

  await test.step('duplicate, then delete the copy: the original is untouched', async () => {
    await page.getByRole('button', { name: 'Duplicate project' }).click();
    const project = page.getByRole('combobox', { name: 'Project' });
    await expect(project.locator('option:checked')).toHaveText('My first project copy', { timeout: 30_000 });
    await expect(studio.classCard('Red').getByTestId('sample-count')).toHaveText('8 samples', { timeout: 30_000 });
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Delete project' }).click();
    await expect(project.locator('option')).toHaveCount(1, { timeout: 30_000 });
    await expect(studio.classCard('Red').getByTestId('sample-count')).toHaveText('8 samples', { timeout: 30_000 });
  });
});
