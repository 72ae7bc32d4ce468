export * from './trigger';
export * from './actions';
export * from './fired-log';
export { createSoundPlayer, SOUND_VOICES, type SoundPlayer, type Voice } from './sounds';
export { canSpeak, NO_SPEECH_MESSAGE, speak } from './speech';
export { MAX_SLIDE_SIDE, slideFromFile } from './slide-image';
