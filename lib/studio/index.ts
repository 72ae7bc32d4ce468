export * from './controller';
export * from './gate';
