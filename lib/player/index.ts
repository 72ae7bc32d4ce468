export * from './read-bundle';
export * from './player-controller';
export * from './handoff';
export * from './motion-feed';
