export * from './renderer';
export * from './backends';
