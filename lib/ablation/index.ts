export * from './run-ablation';
export * from './hand-focus';
export * from './robustness';
