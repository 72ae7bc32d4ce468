export * from './backbone-info';
export * from './backbone';
