import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { RED, writeColourEvaluationFolder, writeSolidImages } from './support/images';
import { PROJECT_FORMAT_VERSION } from '../lib/project/manifest';
import { buildZip } from '../lib/project/test-zip';

test('export a project, delete it, import the file: the same classes, samples and predictions; hostile files change nothing', async ({ studio, page }) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-project-file-'));
  const project = page.getByRole('combobox', { name: 'Project' });
  await studio.open();
  await studio.makeColourProject('Colours', 8, 6);
  await studio.setRecipe('head-only', 0);
  await studio.train();
  const folder = writeColourEvaluationFolder();
  const before = await studio.evaluationReport(folder);
  console.log(`evaluation before export:\n${before}`);

  const exported = path.join(tmp, 'Colours.gesture-project.zip');
  await test.step('export: Colours.gesture-project.zip with the manifest, images and the trained head', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export project' }).click()]);
    expect(download.suggestedFilename()).toBe('Colours.gesture-project.zip');
    await download.saveAs(exported);
    const bytes = fs.readFileSync(exported);
    for (const name of ['manifest.json', 'embeddings.bin', 'head/model.json', 'head/weights.bin', 'samples/']) expect(bytes.includes(Buffer.from(name)), name).toBe(true);
    await expect(page.getByTestId('project-file-status')).toHaveText(/Downloaded Colours\.gesture-project\.zip \(with the trained model\)/);
    console.log(`exported project: ${bytes.length} bytes`);
  });

  await test.step('delete the project: a new empty one opens', async () => {
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Delete project' }).click();
    await expect(project.locator('option:checked')).toHaveText('My first project', { timeout: 30_000 });
    await expect(project.locator('option')).toHaveCount(1);
    await expect(studio.classCard('Red')).toHaveCount(0);
  });

  await test.step('import the file: a new project "Colours" with the same classes, samples and trained model', async () => {
    await page.getByLabel('Import project file').setInputFiles(exported);
    await expect(project.locator('option:checked')).toHaveText('Colours', { timeout: 60_000 });
    await expect(project.locator('option')).toHaveCount(2);
    await expect(page.getByTestId('notice').locator('p')).toHaveText(/Imported “Colours”: 2 classes, 14 samples and the trained model\./);
    await expect(studio.classCards()).toHaveCount(2);
    await expect(studio.classCard('Red').getByTestId('sample-count')).toHaveText('8 samples');
    await expect(studio.classCard('Blue').getByTestId('sample-count')).toHaveText('6 samples');
    await expect(page.getByTestId('train-status')).toHaveAttribute('data-state', 'trained', { timeout: 30_000 });
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved', { timeout: 30_000 });
    const after = await studio.evaluationReport(folder);
    expect(after).toBe(before);
  });

  const hostile: { what: string; file: string; message: RegExp }[] = [];
  const truncated = path.join(tmp, 'truncated.gesture-project.zip');
  const bytes = fs.readFileSync(exported);
  fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  hostile.push({ what: 'the first half of the export', file: truncated, message: /^This project file is incomplete \(its end is missing\), probably cut off while downloading or copying; import a complete copy\.$/ });
  const newer = path.join(tmp, 'newer.gesture-project.zip');
  fs.writeFileSync(newer, buildZip([{ name: 'manifest.json', data: Buffer.from(JSON.stringify({ format: 'gesture-studio-project', version: 999 })) }]));
  hostile.push({ what: 'a manifest of format version 999', file: newer, message: new RegExp(`^This project was saved in project format version 999, but this copy of Gesture Studio reads versions up to ${PROJECT_FORMAT_VERSION}; reload the page`) });
  const notZip = path.join(tmp, 'photo.zip');
  fs.copyFileSync(writeSolidImages(1, RED, 'photo')[0], notZip);
  hostile.push({ what: 'a PNG renamed .zip', file: notZip, message: /^This file is not a Gesture Studio project \(it is not a zip archive\)/ });

  for (const { what, file, message } of hostile) {
    await test.step(`import ${what}: its message, and the project stays as it was`, async () => {
      if (await page.getByTestId('notice').isVisible()) await page.getByRole('button', { name: 'Dismiss' }).click();
      await page.getByLabel('Import project file').setInputFiles(file);
      const notice = page.getByTestId('notice');
      await expect(notice).toHaveAttribute('data-tone', 'error');
      await expect(notice.locator('[data-tone="error"]')).toHaveText(message);
      console.log(`${what}: ${await notice.locator('[data-tone="error"]').innerText()}`);
      await expect(project.locator('option')).toHaveCount(2);
      await expect(project.locator('option:checked')).toHaveText('Colours');
      await expect(studio.classCard('Red').getByTestId('sample-count')).toHaveText('8 samples');
      await expect(studio.classCard('Blue').getByTestId('sample-count')).toHaveText('6 samples');
      await expect(page.getByTestId('train-status')).toHaveAttribute('data-state', 'trained');
    });
  }

  await test.step('after a reload the imported project is still there, whole', async () => {
    await page.reload();
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(project.locator('option:checked')).toHaveText('Colours', { timeout: 30_000 });
    await expect(studio.classCard('Red').getByTestId('sample-count')).toHaveText('8 samples', { timeout: 30_000 });
    await expect(studio.classCard('Blue').getByTestId('sample-count')).toHaveText('6 samples');
    await expect(page.getByTestId('train-status')).toHaveAttribute('data-state', 'trained', { timeout: 30_000 });
  });

  await test.step('with another backbone loaded, an import re-computes the embeddings from the images', async () => {
    await project.selectOption({ label: 'My first project' });
    await expect(studio.classCard('Red')).toHaveCount(0, { timeout: 30_000 });
    await page.getByRole('combobox', { name: 'Backbone' }).selectOption('mobilenet_v1_075');
    await expect(page.getByTestId('model-status')).toHaveText(/0\.75.*ready/, { timeout: 120_000 });
    await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 120_000 });
    await page.getByLabel('Import project file').setInputFiles(exported);
    await expect(project.locator('option:checked')).toHaveText('Colours (2)', { timeout: 120_000 });
    await expect(page.getByTestId('notice').locator('p')).toHaveText(
      'Imported “Colours (2)”: 2 classes, 14 samples. Its embeddings were re-computed with MobileNet v1 0.75 (accurate); train again to classify.',
    );
    await expect(studio.classCard('Red').getByTestId('sample-count')).toHaveText('8 samples');
    await expect(studio.classCard('Blue').getByTestId('sample-count')).toHaveText('6 samples');
    await expect(page.getByTestId('model-status')).toHaveText(/0\.75.*ready/);
    await studio.train();
  });
});
