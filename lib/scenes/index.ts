export * from './outline';
export * from './plan';
export * from './backgrounds';
export * from './render';
