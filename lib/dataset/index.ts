export * from './dataset';
export * from './folders';
export * from './input-mode';
export * from './arrivals';
