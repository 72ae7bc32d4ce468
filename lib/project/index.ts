export * from './project-file';
export { ProjectFileError, type ProjectFileErrorKind } from './project-error';
export * from './limits';
export { layersModelFiles } from './file-parts';
export { createStoredZip, isSafeEntryName, openZip, type ZipEntry, type ZipInput, type ZipReader } from './zip';
export {
  PROJECT_FORMAT,
  PROJECT_FORMAT_VERSION,
  MANIFEST_PATH,
  EMBEDDINGS_PATH,
  LANDMARKS_PATH,
  HEAD_MODEL_PATH,
  HEAD_WEIGHTS_PATH,
  SAMPLES_DIR,
  SAFE_ID,
  MAX_PROJECT_NAME_LENGTH,
  type ProjectManifest,
  type ProjectSettings,
  type ManifestClass,
  type ManifestSample,
  type ManifestHead,
  type VectorBlock,
} from './manifest';
export {
  MOTIONS_FORMAT_VERSION,
  MOTION_CLIPS_PATH,
  MOTION_MODEL_PATH,
  MOTION_WEIGHTS_PATH,
  type ManifestMotions,
  type ManifestMotionClass,
  type ManifestClip,
  type ManifestMotionModel,
} from './motion-manifest';
