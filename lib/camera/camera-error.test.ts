import { describe, expect, it } from 'vitest';
import { CAMERA_MESSAGES, CameraError, toCameraError, type CameraErrorKind } from './camera-error';

/** What getUserMedia rejects with: a DOMException-like object with a `name`. */
function domError(name: string): Error {
  const error = new Error(`${name} happened`);
  error.name = name;
  return error;
}

describe('toCameraError', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['PermissionDeniedError', 'denied'],
    ['NotFoundError', 'not-found'],
    ['OverconstrainedError', 'not-found'],
    ['DevicesNotFoundError', 'not-found'],
    ['NotReadableError', 'in-use'],
    ['TrackStartError', 'in-use'],
    ['AbortError', 'in-use'],
    ['TypeError', 'unsupported'],
    ['NotSupportedError', 'unsupported'],
    ['SomethingElse', 'unknown'],
  ] as [string, CameraErrorKind][])('maps %s to %s with its sentence, keeping the cause', (name, kind) => {
    const cause = domError(name);
    const error = toCameraError(cause);
    expect(error).toBeInstanceOf(CameraError);
    expect(error.name).toBe('CameraError');
    expect(error.kind).toBe(kind);
    expect(error.message).toBe(CAMERA_MESSAGES[kind]);
    expect(error.cause).toBe(cause);
  });

  it('maps a real TypeError (no mediaDevices on http) to unsupported', () => {
    expect(toCameraError(new TypeError("Cannot read properties of undefined (reading 'getUserMedia')")).kind).toBe('unsupported');
  });

  it('maps plain objects by name and anything without a name to unknown', () => {
    expect(toCameraError({ name: 'NotAllowedError' }).kind).toBe('denied');
    expect(toCameraError('denied').kind).toBe('unknown');
    expect(toCameraError(null).kind).toBe('unknown');
    expect(toCameraError(undefined).kind).toBe('unknown');
    expect(toCameraError(new Error('boom')).kind).toBe('unknown');
  });

  it('passes a CameraError through unchanged', () => {
    const original = new CameraError('in-use', 'custom');
    expect(toCameraError(original)).toBe(original);
  });

  it('has a distinct, non-empty sentence for every kind', () => {
    const sentences = Object.values(CAMERA_MESSAGES);
    expect(Object.keys(CAMERA_MESSAGES).sort()).toEqual(['denied', 'in-use', 'not-found', 'unknown', 'unsupported']);
    expect(new Set(sentences).size).toBe(5);
    for (const s of sentences) expect(s.length).toBeGreaterThan(20);
  });
});
