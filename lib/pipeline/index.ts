export * from './train-model';
export * from './choose-strategy';
export * from './evaluate-files';
export * from './saved-model';
