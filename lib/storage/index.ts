export {
  openProjectStore,
  uniqueProjectName,
  checkedName as checkProjectName,
  DATABASE_VERSION,
  DEFAULT_DATABASE_NAME,
  type ProjectStore,
  type ProjectSummary,
  type ProjectContent,
  type ProjectChanges,
  type StoredProject,
  type StoredHead,
  type ClassSample,
  type ClassClip,
  type OpenProjectStoreOptions,
} from './project-store';
export { StorageError, toStorageError, QUOTA_MESSAGE, UNAVAILABLE_MESSAGE, type StorageErrorKind } from './storage-error';
