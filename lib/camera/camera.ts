import { CAMERA_MESSAGES, CameraError, toCameraError } from './camera-error';
import { facingOfInput, type CameraFacing } from './facing';

export interface CameraDevice {
  readonly deviceId: string;
  readonly label: string;
  /** Null when neither the browser's capabilities nor the label say (most desktop webcams). */
  readonly facing: CameraFacing | null;
}

/** Video inputs; labels are only filled in once the person has granted camera access. */
export async function listCameras(): Promise<CameraDevice[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices
    .filter((d) => d.kind === 'videoinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}`, facing: facingOfInput({ label: d.label, facingModes: facingModesOf(d) }) }));
}

/** `InputDeviceInfo.getCapabilities()` where the browser has it (not Firefox or Safari). */
function facingModesOf(device: MediaDeviceInfo): string[] {
  const capabilities = 'getCapabilities' in device && typeof device.getCapabilities === 'function' ? (device as InputDeviceInfo).getCapabilities() : null;
  return capabilities?.facingMode ?? [];
}

/**
 * Opens a camera at a modest resolution: the given device, else the one facing `facing` where the
 * device has a choice (a request, not a demand: a laptop's only camera still opens). Throws a `CameraError`.
 */
export async function openCamera(deviceId?: string, facing: CameraFacing = 'user'): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError('unsupported', CAMERA_MESSAGES.unsupported);
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: {
        ...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: facing }),
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
