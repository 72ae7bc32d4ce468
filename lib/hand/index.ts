export * from './landmarks';
export * from './landmark-features';
export * from './crop-box';
export * from './hand-focus';
export * from './still-views';
export * from './still-search';
export * from './video-recovery';
export * from './hand-tracker';
