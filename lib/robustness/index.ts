export * from './summary';
export * from './subset';
export * from './run-check';
