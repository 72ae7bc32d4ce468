'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CameraError, facingOfTrack, listCameras, offersFacingChoice, openCamera, stopStream, toCameraError, type CameraDevice, type CameraFacing } from '../camera';

export type CameraStatus = 'off' | 'starting' | 'on' | 'error';

export interface CameraControls {
  readonly videoRef: React.RefObject<HTMLVideoElement | null>;
  readonly status: CameraStatus;
  readonly error: CameraError | null;
  readonly devices: readonly CameraDevice[];
  readonly deviceId: string | null;
  /** The way the open (or last opened) camera faces; the preview is mirrored for 'user' only. */
  readonly facing: CameraFacing;
  /** Whether front/back is worth offering: more than one camera, or one facing away. */
  readonly canChooseFacing: boolean;
  start(deviceId?: string): Promise<void>;
  /** Reopens the camera facing that way (where the device has one; a lone webcam stays itself). */
  chooseFacing(facing: CameraFacing): Promise<void>;
  stop(): void;
}

/** Owns the camera stream: one at a time, stopped on unmount or when the camera changes. */
export function useCamera(): CameraControls {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const [status, setStatus] = useState<CameraStatus>('off');
  const [error, setError] = useState<CameraError | null>(null);
  const [devices, setDevices] = useState<readonly CameraDevice[]>([]);
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const [facing, setFacing] = useState<CameraFacing>('user');

  const stop = useCallback(() => {
    stopStream(streamRef.current);
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
    setStatus('off');
  }, []);

  /** Opens the device `wanted`, else the camera facing `wantedFacing`. */
  const open = useCallback(
    async (wanted: string | undefined, wantedFacing: CameraFacing) => {
      stop();
      setStatus('starting');
      setError(null);
      try {
        const stream = await openCamera(wanted, wantedFacing);
        streamRef.current = stream;
        const video = videoRef.current;
        if (video) {
          video.srcObject = stream;
          await video.play();
        }
        const settings = stream.getVideoTracks()[0]?.getSettings();
        const opened = settings?.deviceId ?? wanted ?? null;
        const listed = await listCameras();
        setDeviceId(opened);
        setDevices(listed);
        setFacing(facingOfTrack(settings?.facingMode, listed.find((d) => d.deviceId === opened)?.facing ?? wantedFacing));
        setStatus('on');
        // A camera unplugged mid-session ends its track; say so instead of freezing.
        stream.getVideoTracks()[0]?.addEventListener('ended', () => {
          if (streamRef.current === stream) {
            stop();
            setError(new CameraError('not-found', 'The camera was disconnected. Plug it back in and press "Start camera".'));
            setStatus('error');
          }
        });
      } catch (e) {
        stop();
        setError(toCameraError(e));
        setStatus('error');
      }
    },
    [stop],
  );

  const start = useCallback((wanted?: string) => open(wanted, 'user'), [open]);
  const chooseFacing = useCallback((wanted: CameraFacing) => open(undefined, wanted), [open]);

  useEffect(() => stop, [stop]);

  const canChooseFacing = offersFacingChoice(devices.map((d) => d.facing));
  return { videoRef, status, error, devices, deviceId, facing, canChooseFacing, start, chooseFacing, stop };
}
