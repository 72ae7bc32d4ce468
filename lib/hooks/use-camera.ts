'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CameraError, listCameras, openCamera, stopStream, toCameraError, type CameraDevice } from '../camera';

export type CameraStatus = 'off' | 'starting' | 'on' | 'error';

export interface CameraControls {
  readonly videoRef: React.RefObject<HTMLVideoElement | null>;
  readonly status: CameraStatus;
  readonly error: CameraError | null;
  readonly devices: readonly CameraDevice[];
  readonly deviceId: string | null;
  start(deviceId?: string): Promise<void>;
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

  const stop = useCallback(() => {
    stopStream(streamRef.current);
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
    setStatus('off');
  }, []);

  const start = useCallback(
    async (wanted?: string) => {
      stop();
      setStatus('starting');
      setError(null);
      try {
        const stream = await openCamera(wanted);
        streamRef.current = stream;
        const video = videoRef.current;
        if (video) {
          video.srcObject = stream;
          await video.play();
        }
        setDeviceId(stream.getVideoTracks()[0]?.getSettings().deviceId ?? wanted ?? null);
        setDevices(await listCameras());
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

  useEffect(() => stop, [stop]);

  return { videoRef, status, error, devices, deviceId, start, stop };
}
