export * from './infer';
export * from './smoothing';
export * from './rate-meter';
