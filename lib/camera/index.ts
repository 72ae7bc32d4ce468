export * from './camera-error';
export * from './camera';
