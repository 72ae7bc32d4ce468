import { expect, type CDPSession, type Locator, type Page } from '@playwright/test';
import { MARKER_PROBE, markerLabelFromRgb } from './support/fake-camera';
import { BLUE, RED, writeSolidImages } from './support/images';

type Hold = (name: string, ms: number) => Promise<void>;

/** What a touch hold did besides recording (see `StudioPage.holdToRecordByTouch`). */
export interface TouchHold {
  readonly pointerType: string;
  /** The button said it was recording (aria-pressed) while the finger was down, after it drifted. */
  readonly pressedWhileHeld: boolean;
  /** Samples the class gained over the hold. */
  readonly added: number;
  readonly pointerCancels: number;
  readonly selectedText: string;
  /** Long-press menus the page let through (not prevented). */
  readonly contextMenus: number;
  /** Long-press `contextmenu` events the hold raised at all, prevented or not. */
  readonly contextMenusSeen: number;
}

/** What a person can do in the studio, in the words of its controls (roles and names). */
export class StudioPage {
  private readonly expectedConsoleErrors: RegExp[] = [];
  private readonly testOrigins = new Set<string>();
  /** The DevTools session touch holds are sent through, opened on the first one. */
  private touch: CDPSession | null = null;

  constructor(readonly page: Page) {}

  /** A `console.error` matching `pattern` is part of what this spec provokes; any other fails it (e2e/fixtures.ts). */
  expectConsoleError(pattern: RegExp): void {
    this.expectedConsoleErrors.push(pattern);
  }

  isExpectedConsoleError(text: string): boolean {
    return this.expectedConsoleErrors.some((pattern) => pattern.test(text));
  }

  /** A server the spec itself runs (e.g. a bare page beside an unzipped bundle), whose pages check their own requests. */
  addTestOrigin(origin: string): void {
    this.testOrigins.add(origin);
  }

  isTestOrigin(origin: string): boolean {
    return this.testOrigins.has(origin);
  }

