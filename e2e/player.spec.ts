import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { CDN } from '../lib/export/readme';
import { buildZip, text, zipEntries } from '../lib/project/test-zip';
import { expect, test } from './fixtures';
import { seriousViolations } from './support/axe';
import type { StudioPage } from './studio-page';
import { compareFrames, PlayerPage, recordShownFrames, shownFrames, smoothAsTheStudio, type FrameRecord, type Probabilities } from './player-page';
import { launchOptions } from './support/browser';
import { fakeCameraArgs, STILL_LABEL, STILL_PHOTO } from './support/camera-videos';
import { buildFakeCameraVideo } from './support/fake-camera';
import { hasSignDigits, makeSplit, PROJECT_ROOT, SKIP_REASON } from './support/sign-digits';
import { serveFolders } from './support/static-server';

test.skip(!hasSignDigits(), `Skipped: ${SKIP_REASON}.`);

/** One still hand photo, every frame the same: probabilities of the studio, the player and a bare page are comparable. */
const STILL_VIDEO = path.join(os.tmpdir(), 'gesture-studio-e2e', 'one-still-hand.y4m');
if (hasSignDigits()) buildFakeCameraVideo({ segments: [{ label: STILL_LABEL, images: [STILL_PHOTO()] }], framesPerImage: 30, outPath: STILL_VIDEO });
test.use({ launchOptions: launchOptions(fakeCameraArgs(STILL_VIDEO)) });

/** The studio's, the player's and gesture-model.js's probabilities may differ by this much at most, frame for frame. */
const TOLERANCE = 1e-4;
/**
 * Frames compared from the start of each stream. MediaPipe's VIDEO tracking places the landmarks a
 * little differently on each frame even when the frames are the same (each frame's search starts from
 * the last frame's landmarks), so probabilities are compared frame for frame: the n-th frame of the
 * studio's stream with the n-th of the player's (each stream starts tracking afresh).
 */
const FRAMES = 40;

