export type CameraErrorKind = 'denied' | 'not-found' | 'in-use' | 'unsupported' | 'unknown';

export class CameraError extends Error {
  constructor(readonly kind: CameraErrorKind, message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'CameraError';
  }
}

/** What the person sees for each failure, with the way out. */
export const CAMERA_MESSAGES: Readonly<Record<CameraErrorKind, string>> = {
  denied:
    'Camera access was blocked. Allow the camera for this site (the camera icon in the address bar), then press "Start camera" again. You can still upload images meanwhile.',
  'not-found': 'No camera was found. Plug one in and press "Start camera", or upload images into each class instead.',
  'in-use': 'The camera is busy in another app or tab. Close it there, then press "Start camera" again.',
  unsupported:
    'This browser cannot open a camera here. Use a current Chrome, Edge, Firefox or Safari over https or on localhost, or upload images instead.',
  unknown: 'The camera could not be started. Press "Start camera" to try again, or upload images instead.',
};

/** Maps what getUserMedia throws (a DOMException name) to a kind the UI can explain. */
export function toCameraError(error: unknown): CameraError {
  if (error instanceof CameraError) return error;
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
  const kind: CameraErrorKind =
    name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError'
      ? 'denied'
      : name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError'
        ? 'not-found'
        : name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError'
          ? 'in-use'
          : name === 'TypeError' || name === 'NotSupportedError'
            ? 'unsupported'
            : 'unknown';
  return new CameraError(kind, CAMERA_MESSAGES[kind], error);
}
