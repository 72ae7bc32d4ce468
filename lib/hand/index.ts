export * from './landmarks';
export * from './landmark-features';
export * from './crop-box';
export * from './hand-focus';
export * from './hand-tracker';
