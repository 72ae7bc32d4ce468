export * from './camera-error';
export * from './camera';
export * from './facing';
