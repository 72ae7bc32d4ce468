export * from './random';
export * from './split';
export * from './head';
export * from './train-head';
export * from './early-stopping';
export * from './schedule';
export * from './strategy';
export * from './fit-classifier';
