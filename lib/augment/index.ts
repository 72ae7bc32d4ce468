export * from './settings';
export * from './augment-image';
