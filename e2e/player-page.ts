import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

/** Probabilities by class name, as the prediction panel publishes them (full precision). */
export type Probabilities = Record<string, number>;

/** The live readouts the studio and the player share (components/prediction-panel.tsx). */
export async function shownProbabilities(page: Page): Promise<Probabilities> {
  const bars = page.getByTestId('class-probability');
  const out: Probabilities = {};
  for (const bar of await bars.all()) out[(await bar.getAttribute('data-class')) ?? ''] = Number(await bar.getAttribute('data-probability'));
  return out;
}

export async function framesSoFar(page: Page): Promise<number> {
  return Number(await page.getByTestId('frame-count').textContent());
}

/** The probabilities the prediction panel showed after each live frame, by frame number (1 = the stream's first). */
export type FrameRecord = ReadonlyMap<number, Probabilities>;

/**
 * Starts recording, in the page, what the prediction panel shows after every live frame (its frame
 * count and its bars), so two pages can be compared frame by frame. Call it before the camera starts.
 */
export async function recordShownFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const frames: Record<number, Record<string, number>> = {};
    (window as unknown as { shownFrames: typeof frames }).shownFrames = frames;
    new MutationObserver(() => {
      const frame = Number(document.querySelector('[data-testid="frame-count"]')?.textContent);
      const bars = [...document.querySelectorAll<HTMLElement>('[data-testid="class-probability"]')];
      if (frame > 0 && bars.length > 0) frames[frame] = Object.fromEntries(bars.map((bar) => [bar.dataset.class ?? '', Number(bar.dataset.probability)]));
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

/** What `recordShownFrames` has recorded once the stream has run `frames` frames. */
export async function shownFrames(page: Page, frames: number): Promise<FrameRecord> {
  await expect.poll(() => framesSoFar(page), { timeout: 180_000 }).toBeGreaterThanOrEqual(frames);
  const recorded = await page.evaluate(() => (window as unknown as { shownFrames: Record<number, Record<string, number>> }).shownFrames);
  return new Map(Object.entries(recorded).map(([frame, probabilities]) => [Number(frame), probabilities]));
}

/** The largest difference between two records over the frames both have up to `upTo`, and how many frames that is. */
export function compareFrames(a: FrameRecord, b: FrameRecord, upTo: number): { difference: number; frames: number } {
  const common = [...a.keys()].filter((frame) => frame <= upTo && b.has(frame));
  return { difference: Math.max(...common.map((frame) => maxDifference(a.get(frame) as Probabilities, b.get(frame) as Probabilities))), frames: common.length };
}

/**
 * The studio's smoothing (lib/classify createSmoother, weight 0.5, float32 state) over raw per-frame
 * probabilities, as its prediction panel would show them; a frame without a prediction resets it.
 */
export function smoothAsTheStudio(raw: readonly (readonly number[] | null)[], labels: readonly string[]): FrameRecord {
  const out = new Map<number, Probabilities>();
  let state: Float32Array | null = null;
  raw.forEach((p, i) => {
    if (!p) {
      state = null;
      return;
    }
    if (!state) state = Float32Array.from(p);
    else for (let k = 0; k < state.length; k += 1) state[k] += 0.5 * (p[k] - state[k]);
    const shown = state;
    out.set(i + 1, Object.fromEntries(labels.map((label, k) => [label, shown[k]])));
  });
  return out;
}

/** max |a - b| over the classes; the two must name the same classes. */
export function maxDifference(a: Probabilities, b: Probabilities): number {
  expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  return Math.max(...Object.keys(a).map((name) => Math.abs(a[name] - b[name])));
}

/** What a person does on /play. */
export class PlayerPage {
  constructor(readonly page: Page) {}

  /** The file input of the empty player ("Choose a model file") or of a playing one ("Open another model"). */
  picker() {
    return this.page.getByLabel(/^(Choose a model file|Open another model)$/);
  }

  /** Opens a bundle file through the file input and waits until it plays. */
  async openFile(file: string): Promise<void> {
    await this.picker().setInputFiles(file);
    await this.waitUntilPlaying();
  }

  /** The same with the keyboard alone: Tab to "Choose a model file", Enter, pick the file. */
  async chooseWithKeyboard(file: string): Promise<void> {
    const picker = this.page.getByLabel('Choose a model file');
    // Listening first turns on Playwright's file chooser interception, which it sets up in the browser
    // asynchronously: the Tab presses below are done by then, so the chooser Enter opens is caught.
    const chooser = this.page.waitForEvent('filechooser');
    for (let i = 0; i < 20 && !(await picker.evaluate((input) => input === document.activeElement)); i += 1) await this.page.keyboard.press('Tab');
    await expect(picker).toBeFocused();
    await this.page.keyboard.press('Enter');
    await (await chooser).setFiles(file);
    await this.waitUntilPlaying();
  }

  /** Drags the file onto the page and drops it there, as from a file manager. */
  async dropFile(file: string): Promise<void> {
    const transfer = await this.page.evaluateHandle(
      ({ base64, name }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], name, { type: 'application/zip' }));
        return data;
      },
      { base64: fs.readFileSync(file).toString('base64'), name: path.basename(file) },
    );
    const target = this.page.locator('main');
    await target.dispatchEvent('dragover', { dataTransfer: transfer });
    await target.dispatchEvent('drop', { dataTransfer: transfer });
    await this.waitUntilPlaying();
  }

  async waitUntilPlaying(): Promise<void> {
    await expect(this.page.getByTestId('player-status')).toHaveAttribute('data-state', 'ready', { timeout: 180_000 });
  }

  async startCamera(): Promise<void> {
    await this.page.getByRole('button', { name: 'Start camera' }).click();
    await expect(this.page.getByRole('button', { name: 'Stop camera' })).toBeVisible();
  }

  /** The one sentence of a file the player refused. */
  refusal() {
    return this.page.getByTestId('player-refusal');
  }
}
