export {
  ExportError,
  exportModelBundle,
  exportTrainedModel,
  fetchModelFiles,
  modelBundleFileName,
  type ExportErrorKind,
  type ExportModelBundleRequest,
  type ExportTrainedModelOptions,
  type ModelFileReader,
  type SavableHead,
} from './bundle';
export {
  BACKBONE_SOURCES,
  LANDMARK_FEATURES_VERSION,
  MODEL_BUNDLE_FORMAT,
  MODEL_BUNDLE_FORMAT_VERSION,
  type ModelBundleMetadata,
} from './metadata';
