export * from './dataset';
export * from './folders';
