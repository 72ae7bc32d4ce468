import { proposeStrategy, STRATEGY_LABELS, STRATEGY_THRESHOLDS, type Strategy, type StrategyKind } from '../train';

export type StrategyChoice = 'auto' | StrategyKind;

/** Smallest-class sizes that make `proposeStrategy` pick each kind: used to take its layer lists. */
const TEMPLATE_COUNTS: Readonly<Record<StrategyKind, number>> = {
  'head-only': 0,
  'fine-tune-top': STRATEGY_THRESHOLDS.fineTuneTop,
  'fine-tune-more': STRATEGY_THRESHOLDS.fineTuneMore,
};

/** The proposed strategy, or the one the person chose instead, with a sentence saying which. */
export function chooseStrategy(choice: StrategyChoice, samplesPerClass: readonly number[]): Strategy {
  const proposed = proposeStrategy(samplesPerClass);
  if (choice === 'auto' || choice === proposed.kind) return proposed;
  const template = proposeStrategy([TEMPLATE_COUNTS[choice]]);
  return {
    ...template,
    reason: `You chose "${STRATEGY_LABELS[choice]}" instead of the proposal ("${STRATEGY_LABELS[proposed.kind]}", because ${lowerFirst(proposed.reason)})`,
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