test('an exported model gives the studio’s probabilities in /play (chosen with the keyboard or opened from the studio) and on a bare page with gesture-model.js', async ({ studio, page }) => {
  const split = makeSplit({ holdoutPerClass: 0, trainPerClass: 12, classes: ['0', '2', '5'], seed: 21 });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'player-spec-'));
  try {
    let inStudio: FrameRecord = new Map();
    await test.step('train in the studio in the default fused mode and record its live probabilities on the still hand', async () => {
      inStudio = await trainAndRecord(studio, 'fused', split.trainDir);
    });

    const bundle = path.join(tmp, 'gesture-model.zip');
    await test.step('export the model', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export model' }).click()]);
      await download.saveAs(bundle);
      await studio.page.getByRole('button', { name: 'Stop camera' }).click();
    });

    await test.step('a bare web page with the README’s few lines and gesture-model.js, no Gesture Studio page loaded, gives the same probabilities', async () => {
      const onPage = await bareModelPage(studio, bundle, path.join(tmp, 'unzipped'));
      const { difference, frames } = compareFrames(inStudio, onPage, FRAMES);
      console.log(`bare page with gesture-model.js: max |Δ| vs the studio over ${frames} frames = ${difference.toExponential(2)}`);
      expect(frames).toBeGreaterThanOrEqual(FRAMES / 2);
      expect(difference).toBeLessThanOrEqual(TOLERANCE);
    });

    const player = new PlayerPage(page);
    await test.step('/play, the bundle chosen with the keyboard, gives the same probabilities', async () => {
      await page.goto('/play');
      await expect(page.getByText('Drop a model exported from Gesture Studio')).toBeVisible();
      await screenshots(page, 'player-empty');
      await player.chooseWithKeyboard(bundle);
      await expect(page.getByTestId('player-model')).toContainText('Hand crop + landmarks (fused)');
      await compareWithStudio(page, inStudio, '/play, fused');
      await expect(page.getByTestId('hand-overlay')).toHaveAttribute('data-state', 'hand');
      await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', /^(known|unknown)$/);
      await screenshots(page, 'player');
    });

    await test.step('in /play too, a held gesture fires its action once, in presentation mode entered and left with the keyboard; axe finds nothing serious', async () => {
      expect(await seriousViolations(page, '/play, playing')).toEqual([]);
      const labels = await page.getByTestId('class-probability').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.class ?? ''));
      for (const label of labels) await studio.chooseAction(label, 'Play “Chime”');
      // Every frame is the same photo: with no threshold its top class is held the whole time, one hold.
      await page.getByRole('slider', { name: 'Confidence threshold' }).fill('0');
      const present = page.getByRole('button', { name: 'Present' });
      await present.focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('presentation-stage')).toHaveAttribute('data-mode', /^(fullscreen|overlay)$/);
      expect(await seriousViolations(page, '/play, presenting')).toEqual([]);
      await expect(page.getByTestId('fired-total')).toHaveAttribute('data-fired-count', '1');
      await page.waitForTimeout(3000);
      await expect(page.getByTestId('fired-total')).toHaveAttribute('data-fired-count', '1');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('presentation-stage')).toHaveAttribute('data-mode', 'off');
      await expect(present).toBeFocused();
      await page.getByRole('slider', { name: 'Confidence threshold' }).fill('0.6');
    });

    await test.step('files the player cannot run are refused with one sentence, and the model playing plays on', async () => {
      const files = await zipEntries(new Blob([fs.readFileSync(bundle)]));
      const newer = JSON.parse(new TextDecoder().decode(files.get('metadata.json'))) as Record<string, unknown>;
      newer.formatVersion = 9;
      const refused = [
        { name: 'project.gesture-project.zip', entries: [{ name: 'manifest.json', data: text('{"format":"gesture-studio-project","version":1}') }], says: 'This is a Gesture Studio project file, not a model bundle' },
        { name: 'newer.zip', entries: [...files].map(([name, data]) => ({ name, data: name === 'metadata.json' ? text(JSON.stringify(newer)) : data })), says: 'format version 9; this player reads up to 2' },
        { name: 'notes.zip', entries: [{ name: 'metadata.json', data: text('{ not json') }], says: 'is not one Gesture Studio writes (it is not JSON text)' },
      ];
      for (const { name, entries, says } of refused) {
        const file = path.join(tmp, name);
        fs.writeFileSync(file, buildZip(entries));
        await player.picker().setInputFiles(file);
        await expect(player.refusal()).toContainText(says);
        console.log(`refused ${name}: "${await player.refusal().innerText()}"`);
        await expect(page.getByTestId('player-status')).toHaveAttribute('data-state', 'ready');
      }
      await screenshots(page, 'player-refused');
      await expect(page.getByTestId('player-model')).toContainText('gesture-model.zip');
      await expect(page.getByTestId('prediction')).toHaveAttribute('data-state', /^(known|unknown)$/);
    });

    await test.step('the studio’s Open in player hands the model over without a download: the same probabilities again', async () => {
      await page.goto('/');
      const open = page.getByRole('button', { name: 'Open in player' });
      await expect(open).toBeEnabled({ timeout: 120_000 });
      let downloads = 0;
      page.on('download', () => (downloads += 1));
      await open.click();
      await page.waitForURL('**/play?from=studio');
      await player.waitUntilPlaying();
      await compareWithStudio(page, inStudio, '/play, opened from the studio');
      expect(downloads).toBe(0);
    });
  } finally {
    fs.rmSync(split.root, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('a whole-frame model, dropped on /play, and on a bare page, gives the studio’s probabilities', async ({ studio, page }) => {
  const split = makeSplit({ holdoutPerClass: 0, trainPerClass: 12, classes: ['0', '2', '5'], seed: 22 });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'player-spec-'));
  try {
    const inStudio = await trainAndRecord(studio, 'frame', split.trainDir);
    const bundle = path.join(tmp, 'gesture-model.zip');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export model' }).click()]);
    await download.saveAs(bundle);
    await page.getByRole('button', { name: 'Stop camera' }).click();
    const { difference, frames } = compareFrames(inStudio, await bareModelPage(studio, bundle, path.join(tmp, 'unzipped')), FRAMES);
    console.log(`bare page, whole frame: max |Δ| vs the studio over ${frames} frames = ${difference.toExponential(2)}`);
    expect(frames).toBeGreaterThanOrEqual(FRAMES / 2);
    expect(difference).toBeLessThanOrEqual(TOLERANCE);
    await page.goto('/play');
    await new PlayerPage(page).dropFile(bundle);
    await expect(page.getByTestId('player-model')).toContainText('Whole frame');
    await compareWithStudio(page, inStudio, '/play, whole frame');
    // No hand is tracked for a whole-frame model: the overlay shows the centre square, not landmarks.
    await expect(page.getByTestId('hand-overlay')).toHaveCount(0);
  } finally {
    fs.rmSync(split.root, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

/**
 * Imports the three-digit folder into a new studio in `mode`, trains the frozen-backbone head, then
 * records what the prediction panel shows for the first frames of the camera on the still hand.
 */
async function trainAndRecord(studio: StudioPage, mode: 'fused' | 'frame', folder: string): Promise<FrameRecord> {
  const { page } = studio;
  await studio.open(mode);
  await expect(page.getByRole('combobox', { name: 'Input mode' })).toHaveValue(mode);
  await studio.setFolder('Import dataset folder', folder);
  await expect(studio.classCards()).toHaveCount(3, { timeout: 180_000 });
  await expect(page.getByRole('progressbar')).toHaveCount(0, { timeout: 180_000 });
  await studio.setRecipe('head-only', 0);
  await studio.train();
  await recordShownFrames(page);
  await studio.startCamera();
  const record = await shownFrames(page, FRAMES);
  const last = record.get(Math.max(...record.keys())) as Probabilities;
  console.log(`studio, ${mode}, still hand: ${record.size} frames recorded, the last ${format(last)}; the same frame moves it by up to ${spread(record).toExponential(2)} from frame to frame`);
  // A real answer, not a flat one, so the comparisons mean something: far from the same probability for
  // every class. (Not "over 0.5": the fused head's vote with its landmarks-only reading may split a
  // photo between two classes, as it does this 5 between 2 and 5 while the whole frame says 2.)
  const shown = Object.values(last);
  expect(Math.max(...shown) - Math.min(...shown)).toBeGreaterThan(0.25);
  return record;
}

/** Starts the player's camera and compares its first frames with the studio's, frame for frame. */
async function compareWithStudio(page: Page, inStudio: FrameRecord, what: string): Promise<void> {
  await recordShownFrames(page);
  await new PlayerPage(page).startCamera();
  const { difference, frames } = compareFrames(inStudio, await shownFrames(page, FRAMES), FRAMES);
  console.log(`${what}: max |Δ| vs the studio over ${frames} frames = ${difference.toExponential(2)}`);
  expect(frames).toBeGreaterThanOrEqual(FRAMES / 2);
  expect(difference).toBeLessThanOrEqual(TOLERANCE);
}

/**
 * Unzips the bundle into `dir`, writes the page of its README there (its import map pointed at local
 * copies of the two packages instead of the CDN), serves it with a plain static server and opens it
 * in a new page of the same browser (same fake camera). Fails on any request to another origin and
 * on uncaught errors. Returns what the studio would show for gesture-model.js's first frames (its
 * smoothing over the module's raw probabilities).
 */
async function bareModelPage(studio: StudioPage, bundle: string, dir: string): Promise<FrameRecord> {
  const files = await zipEntries(new Blob([fs.readFileSync(bundle)]));
  for (const [name, data] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), data);
  }
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8')) as { labels: string[]; module: { imports: Record<string, string> } };
  const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
  const snippet = /```html\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const local = snippet
    .replaceAll(`${CDN}/@tensorflow/tfjs@${meta.module.imports['@tensorflow/tfjs']}/dist/`, '/vendor/tfjs/')
    .replaceAll(`${CDN}/@mediapipe/tasks-vision@${meta.module.imports['@mediapipe/tasks-vision']}/`, '/vendor/tasks-vision/');
  expect(snippet).toContain("import { loadGestureModel } from './gesture-model.js';");
  expect(local).not.toContain('https://');
  // The test's own lines: they record every prediction the README's loop makes, at full precision
  // (run() looks model.predict up on each frame; it has not run one yet when these lines run).
  const record = `  window.predictions = [];
  const predict = model.predict;
  model.predict = async (...args) => {
    const prediction = await predict(...args);
    window.predictions.push(prediction && Array.from(prediction.probabilities));
    return prediction;
  };
`;
  fs.writeFileSync(path.join(dir, 'index.html'), local.replace(/<\/script>\s*$/, `${record}</script>\n`));

  const modules = path.join(PROJECT_ROOT, 'node_modules');
  const server = await serveFolders({
    '/': dir,
    '/vendor/tfjs/': path.join(modules, '@tensorflow/tfjs/dist'),
    '/vendor/tasks-vision/wasm/': path.join(PROJECT_ROOT, 'public/mediapipe-wasm'),
    '/vendor/tasks-vision/': path.join(modules, '@mediapipe/tasks-vision'),
  });
  // The bare page is another origin (a person's own server): it is checked against its own below.
  studio.addTestOrigin(server.origin);
  const page = await studio.page.context().newPage();
  const foreign: string[] = [];
  const uncaught: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('blob:') && !url.startsWith('data:') && new URL(url).origin !== server.origin) foreign.push(url);
  });
  page.on('pageerror', (error) => uncaught.push(error.stack ?? error.message));
  try {
    await page.goto(`${server.origin}/index.html`);
    await expect(page.locator('#label')).not.toHaveText('Loading the model…', { timeout: 180_000 });
    const predictions = () => page.evaluate(() => (window as unknown as { predictions?: (number[] | null)[] }).predictions ?? []);
    await expect.poll(async () => (await predictions()).length, { timeout: 180_000 }).toBeGreaterThanOrEqual(FRAMES);
    const raw = await predictions();
    console.log(`bare page: label "${await page.locator('#label').innerText()}" after ${raw.length} frames`);
    expect(foreign, 'requests to other origins from the bare page').toEqual([]);
    expect(uncaught, 'uncaught errors in the bare page').toEqual([]);
    return smoothAsTheStudio(raw, meta.labels);
  } finally {
    await page.close();
    await server.close();
  }
}

/** The page at desktop and phone sizes, into test-results/. */
async function screenshots(page: Page, name: string): Promise<void> {
  fs.mkdirSync('test-results', { recursive: true });
  for (const [width, height] of [
    [1400, 1000],
    [390, 844],
  ]) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `test-results/${name}-${width}x${height}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1400, height: 1000 });
}

/** How far the probabilities move from one frame of the still photo to the next, over the second half of the record. */
function spread(record: FrameRecord): number {
  const frames = [...record.keys()].sort((a, b) => a - b).slice(record.size / 2);
  let most = 0;
  for (let i = 1; i < frames.length; i += 1) {
    const [a, b] = [record.get(frames[i - 1]) as Probabilities, record.get(frames[i]) as Probabilities];
    for (const name of Object.keys(a)) most = Math.max(most, Math.abs(a[name] - b[name]));
  }
  return most;
}

function format(probabilities: Probabilities): string {
  return Object.entries(probabilities)
    .map(([name, p]) => `${name} ${p.toFixed(6)}`)
    .join(', ');
}
