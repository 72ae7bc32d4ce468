import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { writeColourEvaluationFolder } from './support/images';
import { zipEntries } from '../lib/project/test-zip';

interface ModelJson {
  readonly weightsManifest: readonly { readonly paths: readonly string[]; readonly weights: readonly { readonly name: string; readonly shape: readonly number[] }[] }[];
}

/** The float32 values of weight `name` in a TF.js model.json's shards, as `read` gives the files next to it. */
function weightValues(modelJson: ModelJson, name: string, read: (file: string) => Uint8Array): Float32Array {
  for (const group of modelJson.weightsManifest) {
    let offset = 0;
    for (const weight of group.weights) {
      const size = weight.shape.reduce((a, b) => a * b, 1);
      if (weight.name === name) {
        const bytes = Buffer.concat(group.paths.map((p) => read(p)));
        return new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset * 4, bytes.byteOffset + (offset + size) * 4));
      }
      offset += size;
    }
  }
  throw new Error(`no weight ${name}`);
}

test('a fine-tuned model survives a reload, travels in a project file, and exports with its fine-tuned block', async ({ studio, page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-fine-tuned-'));
  const project = page.getByRole('combobox', { name: 'Project' });
  const folder = writeColourEvaluationFolder();
  await studio.open();
  await studio.makeColourProject('Fine colours', 8, 8);
  await studio.setRecipe('fine-tune-top', 0);
  await expect(page.getByTestId('strategy')).toHaveAttribute('data-kind', 'fine-tune-top');
  await page.getByText('Advanced settings').click();
  // Few epochs keep fine-tuning on WASM quick; a brisk rate still separates the colours.
  await page.getByRole('spinbutton', { name: /^Epochs/ }).fill('10');
  await page.getByRole('spinbutton', { name: /^Learning rate/ }).fill('0.01');

  await studio.train();
  const tips = page.getByTestId('tips-summary');
  await expect(tips).toContainText('Used: Fine-tuned the last block');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved', { timeout: 30_000 });
  const trained = await studio.evaluationReport(folder, 120_000);
  console.log(`evaluation of the fine-tuned model:\n${trained}`);
  // A model that tells the colours apart, so "the same evaluation" compares real predictions.
  expect(Number(trained.split('\n')[0])).toBeGreaterThanOrEqual(0.75);

  await test.step('reload: the fine-tuned model is restored and evaluates exactly as before', async () => {
    await page.reload();
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(studio.classCard('Blue').getByTestId('sample-count')).toHaveText('8 samples', { timeout: 30_000 });
    await expect(page.getByTestId('train-status')).toHaveAttribute('data-state', 'trained', { timeout: 60_000 });
    await expect(tips).toContainText('Used: Fine-tuned the last block');
    expect(await studio.evaluationReport(folder, 120_000)).toBe(trained);
  });

  await test.step('Export model: metadata.json says fine-tuned, and head/ carries the fine-tuned conv_pw_13, not the pretrained one', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export model' }).click()]);
    const files = await zipEntries(new Blob([fs.readFileSync(await download.path())]));
    const read = (dir: string) => (file: string) => files.get(`${dir}/${file}`) ?? Buffer.alloc(0);
    const meta = JSON.parse(new TextDecoder().decode(files.get('metadata.json')));
    expect(meta).toMatchObject({ formatVersion: 2, fineTuned: { trainableBlocks: 1, cutLayer: 'conv_pw_12_relu', layers: ['conv_dw_13', 'conv_dw_13_bn', 'conv_pw_13', 'conv_pw_13_bn'] } });
    expect(meta.backbone.embedding).toMatchObject({ format: 'layers-model', layer: 'conv_pw_12_relu' });
    const head = JSON.parse(new TextDecoder().decode(files.get('head/model.json'))) as ModelJson;
    const backbone = JSON.parse(new TextDecoder().decode(files.get('backbone/model.json'))) as ModelJson;
    const kernel = head.weightsManifest[0].weights.find((w) => w.name.startsWith('conv_pw_13/kernel'));
    expect(kernel?.shape).toEqual([1, 1, 256, 256]);
    const fineTuned = weightValues(head, kernel?.name ?? '', read('head'));
    const pretrained = weightValues(backbone, 'conv_pw_13/kernel', read('backbone'));
    const moved = Math.max(...fineTuned.map((v, i) => Math.abs(v - pretrained[i])));
    console.log(`exported bundle: conv_pw_13 kernel moved by up to ${moved.toExponential(2)} from the pretrained weights`);
    expect(moved).toBeGreaterThan(0);
  });

  const exported = path.join(tmp, 'Fine colours.gesture-project.zip');
  await test.step('export the project, delete it, import the file: the same fine-tuned model, the same evaluation', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export project' }).click()]);
    await download.saveAs(exported);
    await expect(page.getByTestId('project-file-status')).toHaveText(/\(with the trained model\)/);
    const manifest = JSON.parse(new TextDecoder().decode((await zipEntries(new Blob([fs.readFileSync(exported)]))).get('manifest.json')));
    expect(manifest).toMatchObject({ version: 2, head: { trainableBlocks: 1 } });

    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Delete project' }).click();
    await expect(project.locator('option:checked')).toHaveText('My first project', { timeout: 30_000 });
    await expect(studio.classCard('Red')).toHaveCount(0);

    await page.getByLabel('Import project file').setInputFiles(exported);
    await expect(project.locator('option:checked')).toHaveText('Fine colours', { timeout: 60_000 });
    await expect(page.getByTestId('notice').locator('p')).toHaveText(/Imported “Fine colours”: 2 classes, 16 samples and the trained model\./);
    await expect(page.getByTestId('train-status')).toHaveAttribute('data-state', 'trained', { timeout: 60_000 });
    await expect(tips).toContainText('Used: Fine-tuned the last block');
    expect(await studio.evaluationReport(folder, 120_000)).toBe(trained);
  });

  expect(errors, 'uncaught page errors').toEqual([]);
});
