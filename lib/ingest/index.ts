export * from './embed-files';
export * from './augment-views';
