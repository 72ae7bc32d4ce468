export * from './controller';
export * from './gate';
export * from './motion-controller';
