import { CAMERA_MESSAGES, CameraError, toCameraError } from './camera-error';

export interface CameraDevice {
  readonly deviceId: string;
  readonly label: string;
}

/** Video inputs; labels are only filled in once the person has granted camera access. */
export async function listCameras(): Promise<CameraDevice[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices
    .filter((d) => d.kind === 'videoinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
}

/** Opens a camera (the given one, or the default) at a modest resolution; throws a `CameraError`. */
export async function openCamera(deviceId?: string): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError('unsupported', CAMERA_MESSAGES.unsupported);
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: {
        ...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: 'user' }),
        // The backbone sees 224x224; more pixels than this only cost time.
        width: { ideal: 640 },
        height: { ideal: 480 },
      },
    });
  } catch (error) {
    throw toCameraError(error);
  }
}

export function stopStream(stream: MediaStream | null): void {
  stream?.getTracks().forEach((t) => t.stop());
}
