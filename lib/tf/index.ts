export * from './renderer';
export * from './backends';
export * from './context-loss';
