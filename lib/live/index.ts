export * from './capture-clock';
export * from './frame-processor';
export * from './live-loop';
export * from './video-frames';
