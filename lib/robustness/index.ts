export * from './summary';
export * from './subset';
