export * from './renderer';
export * from './backends';
export * from './context-loss';
export * from './backend-lifetime';
