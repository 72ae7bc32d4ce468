export * from './stats';
export * from './bench-result';
export * from './synthetic-set';
export * from './synthetic-frame';
export * from './run-bench';
export * from './hand-frame';
