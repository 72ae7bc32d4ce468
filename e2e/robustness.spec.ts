import { expect, test } from './fixtures';
import { hasSignDigits, listClassImages, seededShuffle, SKIP_REASON } from './support/sign-digits';

test.skip(!hasSignDigits(), `Skipped: ${SKIP_REASON}.`);

const CLASSES = [
  { digit: '0', name: 'Zero' },
  { digit: '2', name: 'Two' },
  { digit: '5', name: 'Five' },
] as const;
const PHOTOS_PER_CLASS = 10;
const GROUPS = ['backgrounds', 'position', 'turned', 'light'];

test('robustness check: after training, the model on its own samples moved into other scenes, in one sentence, without leaking tensors, and Cancel stops it', async ({ studio, page }, testInfo) => {
  await studio.open('fused');
  await studio.renameClass(0, CLASSES[0].name);
  await studio.renameClass(1, CLASSES[1].name);
  await studio.addClass(CLASSES[2].name);
  for (const { digit, name } of CLASSES) {
    await studio.uploadImages(name, seededShuffle(listClassImages(digit), 17).slice(0, PHOTOS_PER_CLASS));
    console.log(`uploaded ${PHOTOS_PER_CLASS} photos of ${digit} into ${name}: ${await studio.sampleCount(name)} samples with a hand found`);
  }
  await studio.setRecipe('head-only', 0);
  await studio.setEpochs(20);
  await studio.train();
  // The fused default drops the image from half of the rows so the landmarks carry the label too.
  await expect(page.getByTestId('tips-summary')).toContainText('Used: Trained on 50% of the samples a second time with the image dropped');

  const panel = page.getByRole('region', { name: 'Robustness' });
  const status = panel.getByTestId('robustness-status');
  const check = panel.getByRole('button', { name: 'Check robustness' });
  await expect(status).toHaveAttribute('data-state', 'idle');

  await test.step('the check shows its progress, then one sentence with the drop and accuracy per group', async () => {
    await check.click();
    await expect(panel.getByRole('progressbar', { name: 'Checking robustness' })).toBeVisible();
    await expect(status).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
    const summary = panel.getByTestId('robustness-summary');
    const sentence = (await summary.textContent()) ?? '';
    console.log(`robustness sentence: ${sentence}`);
    expect(sentence).toMatch(/^On your samples .+ the model is right (at least )?\d+% of the time/);
    const drop = Number(await summary.getAttribute('data-drop'));
    expect(Number.isInteger(drop) && drop >= 0 && drop <= 100).toBe(true);
    const worst = await summary.getAttribute('data-worst');
    // The sentence names a fix exactly when it reports a drop of more than a few points.
    if (drop > 5) {
      expect(GROUPS).toContain(worst);
      expect(sentence).toMatch(/instead of \d+%\. Record a few samples .+\.$/);
    } else {
      expect(worst).toBe('');
      expect(sentence).toContain('it should hold up in other rooms and light.');
    }

    const original = Number(await panel.getByTestId('robustness-original').getAttribute('data-accuracy'));
    const rows = panel.getByTestId('robustness-row');
    await expect(rows).toHaveCount(GROUPS.length);
    const figures: string[] = [`as they are ${original}`];
    const accuracies = new Map<string, number>();
    for (const row of await rows.all()) {
      const group = (await row.getAttribute('data-group')) as string;
      const accuracy = Number(await row.getAttribute('data-accuracy'));
      accuracies.set(group, accuracy);
      figures.push(`${group} ${accuracy}`);
      expect(accuracy).toBeGreaterThanOrEqual(0);
      expect(accuracy).toBeLessThanOrEqual(1);
    }
    console.log(`robustness figures: ${figures.join(', ')}; drop ${drop} points, worst ${worst || 'none'}`);
    expect(original).toBeGreaterThanOrEqual(0);
    expect(original).toBeLessThanOrEqual(1);
    expect([...accuracies.keys()]).toEqual(GROUPS);
    // The drop is the samples' whole percentage less the lowest group's, as the sentence shows them.
    const lowest = Math.min(...accuracies.values());
    expect(drop).toBe(Math.max(0, Math.round(original * 100) - Math.round(lowest * 100)));
    if (worst) expect(Math.round((accuracies.get(worst) as number) * 100)).toBe(Math.round(lowest * 100));

    // Per condition, from the keyboard.
    const conditions = panel.getByTestId('robustness-condition');
    await expect(conditions.first()).toBeHidden();
    await panel.getByText('Each condition', { exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect(conditions.first()).toBeVisible();
    expect(await conditions.count()).toBe(15);
    const perCondition: string[] = [];
    for (const row of await conditions.all()) {
      const accuracy = Number(await row.getAttribute('data-accuracy'));
      expect(accuracy).toBeGreaterThanOrEqual(0);
      expect(accuracy).toBeLessThanOrEqual(1);
      perCondition.push(`${await row.getAttribute('data-condition')} ${accuracy.toFixed(2)}`);
    }
    console.log(`per condition: ${perCondition.join(', ')}`);
    const shot = testInfo.outputPath('robustness-panel.png');
    await page.getByTestId('tips-summary').screenshot({ path: shot });
    console.log(`screenshot of the panel: ${shot}`);
  });

  // A quiet reading after one whole check: what a check makes it frees, so a second one ends where it began.
  // (A reading right after training is not a baseline: the studio's copies of a new model settle in the
  // second after it, which the quiet flag does not yet cover — see the closing note of part 8.)
  const tensorsBefore = await studio.tensorsInMemory();

  await test.step('every tensor the check made is freed: a second check ends where it began', async () => {
    await check.click();
    await expect(status).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
    await expect.poll(() => studio.tensorsInMemory()).toBe(tensorsBefore);
    console.log(`numTensors before the second check ${tensorsBefore}, after ${await studio.tensorsInMemory()}`);
  });

  await test.step('Cancel stops a check under way and frees its tensors', async () => {
    await check.click();
    const progress = panel.getByRole('progressbar', { name: 'Checking robustness' });
    await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);
    await panel.getByRole('button', { name: 'Cancel check' }).click();
    await expect(status).toHaveAttribute('data-state', 'cancelled');
    await expect(status).toHaveText('The check was cancelled.');
    await expect(progress).toHaveCount(0);
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expect(check).toBeEnabled();
    await expect.poll(() => studio.tensorsInMemory()).toBe(tensorsBefore);
    await expect(status).toHaveAttribute('data-state', 'cancelled');
  });
});
