import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import type { StudioPage } from './studio-page';
import { writeHugePng, writeSolidImages } from './support/images';
import { buildZip, zipEntries } from '../lib/project/test-zip';

const RED: [number, number, number] = [200, 40, 40];
const BLUE: [number, number, number] = [40, 40, 200];
/** A class name that would run script if anything rendered it as HTML. */
const MARKUP = '<img src=x onerror=document.title=1>';
/** The same, as a folder name (which cannot hold a slash). */
const FOLDER_MARKUP = '<svg onload=document.title=2>';

/** The project as a person sees it: class names in order and their sample counts. */
async function projectShape(studio: StudioPage): Promise<string[]> {
  const cards = studio.classCards();
  const shape: string[] = [];
  for (let i = 0; i < (await cards.count()); i += 1) {
    const card = cards.nth(i);
    shape.push(`${await card.getByRole('textbox', { name: 'Class name' }).inputValue()}: ${await card.getByTestId('sample-count').innerText()}`);
  }
  return shape;
}

test('hostile input: bad files, a huge image, markup and duplicate names, a zip bomb — each gets its message and the project stays as it was', async ({ studio, page }) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-hostile-'));
  await studio.open();
  const title = await page.title();
  page.on('dialog', (dialog) => void dialog.accept());
  await studio.renameClass(0, 'Red');
  await studio.renameClass(1, 'Blue');
  await page.getByLabel('Upload images to Red').setInputFiles(writeSolidImages(4, RED, 'red'));
  await page.getByLabel('Upload images to Blue').setInputFiles(writeSolidImages(3, BLUE, 'blue'));
  await expect(studio.classCard('Blue').getByTestId('sample-count')).toHaveText('3 samples');
  const notice = page.getByTestId('notice');
  const dismiss = async () => {
    if (await notice.isVisible()) await page.getByRole('button', { name: 'Dismiss' }).click();
  };

  await test.step('a text file and a 20,000 x 20,000 PNG: both refused by name, with the reason, before decoding', async () => {
    const before = await projectShape(studio);
    const notes = path.join(tmp, 'notes.txt');
    fs.writeFileSync(notes, 'not a photo');
    const huge = await writeHugePng(path.join(tmp, 'huge.png'), 20_000, 20_000);
    await dismiss();
    await page.getByLabel('Upload images to Red').setInputFiles([notes, huge]);
    await expect(notice).toHaveAttribute('data-tone', 'warning', { timeout: 60_000 });
    await expect(notice).toContainText(
      'Added 0 images. 2 files were skipped: notes.txt is not an image this browser can read. huge.png is 20,000 × 20,000 pixels (400 megapixels), more than the 100 megapixels Gesture Studio reads; scale it down and add it again.',
    );
    console.log(`text file and huge PNG: ${await notice.locator('p').innerText()}`);
    expect(await projectShape(studio)).toEqual(before);
  });

  await test.step('a class name full of markup is shown as text and never runs', async () => {
    await studio.renameClass(1, MARKUP);
    await expect(studio.classCard(MARKUP).getByTestId('sample-count')).toHaveText('3 samples');
    await expect(page.getByRole('button', { name: `Upload images to ${MARKUP}` })).toBeVisible();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.title()).toBe(title);
  });

  await test.step('a dataset folder whose class folder is named with markup: a class of that literal name', async () => {
    const root = path.join(tmp, 'dataset');
    const green = path.join(root, FOLDER_MARKUP);
    fs.mkdirSync(green, { recursive: true });
    for (const file of writeSolidImages(2, [40, 200, 40], 'green')) fs.copyFileSync(file, path.join(green, path.basename(file)));
    await dismiss();
    await studio.setFolder('Import dataset folder', root);
    await expect(studio.classCard(FOLDER_MARKUP).getByTestId('sample-count')).toHaveText('2 samples', { timeout: 60_000 });
    expect(await page.locator('[onload]').count()).toBe(0);
    expect(await page.title()).toBe(title);
    await studio.classCard(FOLDER_MARKUP).getByRole('button', { name: `Delete class ${FOLDER_MARKUP}` }).click();
  });

  await test.step('renaming a class to another class’s name (any case, any spaces) is refused and can be undone', async () => {
    await expect(studio.classCards()).toHaveCount(2);
    const input = studio.classCards().nth(0).getByRole('textbox', { name: 'Class name' });
    await input.fill(`  ${MARKUP.toUpperCase()} `);
    await expect(studio.classCards().nth(0).getByRole('alert')).toHaveText(`Another class is already called "${MARKUP.toUpperCase()}".`);
    await input.press('Enter');
    await input.press('Escape');
    await expect(input).toHaveValue('Red');
    expect(await projectShape(studio)).toEqual(['Red: 4 samples', `${MARKUP}: 3 samples`]);
  });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export project' }).click()]);
  const exported = path.join(tmp, 'export.gesture-project.zip');
  await download.saveAs(exported);
  // Read with the app's own zip reader, changed, and zipped again by the test-only builder.
  const entries = [...(await zipEntries(new Blob([fs.readFileSync(exported)])))].map(([name, data]) => ({ name, data }));
  const tampered = (name: string, change: (entries: { name: string; data: Uint8Array }[]) => void): string => {
    const copy = entries.map((e) => ({ ...e }));
    change(copy);
    const file = path.join(tmp, name);
    fs.writeFileSync(file, buildZip(copy));
    return file;
  };
  const withManifest = (change: (manifest: { classes: { name: string }[] }) => void) => (copy: { name: string; data: Uint8Array }[]) => {
    const entry = copy.find((e) => e.name === 'manifest.json');
    if (!entry) throw new Error('the export has no manifest.json');
    const manifest = JSON.parse(Buffer.from(entry.data).toString('utf8'));
    change(manifest);
    entry.data = Buffer.from(JSON.stringify(manifest));
  };
  const firstSample = entries.find((e) => e.name.startsWith('samples/'));
  if (!firstSample) throw new Error('the export has no sample images');
  const hostileFiles: { what: string; file: string; message: RegExp }[] = [
    {
      what: 'a zip bomb (a 300 MB manifest.json deflated to 300 kB, its header claiming 2 kB)',
      file: path.join(tmp, 'bomb.gesture-project.zip'),
      message: /^"manifest\.json" expands more than 100 times, as only a zip bomb does, so the file was not opened;/,
    },
    {
      what: 'two classes of the same name (differing in case and spaces)',
      file: tampered('duplicate.gesture-project.zip', withManifest((m) => (m.classes[1].name = ' RED '))),
      message: /^Two classes in this project are both called "\s*RED\s*" \(names must differ, ignoring case\);/,
    },
    {
      what: 'a 20,000 x 20,000 sample image',
      file: tampered('huge-sample.gesture-project.zip', (copy) => {
        const sample = copy.find((e) => e.name === firstSample.name);
        if (sample) sample.data = fs.readFileSync(path.join(tmp, 'huge.png'));
      }),
      message: /^The sample "samples\/[^"]+" is 20000x20000 pixels, more than the 4096x4096 a sample may have;/,
    },
  ];
  // 300 MB of zeros, deflated (about 1,000:1), its header claiming 2 kB.
  fs.writeFileSync(hostileFiles[0].file, buildZip([{ name: 'manifest.json', data: new Uint8Array(300 * 1024 ** 2), method: 'deflate', size: 2048 }]));

  for (const { what, file, message } of hostileFiles) {
    await test.step(`import ${what}: its message, and the project stays as it was`, async () => {
      const before = await projectShape(studio);
      await dismiss();
      await page.getByLabel('Import project file').setInputFiles(file);
      await expect(notice).toHaveAttribute('data-tone', 'error', { timeout: 60_000 });
      await expect(notice.locator('[data-tone="error"]')).toHaveText(message);
      console.log(`${what}: ${await notice.locator('[data-tone="error"]').innerText()}`);
      await expect(page.getByRole('combobox', { name: 'Project' }).locator('option')).toHaveCount(1);
      expect(await projectShape(studio)).toEqual(before);
    });
  }

  await test.step('the markup name survives a project file round trip as plain text', async () => {
    await dismiss();
    await page.getByLabel('Import project file').setInputFiles(exported);
    await expect(page.getByRole('combobox', { name: 'Project' }).locator('option')).toHaveCount(2, { timeout: 60_000 });
    await expect(studio.classCard(MARKUP).getByTestId('sample-count')).toHaveText('3 samples');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.title()).toBe(title);
  });
});

