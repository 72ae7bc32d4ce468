export * from './use-backbone';
export * from './use-camera';
export * from './use-training';
export * from './use-live-loop';
export * from './live-store';
export * from './use-job';
export * from './use-augmentation';
export * from './use-tensor-count';
