export * from './random';
export * from './split';
export * from './head';
export * from './train-head';
