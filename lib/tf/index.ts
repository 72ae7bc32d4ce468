export * from './renderer';
export * from './backends';
export * from './context-loss';
export * from './backend-lifetime';
export * from './wasm-threads';
export { WASM_PATH, WASM_BUNDLE } from './wasm-backend';
