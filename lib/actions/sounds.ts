import type { SoundId } from './actions';

/**
 * One voice of a sound: an oscillator gliding from `from` to `to` Hz (or white noise through a band
 * filter gliding so), starting `at` seconds in, fading out over `seconds`.
 */
export interface Voice {
  readonly source: OscillatorType | 'noise';
  readonly from: number;
  readonly to: number;
  readonly at: number;
  readonly seconds: number;
  /** Peak gain, 0..1. */
  readonly gain: number;
}

/** Each sound is a few voices: short, distinct, and made in the page (nothing is fetched). */
export const SOUND_VOICES: Readonly<Record<SoundId, readonly Voice[]>> = {
  chime: [
    { source: 'sine', from: 880, to: 880, at: 0, seconds: 0.5, gain: 0.3 },
    { source: 'sine', from: 1318.5, to: 1318.5, at: 0.09, seconds: 0.6, gain: 0.25 },
  ],
  pop: [{ source: 'sine', from: 700, to: 160, at: 0, seconds: 0.12, gain: 0.5 }],
  beep: [{ source: 'square', from: 988, to: 988, at: 0, seconds: 0.16, gain: 0.12 }],
  drum: [
    { source: 'sine', from: 160, to: 45, at: 0, seconds: 0.35, gain: 0.9 },
    { source: 'noise', from: 1200, to: 600, at: 0, seconds: 0.06, gain: 0.25 },
  ],
  whoosh: [{ source: 'noise', from: 300, to: 3200, at: 0, seconds: 0.45, gain: 0.5 }],
};

const ATTACK_SECONDS = 0.005;

export interface SoundPlayer {
  /** Plays `sound` now; rejects with a sentence when this browser cannot play sounds. */
  play(sound: SoundId): Promise<void>;
  close(): void;
}

/**
 * Web Audio synthesiser. Browser-only. The `AudioContext` is made on first use, after the person has
 * clicked or pressed a key in the page (browsers keep sound off until then).
 */
export function createSoundPlayer(): SoundPlayer {
  let context: AudioContext | null = null;
  let noise: AudioBuffer | null = null;
  return {
    async play(sound) {
      if (typeof AudioContext === 'undefined') throw new Error('This browser cannot play sounds (it has no Web Audio).');
      if (navigator.userActivation && !navigator.userActivation.hasBeenActive) {
        throw new Error('Sounds play once you have clicked or pressed a key in the page.');
      }
      context ??= new AudioContext();
      if (context.state === 'suspended') await context.resume();
      if (context.state !== 'running') throw new Error('The browser did not let the page play sound.');
      noise ??= whiteNoise(context);
      const start = context.currentTime;
      for (const voice of SOUND_VOICES[sound]) playVoice(context, noise, voice, start + voice.at);
    },
    close() {
      void context?.close();
      context = null;
      noise = null;
    },
  };
}

function playVoice(context: AudioContext, noise: AudioBuffer, voice: Voice, start: number): void {
  const end = start + voice.seconds;
  const envelope = context.createGain();
  envelope.gain.setValueAtTime(0.0001, start);
  envelope.gain.exponentialRampToValueAtTime(voice.gain, start + ATTACK_SECONDS);
  envelope.gain.exponentialRampToValueAtTime(0.0001, end);
  envelope.connect(context.destination);
  let source: AudioScheduledSourceNode;
  if (voice.source === 'noise') {
    const buffer = context.createBufferSource();
    buffer.buffer = noise;
    const band = context.createBiquadFilter();
    band.type = 'bandpass';
    band.Q.value = 1.5;
    band.frequency.setValueAtTime(voice.from, start);
    band.frequency.exponentialRampToValueAtTime(voice.to, end);
    buffer.connect(band).connect(envelope);
    source = buffer;
  } else {
    const oscillator = context.createOscillator();
    oscillator.type = voice.source;
    oscillator.frequency.setValueAtTime(voice.from, start);
    if (voice.to !== voice.from) oscillator.frequency.exponentialRampToValueAtTime(voice.to, end);
    oscillator.connect(envelope);
    source = oscillator;
  }
  source.onended = () => envelope.disconnect();
  source.start(start);
  source.stop(end + 0.02);
}

/** Half a second of white noise, made once per context. */
function whiteNoise(context: AudioContext): AudioBuffer {
  const buffer = context.createBuffer(1, Math.round(context.sampleRate / 2), context.sampleRate);
  const data = buffer.getChannelData(0);
  for (let i = 0; i < data.length; i += 1) data[i] = Math.random() * 2 - 1;
  return buffer;
}
