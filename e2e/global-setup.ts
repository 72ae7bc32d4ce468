import { buildActionsVideo, buildEdgeVideo, buildGestureVideo, buildHandVideo } from './support/camera-videos';
import { buildMotionVideo, MOTION_SPEC_VIDEO, motionSpecSections } from './support/motion-video';
import { hasSignDigits } from './support/sign-digits';

/** Builds the fake-camera videos once per run (the camera specs skip when the photos are absent). */
export default function globalSetup(): void {
  if (!hasSignDigits()) return;
  buildGestureVideo();
  buildHandVideo();
  buildEdgeVideo();
  buildActionsVideo();
  buildMotionVideo(MOTION_SPEC_VIDEO, motionSpecSections());
}
