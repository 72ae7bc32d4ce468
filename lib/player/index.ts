export * from './read-bundle';
