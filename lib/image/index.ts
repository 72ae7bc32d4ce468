export * from './crop';
export * from './canvas';
