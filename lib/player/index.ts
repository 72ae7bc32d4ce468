export * from './read-bundle';
export * from './player-controller';
export * from './handoff';
