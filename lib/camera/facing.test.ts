import { describe, expect, it } from 'vitest';
import { facingOfInput, facingOfTrack, mirrorsPreview, offersFacingChoice } from './facing';

describe('facingOfInput', () => {
  it('trusts the capabilities first, then the platform labels, else says nothing', () => {
    expect(facingOfInput({ label: 'Front Camera', facingModes: ['environment'] })).toBe('environment');
    expect(facingOfInput({ label: '', facingModes: ['user'] })).toBe('user');
    expect(facingOfInput({ label: 'camera2 0, facing back' })).toBe('environment');
    expect(facingOfInput({ label: 'Back Triple Camera' })).toBe('environment');
    expect(facingOfInput({ label: 'Rear camera' })).toBe('environment');
    expect(facingOfInput({ label: 'camera2 1, facing front' })).toBe('user');
    expect(facingOfInput({ label: 'FaceTime HD Camera' })).toBe('user');
    expect(facingOfInput({ label: 'Integrated Webcam (0c45:6a10)' })).toBeNull();
    expect(facingOfInput({ label: 'fake_device_0' })).toBeNull();
    // "Feedback" holds "back" but not as a word.
    expect(facingOfInput({ label: 'Feedback cam' })).toBeNull();
  });
});

describe('offersFacingChoice', () => {
  it('offers front/back with two cameras or a back-facing one, never for one webcam', () => {
    expect(offersFacingChoice([])).toBe(false);
    expect(offersFacingChoice([null])).toBe(false);
    expect(offersFacingChoice(['user'])).toBe(false);
    expect(offersFacingChoice(['environment'])).toBe(true);
    expect(offersFacingChoice([null, null])).toBe(true);
    expect(offersFacingChoice(['user', 'environment'])).toBe(true);
  });
});

describe('facingOfTrack and the mirror', () => {
  it('takes what the track reports, else the request; mirrors the front camera only', () => {
    expect(facingOfTrack('environment', 'user')).toBe('environment');
    expect(facingOfTrack('user', 'environment')).toBe('user');
    expect(facingOfTrack(undefined, 'environment')).toBe('environment');
    expect(facingOfTrack('left', 'user')).toBe('user');
    expect(mirrorsPreview('user')).toBe(true);
    expect(mirrorsPreview('environment')).toBe(false);
  });
});
