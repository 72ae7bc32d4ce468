import { expect, test } from './fixtures';
import { launchOptions } from './support/browser';
import { fakeCameraArgs, GESTURE_VIDEO } from './support/camera-videos';
import { hasSignDigits, SKIP_REASON } from './support/sign-digits';

test.skip(!hasSignDigits(), `Skipped: ${SKIP_REASON}.`);
test.use({ launchOptions: launchOptions(fakeCameraArgs(GESTURE_VIDEO)) });

test('inside the network: the backbone layer by layer, checked against the model, and live feature maps that follow the camera without leaking', async ({ studio, page }) => {
  await studio.open();
  await studio.startCamera();
  // Untrained, in whole-frame mode, the live loop makes no tensors: the count only moves for the panel.
  await page.waitForTimeout(1500);
  const tensorsBefore = await studio.tensorsInMemory();

  const toggle = page.getByRole('button', { name: /Inside the network/ });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');

  await test.step('the architecture view lists MobileNet v1 0.25 with the numbers of its formulas, and they match the loaded model', async () => {
    await expect(page.getByRole('tab', { name: 'Architecture' })).toHaveAttribute('aria-selected', 'true');
    // The Keras model loads when the section opens; then every computed row is compared with its layer.
    const check = page.getByTestId('architecture-check');
    await expect(check).toHaveAttribute('data-state', 'checked', { timeout: 60_000 });
    const total = await check.getAttribute('data-total');
    expect(Number(total)).toBe(87);
    await expect(check).toHaveAttribute('data-matched', total as string);
    console.log(`architecture check: ${await check.textContent()}`);
    const table = page.getByTestId('architecture-table');
    const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    // conv_dw_13: 3x3 depthwise over 256 channels at 7x7; conv_pw_13: 1x1, 256 → 256.
    await expect(row('conv_dw_13').getByRole('cell')).toHaveText(['DepthwiseConv2D', '3x3', '1', 'same (P=1)', '7x7x256', '7x7x256', '2,304', '112,896', '✓']);
    await expect(row('conv_pw_13').getByRole('cell')).toHaveText(['Conv2D', '1x1', '1', 'same (P=0)', '7x7x256', '7x7x256', '65,536', '3,211,264', '✓']);
    await expect(row('conv1').getByRole('cell').nth(5)).toHaveText('112x112x8');
    // Keras's MobileNet v1 0.25 with its ImageNet classifier: 475,544 parameters (batch-norm statistics included).
    await expect(table).toHaveAttribute('data-total-params', '475544');
    // Block 13's separable pair against a standard 3x3 convolution 256 → 256 at 7x7: 1/256 + 1/9 of its cost.
    const block13 = page.getByTestId('separable-savings').locator('tr[data-block="13"]');
    await expect(block13.getByRole('cell')).toHaveText(['112,896', '3,211,264', '28,901,376', '8.7x fewer', '589,824', '8.7x fewer']);
  });

  await test.step('the tabs follow the arrow keys', async () => {
    await page.getByRole('tab', { name: 'Architecture' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Feature maps' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tab', { name: 'Feature maps' })).toBeFocused();
  });

  const grid = page.getByTestId('feature-grid');
  await test.step('the feature-map grid shows 16 channels of the chosen layer and changes when the camera frame changes', async () => {
    await grid.scrollIntoViewIfNeeded();
    await page.getByRole('combobox', { name: 'Layer' }).selectOption('conv_pw_13_relu');
    await expect(grid).toHaveAttribute('aria-label', 'Strongest channels of conv_pw_13_relu');
    await expect.poll(async () => Number(await grid.getAttribute('data-updates')), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    await expect(grid.locator('canvas')).toHaveCount(16);
    await page.getByRole('combobox', { name: 'Layer' }).selectOption('conv_dw_2_relu');
    const signatures = new Set<string>();
    const start = Number(await grid.getAttribute('data-updates'));
    const end = Date.now() + 6000;
    while (Date.now() < end) {
      const signature = await grid.getAttribute('data-signature');
      if (signature) signatures.add(signature);
      await page.waitForTimeout(150);
    }
    const updates = Number(await grid.getAttribute('data-updates')) - start;
    console.log(`feature maps over 6 s: ${updates} updates, ${signatures.size} different grids`);
    expect(updates).toBeGreaterThanOrEqual(5);
    // The fake camera shows a new photo every 0.5 s: the maps must follow it.
    expect(signatures.size).toBeGreaterThanOrEqual(3);
  });

  await test.step('tensor memory stays flat while the maps update', async () => {
    const readings: number[] = [];
    const updatesAtStart = Number(await grid.getAttribute('data-updates'));
    for (let i = 0; i < 6; i += 1) {
      await page.waitForTimeout(1000);
      readings.push(Number(await page.getByTestId('feature-tensors').getAttribute('data-value')));
    }
    const updates = Number(await grid.getAttribute('data-updates')) - updatesAtStart;
    console.log(`numTensors after feature-map updates, once a second: ${readings.join(', ')} (${updates} updates meanwhile)`);
    expect(updates).toBeGreaterThanOrEqual(5);
    expect(new Set(readings).size).toBe(1);
  });

  await test.step('the maps pause while the grid is scrolled away or the tab hidden, and resume after', async () => {
    const updates = async () => Number(await grid.getAttribute('data-updates'));
    const gainedOver = async (ms: number) => {
      await page.waitForTimeout(600); // an update in flight may still land
      const before = await updates();
      await page.waitForTimeout(ms);
      return (await updates()) - before;
    };
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(grid).not.toBeInViewport();
    expect(await gainedOver(2000)).toBe(0);
    await grid.scrollIntoViewIfNeeded();
    const scrolledBack = await updates();
    await expect.poll(updates).toBeGreaterThan(scrolledBack);

    await studio.setTabHidden(true);
    expect(await gainedOver(2000)).toBe(0);
    await studio.setTabHidden(false);
    const shown = await updates();
    await expect.poll(updates).toBeGreaterThan(shown);
  });

  await test.step('closing the section frees the model it loaded', async () => {
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect.poll(() => studio.tensorsInMemory(), { timeout: 10_000 }).toBe(tensorsBefore);
    console.log(`numTensors before opening and after closing: ${tensorsBefore}`);
  });

  await test.step('a recorded sample gives one grid that stays put, and another sample another grid', async () => {
    await studio.classCard('Class 1').getByRole('button', { name: 'Hold to record' }).scrollIntoViewIfNeeded();
    await studio.holdToRecord('Class 1', 2500);
    await expect.poll(() => studio.sampleCount('Class 1')).toBeGreaterThanOrEqual(5);
    await toggle.click();
    await page.getByRole('tab', { name: 'Feature maps' }).click();
    await grid.scrollIntoViewIfNeeded();
    await page.getByRole('radio', { name: 'Sample' }).check();
    const sample = page.getByRole('combobox', { name: 'Sample' });
    await expect(sample).toBeVisible();
    await expect(grid).toHaveAttribute('data-updates', '1');
    const first = await grid.getAttribute('data-signature');
    await page.waitForTimeout(2000);
    await expect(grid).toHaveAttribute('data-updates', '1');
    await expect(grid).toHaveAttribute('data-signature', first as string);
    const options = await sample.locator('option').allTextContents();
    await sample.selectOption({ label: options[options.length - 1] });
    await expect(grid).toHaveAttribute('data-updates', '1');
    await expect(grid).not.toHaveAttribute('data-signature', first as string);
    console.log(`samples ${options[0]} and ${options[options.length - 1]}: grids ${first} and ${await grid.getAttribute('data-signature')}`);
  });

  await test.step('after training, the architecture view shows the trained head: 256 → 100 ReLU → 2 softmax', async () => {
    await studio.classCard('Class 2').getByRole('button', { name: 'Hold to record' }).scrollIntoViewIfNeeded();
    await studio.holdToRecord('Class 2', 2500);
    await expect.poll(() => studio.sampleCount('Class 2')).toBeGreaterThanOrEqual(5);
    await studio.setRecipe('head-only', 0);
    await studio.train();
    await page.getByRole('tab', { name: 'Architecture' }).click();
    const head = page.getByTestId('head-table');
    // 256 x 100 weights + 100 biases, then 100 x 2 + 2.
    await expect(head).toHaveAttribute('data-total-params', String(256 * 100 + 100 + 100 * 2 + 2));
    await expect(head.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'output (softmax)' }) }).getByTestId('output-shape')).toHaveText('2');
  });

  await test.step('switching to MobileNet v1 0.75 shows and checks its own table', async () => {
    await page.getByRole('combobox', { name: 'Backbone' }).selectOption('mobilenet_v1_075');
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    const table = page.getByTestId('architecture-table');
    await expect(table).toHaveAttribute('data-total-params', '2601976');
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'conv_pw_13', exact: true }) });
    await expect(row.getByTestId('output-shape')).toHaveText('7x7x768');
    const check = page.getByTestId('architecture-check');
    await expect(check).toHaveAttribute('data-state', 'checked', { timeout: 60_000 });
    await expect(check).toHaveAttribute('data-matched', '87');
  });
});
