export * from './protocol';
export * from './connect';
export type { EngineEvent } from './engine';
export * from './job';