  /**
   * Opens the studio in an input mode: specs written before the hand modes keep the whole frame
   * (their uploads are not all hands); the hand specs pick a hand mode and wait for the hand model.
   */
  async open(mode: 'frame' | 'crop' | 'landmarks' | 'fused' = 'frame'): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    // Every network runs in the engine's worker, never on the page's thread.
    await expect(this.page.getByTestId('engine')).toHaveAttribute('data-kind', 'worker');
    // The header polls numTensors twice a second: let it take a reading with the model loaded, so a
    // spec's "tensors before" is not the 0 shown before the first poll.
    await expect.poll(() => this.tensorsInMemory()).toBeGreaterThan(0);
    if (mode !== 'frame') await expect(this.page.getByTestId('hand-model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await this.setInputMode(mode);
  }

  /** Names the open project, names its two classes Red and Blue, and uploads that many solid-colour images into each. */
  async makeColourProject(name: string, red: number, blue: number): Promise<void> {
    const project = this.page.getByRole('combobox', { name: 'Project' });
    this.page.once('dialog', (dialog) => dialog.accept(name));
    await this.page.getByRole('button', { name: 'Rename project' }).click();
    await expect(project.locator('option:checked')).toHaveText(name);
    await this.renameClass(0, 'Red');
    await this.renameClass(1, 'Blue');
    await this.page.getByLabel('Upload images to Red').setInputFiles(writeSolidImages(red, RED, 'red'));
    await this.page.getByLabel('Upload images to Blue').setInputFiles(writeSolidImages(blue, BLUE, 'blue'));
    await expect(this.classCard('Blue').getByTestId('sample-count')).toHaveText(`${blue} samples`);
  }

  async setInputMode(mode: 'frame' | 'crop' | 'landmarks' | 'fused'): Promise<void> {
    const select = this.page.getByRole('combobox', { name: 'Input mode' });
    // Without the hand model the select is locked on the whole frame.
    if ((await select.inputValue()) !== mode) await select.selectOption(mode);
  }

  async startCamera(): Promise<void> {
    await this.page.getByRole('button', { name: 'Start camera' }).click();
    await expect(this.page.getByRole('button', { name: 'Stop camera' })).toBeVisible();
  }

  classCard(name: string): Locator {
    return this.page.getByRole('region', { name: `Class ${name}`, exact: true });
  }

  classCards(): Locator {
    return this.page.getByTestId('class-card');
  }

  async renameClass(index: number, name: string): Promise<void> {
    const input = this.classCards().nth(index).getByRole('textbox', { name: 'Class name' });
    await input.fill(name);
    await input.press('Enter');
    await expect(this.classCard(name)).toBeVisible();
  }

  async addClass(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Add class' }).click();
    await this.renameClass((await this.classCards().count()) - 1, name);
  }

  async sampleCount(name: string): Promise<number> {
    const text = await this.classCard(name).getByTestId('sample-count').textContent();
    return Number.parseInt(text ?? '', 10);
  }

  /** Presses and holds the class's record button with the mouse for `ms`. */
  async holdToRecord(name: string, ms: number): Promise<void> {
    const box = await this.classCard(name).getByRole('button', { name: 'Hold to record' }).boundingBox();
    if (!box) throw new Error(`No record button for ${name}`);
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await this.page.mouse.down();
    await this.page.waitForTimeout(ms);
    await this.page.mouse.up();
  }

  /**
   * Moves the keyboard focus to `target` with Tab alone, as a person without a mouse does, and fails
   * when Tab never reaches it (it is not in the tab order, or hidden behind something).
   */
  async tabTo(target: Locator, maxPresses = 400): Promise<void> {
    for (let i = 0; i < maxPresses; i += 1) {
      if (await target.evaluate((el) => el === document.activeElement)) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${target.toString()} in ${maxPresses} presses.`);
  }

  /** Everything the page's live region said since `recordAnnouncements` (see components/live-announcer.tsx). */
  async announcements(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __announced?: string[] }).__announced ?? []);
  }

  /** Starts keeping every sentence the page's polite live region says. */
  async recordAnnouncements(): Promise<void> {
    await this.page.evaluate(() => {
      const region = document.querySelector('[data-testid="announcer"]');
      if (!region) throw new Error('The page has no live region.');
      const said: string[] = [];
      (window as unknown as { __announced: string[] }).__announced = said;
      new MutationObserver(() => {
        const text = region.textContent?.trim();
        if (text) said.push(text);
      }).observe(region, { childList: true, characterData: true, subtree: true });
    });
  }

  /**
   * The same with a finger: a real touch (CDP touch events, as a touch screen sends them; Playwright's
   * `tap` cannot hold) on the button's centre for `ms`, drifting 60 px up halfway, as a finger does
   * (and as a swipe that would scroll the page does). Returns what the hold did besides recording: the
   * pointer type the button saw, pointercancels (the browser sends one when it takes a touch over
   * for scrolling), text selected and long-press menus that were not prevented.
   */
  async holdToRecordByTouch(name: string, ms: number): Promise<TouchHold> {
    this.touch ??= await this.page.context().newCDPSession(this.page);
    const button = this.classCard(name).getByRole('button', { name: 'Hold to record' });
    await button.scrollIntoViewIfNeeded();
    const box = await button.boundingBox();
    if (!box) throw new Error(`No record button for ${name}`);
    const before = await this.sampleCount(name);
    await this.page.evaluate(() => {
      const audit = { pointerTypes: [] as string[], pointerCancels: 0, contextMenus: 0, contextMenusSeen: 0 };
      (window as unknown as { holdAudit: typeof audit }).holdAudit = audit;
      document.addEventListener('pointerdown', (e) => audit.pointerTypes.push(e.pointerType), { once: true, capture: true });
      document.addEventListener('pointercancel', () => (audit.pointerCancels += 1), { capture: true });
      // Bubbling listener, after the button's own handler: counts long-press menus the page let through.
      document.addEventListener('contextmenu', (e) => {
        audit.contextMenusSeen += 1;
        audit.contextMenus += e.defaultPrevented ? 0 : 1;
      });
    });
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    await this.page.waitForTimeout(ms / 2);
    for (const dy of [20, 40, 60]) await this.touch.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y - dy }] });
    const pressedWhileHeld = (await button.getAttribute('aria-pressed')) === 'true';
    await this.page.waitForTimeout(ms / 2);
    await this.touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect(button, 'recording stops when the finger lifts').toHaveAttribute('aria-pressed', 'false');
    const audit = await this.page.evaluate(() => {
      const { pointerTypes, pointerCancels, contextMenus, contextMenusSeen } = (
        window as unknown as { holdAudit: { pointerTypes: string[]; pointerCancels: number; contextMenus: number; contextMenusSeen: number } }
      ).holdAudit;
      return { pointerType: pointerTypes[0] ?? '', pointerCancels, selectedText: String(window.getSelection() ?? ''), contextMenus, contextMenusSeen };
    });
    return { ...audit, pressedWhileHeld, added: (await this.sampleCount(name)) - before };
  }

  /** The same with the keyboard: focus the button, hold Space. */
  async holdToRecordWithKeyboard(name: string, ms: number): Promise<void> {
    await this.classCard(name).getByRole('button', { name: 'Hold to record' }).focus();
    await this.page.keyboard.down('Space');
    await this.page.waitForTimeout(ms);
    await this.page.keyboard.up('Space');
  }

  /**
   * Records each gesture while the fake camera shows it, in three passes, so every photo of the
   * gesture is among the samples about as often as the others (as a person records a gesture from a
   * few angles): with the mouse from the start of its segment, then with the keyboard over its second
   * half, then with the mouse again from 800 ms before its end. Every hold stops at least 250 ms before the
   * segment ends, so no frame of the next gesture is kept.
   */
  async recordGestures(gestures: readonly { digit: number; name: string }[], segmentMs: number): Promise<void> {
    const byMouse: Hold = (name, ms) => this.holdToRecord(name, ms);
    await this.recordGesturesWith(gestures, segmentMs, [byMouse, (name, ms) => this.holdToRecordWithKeyboard(name, ms), byMouse]);
  }

  /** `recordGestures` with a finger for every pass; resolves to what each touch hold did besides recording. */
  async recordGesturesByTouch(gestures: readonly { digit: number; name: string }[], segmentMs: number): Promise<TouchHold[]> {
    const holds: TouchHold[] = [];
    const byTouch = async (name: string, ms: number) => void holds.push(await this.holdToRecordByTouch(name, ms));
    await this.recordGesturesWith(gestures, segmentMs, [byTouch, byTouch, byTouch]);
    return holds;
  }

  private async recordGesturesWith(gestures: readonly { digit: number; name: string }[], segmentMs: number, holds: readonly [Hold, Hold, Hold]): Promise<void> {
    const passes = [
      { fromMs: 0, forMs: segmentMs - 900 },
      { fromMs: 1300, forMs: segmentMs - 1550 },
      // The last photo (the segment's last 500 ms) can only be caught between its start and the 250 ms
      // before the next segment: the second pass alone gives it a sample or two, which the validation
      // split can hold out entirely, and a head that never trained on that hand is unsure of it live
      // (seen: Five at 0.37–0.55 on its last photo, 43/51 right). This pass gives it as many as the rest.
      { fromMs: segmentMs - 800, forMs: 500 },
    ];
    for (const [i, { fromMs, forMs }] of passes.entries()) {
      for (const g of gestures) {
        await this.waitForSegmentStart(g.digit);
        await this.page.waitForTimeout(fromMs);
        await holds[i](g.name, forMs);
      }
    }
  }

  /** Presses Train once it is enabled (augmented views may still be in preparation) and waits for the model. */
  async train(timeoutMs = 300_000): Promise<void> {
    const button = this.page.getByRole('button', { name: 'Train', exact: true });
    await expect(button).toBeEnabled({ timeout: timeoutMs });
    await button.click();
    await expect(this.page.getByTestId('train-status')).toHaveAttribute('data-state', 'trained', { timeout: timeoutMs });
  }

  /** Picks the training recipe and the number of augmented views per sample. */
  async setRecipe(strategy: 'auto' | 'head-only' | 'fine-tune-top' | 'fine-tune-more', views: number): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Strategy' }).selectOption(strategy);
    await this.page.getByRole('spinbutton', { name: 'Augmented views per sample' }).fill(String(views));
  }

  /** Sets the most epochs a training run may take (in *Advanced settings*). */
  async setEpochs(epochs: number): Promise<void> {
    const details = this.page.locator('details').filter({ has: this.page.getByText('Advanced settings', { exact: true }) });
    if ((await details.getAttribute('open')) === null) await details.getByText('Advanced settings', { exact: true }).click();
    await this.page.getByRole('spinbutton', { name: /^Epochs/ }).fill(String(epochs));
  }

  /** Uploads photos into a class and waits until they are embedded (photos with no hand are skipped by the hand modes). */
  async uploadImages(name: string, files: readonly string[], timeoutMs = 180_000): Promise<void> {
    const before = await this.sampleCount(name);
    await this.page.getByLabel(`Upload images to ${name}`).setInputFiles([...files]);
    await expect.poll(() => this.sampleCount(name), { timeout: timeoutMs }).toBeGreaterThan(before);
    await expect(this.page.getByRole('progressbar')).toHaveCount(0, { timeout: timeoutMs });
  }

  /**
   * Makes the page believe its tab is hidden (or shown again): `document.visibilityState` and a
   * `visibilitychange` event, as switching tabs gives (headless Chromium never hides a page itself).
   */
  async setTabHidden(hidden: boolean): Promise<void> {
    await this.page.evaluate((h) => {
      if (h) Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      else delete (document as unknown as { visibilityState?: string }).visibilityState;
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  }

  /**
   * tf.memory().numTensors as the header shows it (polled by the page twice a second), from a reading
   * taken while no training, job or augmentation ran: work in flight holds tensors for a while, so only
   * quiet readings can be compared.
   */
  async tensorsInMemory(): Promise<number> {
    const readout = this.page.getByTestId('memory-tensors');
    await expect(readout).toHaveAttribute('data-quiet', 'true');
    return Number(await readout.getAttribute('data-value'));
  }

  async setFolder(label: 'Import dataset folder' | 'Evaluate on folder', folder: string): Promise<void> {
    await this.page.getByLabel(label).setInputFiles(folder);
  }

  /** The evaluation's confusion matrix, by its caption. */
  confusionMatrix(): Locator {
    return this.page.getByRole('table', { name: /Confusion matrix/ });
  }

  /** A count in the confusion matrix: the row of a true class, the column headed `column` (a class name or "No hand"). */
  async confusionCount(trueClass: string, column: string): Promise<number> {
    const table = this.confusionMatrix();
    const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
    const index = headers.indexOf(column);
    if (index < 0) throw new Error(`The confusion matrix has no column "${column}" (${headers.join(', ')}).`);
    const row = table.locator('tbody tr').filter({ has: this.page.getByRole('rowheader', { name: trueClass, exact: true }) });
    return Number(await row.locator('th, td').nth(index).innerText());
  }

  /** Evaluates on a labelled folder and returns the report as a person reads it: accuracy and the confusion matrix. */
  async evaluationReport(folder: string, timeoutMs = 60_000): Promise<string> {
    await this.setFolder('Evaluate on folder', folder);
    const report = this.page.locator('table').filter({ hasText: 'Confusion matrix' });
    await expect(report).toBeVisible({ timeout: timeoutMs });
    return `${await this.page.getByTestId('eval-accuracy').getAttribute('data-value')}\n${await report.innerText()}`;
  }

  /**
   * Reads the screen every 100 ms for `durationMs` and tallies, per gesture, the readings whose label
   * comes from well inside its segment: from the fifth frame the app captured after the segment was
   * first seen (the label is smoothed over frames, and the tracker may take a frame or two to follow a
   * new hand) to the segment's end. The label's frame is known by its capture time
   * (`Screen.capturedMs`), so the tally does not depend on how far the engine runs behind the camera. With `empty`, readings of that
   * marker (a frame with no hand) count as right when the app says "no hand" and names nothing.
   * `onReading` sees every reading. The misses are listed as read.
   */
  async liveAccuracy(
    gestures: readonly { digit: number; name: string }[],
    durationMs: number,
    { empty, onReading }: { empty?: number; onReading?: (screen: Screen) => void } = {},
  ): Promise<{ tally: Map<number, Tally>; misses: string[] }> {
    const settleFrames = 4;
    const labels = empty === undefined ? gestures.map((g) => g.digit) : [...gestures.map((g) => g.digit), empty];
    const tally = new Map<number, Tally>(labels.map((label) => [label, { right: 0, total: 0, lowest: 1, lowestSecondsIn: 0 }]));
    const misses: string[] = [];
    let segment: { shown: number | null; seenMs: number; firstFrame: number | null } = { shown: null, seenMs: Infinity, firstFrame: null };
    const end = Date.now() + durationMs;
    while (Date.now() < end) {
      const screen = await this.readScreen();
      onReading?.(screen);
      if (screen.shown !== segment.shown) {
        segment = { shown: screen.shown, seenMs: screen.readMs, firstFrame: null };
      } else if (screen.shown !== null && screen.capturedMs !== null && screen.capturedMs >= segment.seenMs) {
        segment.firstFrame ??= screen.frames;
        const entry = tally.get(screen.shown);
        if (entry && screen.frames - segment.firstFrame >= settleFrames) {
          const expected = screen.shown === empty ? '' : gestures.find((g) => g.digit === screen.shown)?.name;
          const right = screen.predicted === expected && (screen.shown !== empty || screen.state === 'no-hand');
          entry.total += 1;
          const secondsIn = (screen.capturedMs - segment.seenMs) / 1000;
          const bar = expected ? (screen.probabilities[expected] ?? 0) : 1;
          if (bar < entry.lowest) Object.assign(entry, { lowest: bar, lowestSecondsIn: secondsIn });
          if (right) entry.right += 1;
          else misses.push(`${expected || 'no hand'} shown (${secondsIn.toFixed(1)} s in), "${screen.predicted || 'nothing'}" predicted (${screen.state}; ${describeProbabilities(screen.probabilities)})`);
        }
      }
      await this.page.waitForTimeout(100);
    }
    return { tally, misses };
  }

  /** Reads the screen every 100 ms until the live loop has processed `frames` more frames: the first reading, then each later one. */
  async watchFrames(frames: number): Promise<{ first: Screen; later: Screen[] }> {
    const first = await this.readScreen();
    const later: Screen[] = [];
    let screen = first;
    while (screen.frames - first.frames < frames) {
      await this.page.waitForTimeout(100);
      screen = await this.readScreen();
      later.push(screen);
    }
    return { first, later };
  }

  /**
   * Reads, in one go, which gesture the fake camera shows (from the marker strip outside the square
   * the app looks at) and what the app currently predicts (its label and state: `no-hand` when no
   * hand is tracked).
   */
  async readScreen(): Promise<Screen> {
    const probe = MARKER_PROBE;
    const sample = await this.page.evaluate(({ x, y }) => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="camera-video"]');
      const read = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
      let rgb: number[] | null = null;
      if (video && video.videoWidth > 0) {
        const canvas = document.createElement('canvas');
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
        ctx.drawImage(video, 0, 0);
        rgb = Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3));
      }
      const fired = Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('[data-testid="fired-count"]')].map((el) => [el.dataset.class ?? '', Number(el.dataset.firedCount)]),
      );
      const captured = read('prediction')?.dataset.capturedMs;
      const probabilities = Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('[data-testid="class-probability"]')].map((el) => [el.dataset.class ?? '', Number(el.dataset.probability)]),
      );
      return {
        rgb,
        readMs: performance.now(),
        capturedMs: captured ? Number(captured) : null,
        predicted: read('prediction')?.dataset.label ?? '',
        state: read('prediction')?.dataset.state ?? '',
        tensors: Number(read('tensor-count')?.textContent ?? 'NaN'),
        frames: Number(read('frame-count')?.textContent ?? 'NaN'),
        fired,
        probabilities,
        ring: read('charging-ring')?.dataset.state ?? '',
      };
    }, probe);
    const { rgb, ...read } = sample;
    return { ...read, shown: rgb ? markerLabelFromRgb(rgb[0], rgb[1], rgb[2]) : null };
  }

  /** Gives a class's gesture an action, by the picker's wording ("Play “Chime”", "Next slide"…). */
  async chooseAction(className: string, action: string): Promise<void> {
    await this.page.getByRole('combobox', { name: `Action for ${className}`, exact: true }).selectOption({ label: action });
  }

  /** Waits until the camera switches to showing `label` (a fresh segment start). */
  async waitForSegmentStart(label: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let previous = await this.readScreen();
    while (Date.now() < deadline) {
      const now = await this.readScreen();
      if (now.shown === label && previous.shown !== label) return;
      previous = now;
      await this.page.waitForTimeout(30);
    }
    throw new Error(`The fake camera never switched to gesture ${label}.`);
  }
}

/** One look at the studio with the fake camera on (see `StudioPage.readScreen`). */
/**
 * One label's readings in `liveAccuracy`: how many were right, and the lowest live bar the right class
 * had (how close it came to "unknown"), with how far into its segment that frame was captured.
 */
export interface Tally {
  right: number;
  total: number;
  lowest: number;
  lowestSecondsIn: number;
}

export interface Screen {
  readonly shown: number | null;
  /** When this reading was taken (performance.now()). */
  readonly readMs: number;
  /** When the frame behind the label was captured (performance.now()); null before the first frame. */
  readonly capturedMs: number | null;
  readonly predicted: string;
  readonly state: string;
  readonly tensors: number;
  readonly frames: number;
  /** The live bars: each class's smoothed probability. */
  readonly probabilities: Readonly<Record<string, number>>;
  /** Gesture actions fired, per class name, as the actions panel counts them. */
  readonly fired: Readonly<Record<string, number>>;
  /** The charging ring's phase: idle, charging, cooldown or fired. */
  readonly ring: string;
}

/** "46/50 = 0.920, the right bar at least 0.41 (2.7 s in)": a label's readings, for a spec's log. */
export function describeTally({ right, total, lowest, lowestSecondsIn }: Tally): string {
  return `${right}/${total} = ${(right / total).toFixed(3)}, the right bar at least ${lowest.toFixed(2)} (${lowestSecondsIn.toFixed(1)} s in)`;
}

/** "Five 0.52, Two 0.41, Zero 0.07": the live bars, most likely first. */
function describeProbabilities(probabilities: Readonly<Record<string, number>>): string {
  return Object.entries(probabilities)
    .sort(([, a], [, b]) => b - a)
    .map(([name, p]) => `${name} ${p.toFixed(2)}`)
    .join(', ');
}