test('a long import shows its progress, keeps the page responsive and stops on Cancel, keeping what was added', async ({ studio, page }) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-long-import-'));
  for (const [name, rgb] of [['Red', RED], ['Blue', BLUE]] as const) {
    fs.mkdirSync(path.join(root, name));
    for (const file of writeSolidImages(200, rgb, name)) fs.renameSync(file, path.join(root, name, path.basename(file)));
  }
  await studio.open();
  const tensorsBefore = await studio.tensorsInMemory();
  await studio.setFolder('Import dataset folder', root);
  const progress = page.getByRole('progressbar', { name: 'Importing 400 images' });
  await expect(progress).toBeVisible();
  await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
  // Training mid-import would use a dataset about to change: Train is off, and says why.
  const train = page.getByRole('button', { name: 'Train', exact: true });
  await expect(train).toBeDisabled();
  await expect(train).toHaveAttribute('title', 'Wait for “Importing 400 images” to finish, then train.');
  await expect(page.getByTestId('train-status')).toContainText('Wait for “Importing 400 images” to finish, then train.');
  // The page answers while the backbone works through the images: the click lands at once.
  await page.getByRole('button', { name: 'Cancel', exact: true }).click({ timeout: 2000 });
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('Cancelled: the rest were not added.');
  const added = Number((await notice.innerText()).match(/Added (\d+) images?/)?.[1]);
  console.log(`cancelled after ${added} of 400 images: ${await notice.locator('p').innerText()}`);
  expect(added).toBeGreaterThan(0);
  expect(added).toBeLessThan(400);
  const counts = await studio.classCards().getByTestId('sample-count').allInnerTexts();
  expect(counts.reduce((sum, text) => sum + Number.parseInt(text, 10), 0)).toBe(added);
  await expect(progress).toHaveCount(0);
  await expect.poll(() => studio.tensorsInMemory()).toBe(tensorsBefore);
});
