export * from './crop';
export * from './canvas';
export * from './pixels';
export * from './image-format';
