export {
  cutActivations,
  cutLayerName,
  loadSplitBackbone,
  splitLayersModel,
  type LayersAlpha,
  type LoadSplitBackboneOptions,
  type SplitBackbone,
  type SplitOptions,
  type TrainableBlocks,
} from './split-backbone';
export type { FineTuneSet } from './samples';
export {
  BACKBONE_LEARNING_RATE_LIMITS,
  fineTune,
  loadFineTunedClassifier,
  resolveFineTuneParams,
  type FineTuneCallbacks,
  type FineTunedClassifier,
  type FineTuneParams,
  type FineTuneResult,
} from './fine-tune';
