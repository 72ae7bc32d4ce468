import { buildActionsVideo, buildEdgeVideo, buildGestureVideo, buildHandVideo } from './support/camera-videos';
import { hasSignDigits } from './support/sign-digits';

/** Builds the fake-camera videos once per run (the camera specs skip when the photos are absent). */
export default function globalSetup(): void {
  if (!hasSignDigits()) return;
  buildGestureVideo();
  buildHandVideo();
  buildEdgeVideo();
  buildActionsVideo();
}
