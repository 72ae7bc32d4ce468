import { buildGestureVideo } from './support/camera-videos';
import { hasSignDigits } from './support/sign-digits';

/** Builds the fake-camera video once per run (the camera specs skip when the photos are absent). */
export default function globalSetup(): void {
  if (hasSignDigits()) buildGestureVideo();
}
