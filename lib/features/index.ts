export * from './feature-probe';
export * from './load-feature-probe';
export * from './signature';
export * from './colour-map';
export * from './model-layers';
export * from './head-shape';
export * from './frame-pixels';
