export * from './embed-files';
