import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStubMobileNet } from '../finetune/test-models';
import { checkAgainstModel, measureLayers } from './model-layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('measureLayers and checkAgainstModel', () => {
  it('reads every layer of the model and checks computed rows by name, shape and parameters', () => {
    const model = createStubMobileNet();
    const measured = measureLayers(model);
    model.dispose();
    expect(measured.find((l) => l.name === 'conv1')).toEqual({ name: 'conv1', type: 'Conv2D', outputShape: [8, 8, 8], params: 3 * 3 * 3 * 8 });
    expect(measured.find((l) => l.name === 'conv1_bn')).toMatchObject({ type: 'BatchNormalization', params: 4 * 8 });

    const checks = checkAgainstModel(
      [
        { name: 'conv1', outputShape: [8, 8, 8], params: 216 },
        { name: 'conv_dw_11', outputShape: [8, 8, 8], params: 999 },
        { name: 'conv_pw_12', outputShape: [4, 4], params: 8 * 16 },
        { name: 'conv_pw_99', outputShape: [1], params: 0 },
      ],
      measured,
    );
    expect(checks.get('conv1')).toEqual({ status: 'match' });
    expect(checks.get('conv_dw_11')).toMatchObject({ status: 'mismatch', actual: { params: 72 } });
    expect(checks.get('conv_pw_12')).toMatchObject({ status: 'mismatch', actual: { outputShape: [4, 4, 16] } });
    expect(checks.get('conv_pw_99')).toEqual({ status: 'absent' });
  });
});
