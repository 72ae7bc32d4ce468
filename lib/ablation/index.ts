export * from './run-ablation';
export * from './hand-focus';
export * from './robustness';
export * from './recall';
export * from './recall-table';
