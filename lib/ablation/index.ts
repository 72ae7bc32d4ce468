export * from './run-ablation';
