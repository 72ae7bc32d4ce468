/**
 * Which way a camera faces, and what follows from it: whether a front/back choice is worth offering
 * and whether the preview is mirrored. Pure, so the rules are unit-tested; the browser calls that
 * feed them are in camera.ts.
 */
export type CameraFacing = 'user' | 'environment';

/** What `enumerateDevices` says about one video input (capabilities only where the browser has them). */
export interface VideoInputInfo {
  readonly label: string;
  /** `InputDeviceInfo.getCapabilities().facingMode`: Chrome on phones and tablets fills it in. */
  readonly facingModes?: readonly string[];
}

/** Words the platforms put in camera labels ("camera2 0, facing back", "Back Camera", "Front Camera"). */
const BACK_LABEL = /\b(back|rear|environment|world)\b/i;
const FRONT_LABEL = /\b(front|user|selfie|face\s*time)\b/i;

/** The way a listed camera faces, from its capabilities, else its label; null when neither says. */
export function facingOfInput({ label, facingModes = [] }: VideoInputInfo): CameraFacing | null {
  if (facingModes.includes('environment')) return 'environment';
  if (facingModes.includes('user')) return 'user';
  if (BACK_LABEL.test(label)) return 'environment';
  if (FRONT_LABEL.test(label)) return 'user';
  return null;
}

/** Front or back is worth offering when there is more than one camera, or one that faces away. */
export function offersFacingChoice(facings: readonly (CameraFacing | null)[]): boolean {
  return facings.length > 1 || facings.includes('environment');
}

/**
 * The way the open camera faces: what its track reports, else what was asked for (a desktop webcam
 * reports nothing, and a browser asked for a facing it cannot tell keeps to the request's intent).
 */
export function facingOfTrack(reported: string | undefined, requested: CameraFacing): CameraFacing {
  return reported === 'user' || reported === 'environment' ? reported : requested;
}

/** A front camera's preview is mirrored (it feels like a mirror); a back camera shows the world as it is. */
export function mirrorsPreview(facing: CameraFacing): boolean {
  return facing === 'user';
}
