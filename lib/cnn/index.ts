export * from './arithmetic';
export * from './convolve';
export * from './format';
export * from './layers';
export * from './mobilenet';
export * from './head';
export * from './classic-nets';
export * from './googlenet';
