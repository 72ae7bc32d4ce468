import { headFeatures, type InputMode } from '../dataset';
import { proposeStrategy, STRATEGY_LABELS, STRATEGY_THRESHOLDS, type Strategy, type StrategyKind } from '../train';

export type StrategyChoice = 'auto' | StrategyKind;

/** Smallest-class sizes that make `proposeStrategy` pick each kind: used to take its layer lists. */
const TEMPLATE_COUNTS: Readonly<Record<StrategyKind, number>> = {
  'head-only': 0,
  'fine-tune-top': STRATEGY_THRESHOLDS.fineTuneTop,
  'fine-tune-more': STRATEGY_THRESHOLDS.fineTuneMore,
};

/**
 * The proposed strategy, or the one the person chose instead, with a sentence saying which. Modes
 * that read landmarks train the head only: fine-tuning learns from pixels, and the fused head's image
 * half is the frozen backbone's embedding.
 */
export function chooseStrategy(choice: StrategyChoice, samplesPerClass: readonly number[], mode: InputMode = 'frame'): Strategy {
  if (headFeatures(mode).landmarks) {
    return {
      ...strategyOfKind('head-only'),
      reason: 'This input mode uses hand landmarks, so only a new head trains (on the frozen backbone’s embedding and the landmarks); pick “Hand crop” or “Whole frame” to fine-tune the network.',
    };
  }
  const proposed = proposeStrategy(samplesPerClass);
  if (choice === 'auto' || choice === proposed.kind) return proposed;
  const template = strategyOfKind(choice);
  return {
    ...template,
    reason: `You chose "${STRATEGY_LABELS[choice]}" instead of the proposal ("${STRATEGY_LABELS[proposed.kind]}", because ${lowerFirst(proposed.reason)})`,
  };
}

/** The recipe of `kind` as the proposal would describe it (its layers and block count). */
export function strategyOfKind(kind: StrategyKind): Strategy {
  return proposeStrategy([TEMPLATE_COUNTS[kind]]);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
