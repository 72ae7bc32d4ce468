/**
 * Which transfer-learning recipe fits how much data there is. The less data, the fewer weights can be
 * fitted without overfitting: a tiny set trains only a new head on the frozen backbone; more data can
 * afford to adapt the backbone's last blocks too, slowly, so they keep what ImageNet taught them.
 */
export type StrategyKind = 'head-only' | 'fine-tune-top' | 'fine-tune-more';

export interface Strategy {
  readonly kind: StrategyKind;
  /** How many of MobileNet v1's last depthwise-separable blocks train along with the head. */
  readonly trainableBlocks: 0 | 1 | 2;
  /** One plain sentence for the user, naming the sample count it is based on. */
  readonly reason: string;
  /** Keras MobileNet v1 layer names (the ones with weights) that train, then 'head'. */
  readonly trainableLayers: readonly string[];
}

/** Smallest-class sizes at which fine-tuning one, then two, backbone blocks starts to pay off. */
export const STRATEGY_THRESHOLDS = { fineTuneTop: 40, fineTuneMore: 150 } as const;

/** Unfrozen backbone layers train at the head's learning rate times this, so they move only a little. */
export const FINE_TUNE_LEARNING_RATE_FACTOR = 0.1;

export const STRATEGY_LABELS: Readonly<Record<StrategyKind, string>> = {
  'head-only': 'Train a new head only',
  'fine-tune-top': 'Fine-tune the last block',
  'fine-tune-more': 'Fine-tune the last two blocks',
};

/** The layers with weights in one MobileNet v1 block: depthwise conv, its batch norm, pointwise conv, its batch norm. */
function blockLayers(block: number): string[] {
  return [`conv_dw_${block}`, `conv_dw_${block}_bn`, `conv_pw_${block}`, `conv_pw_${block}_bn`];
}

/**
 * Proposes a strategy from the number of samples in each class, judged by the smallest class (the one
 * that overfits first). No classes count as no data. Throws a RangeError for a count that is not a
 * whole number, 0 or more.
 */
export function proposeStrategy(samplesPerClass: readonly number[]): Strategy {
  for (const n of samplesPerClass) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Sample counts must be whole numbers, 0 or more (got ${n}).`);
  }
  if (samplesPerClass.length === 0) {
    return {
      kind: 'head-only',
      trainableBlocks: 0,
      reason: 'There are no samples yet: start by freezing the whole pretrained network and training only a new head, the safest choice for little data.',
      trainableLayers: ['head'],
    };
  }
  const smallest = Math.min(...samplesPerClass);
  const counted = `Your smallest class has ${smallest} ${smallest === 1 ? 'sample' : 'samples'}`;
  if (smallest < STRATEGY_THRESHOLDS.fineTuneTop) {
    return {
      kind: 'head-only',
      trainableBlocks: 0,
      reason: `${counted}: with so little data, freeze the whole pretrained network and train only a new head (fewer weights to fit, less overfitting).`,
      trainableLayers: ['head'],
    };
  }
  if (smallest < STRATEGY_THRESHOLDS.fineTuneMore) {
    return {
      kind: 'fine-tune-top',
      trainableBlocks: 1,
      reason: `${counted}: enough to also fine-tune the network's last block at a learning rate 10 times lower than the head's, so its features adapt to your gestures without forgetting what they learned.`,
      trainableLayers: [...blockLayers(13), 'head'],
    };
  }
  return {
    kind: 'fine-tune-more',
    trainableBlocks: 2,
    reason: `${counted}: enough to fine-tune the network's last two blocks at a learning rate 10 times lower than the head's, so more of its features adapt to your gestures.`,
    trainableLayers: [...blockLayers(12), ...blockLayers(13), 'head'],
  };
}
