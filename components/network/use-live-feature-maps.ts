'use client';
import { useEffect, useRef, useState, type RefObject } from 'react';
import * as tf from '@tensorflow/tfjs';
import { imagePixels, mapsSignature, videoPixels, type FeatureProbe, type LayerMaps } from '@/lib/features';

/** What the maps are computed from: the live camera or one stored sample image. */
export type FeatureSource = { readonly kind: 'camera'; readonly video: HTMLVideoElement } | { readonly kind: 'sample'; readonly image: Blob };

/** A modest rate: the maps are for looking at, and the live classifier shares the same two cores. */
export const FEATURE_UPDATE_MS = 400;

export interface LiveFeatureMaps {
  readonly maps: LayerMaps | null;
  /** mapsSignature of `maps`, for a test to see them change. */
  readonly signature: string;
  /** How many times the maps were computed since the probe, layer or source last changed. */
  readonly updates: number;
  /** tf.memory().numTensors right after an update, when none of its tensors is alive: flat unless something leaks. */
  readonly tensors: number | null;
  readonly error: string | null;
}

const NONE: LiveFeatureMaps = { maps: null, signature: '', updates: 0, tensors: null, error: null };

/**
 * Computes `layer`'s strongest channels from `source`, drawn into `canvas` (the probe's input size),
 * one computation at a time: every FEATURE_UPDATE_MS from the camera, once for a sample. Only while
 * `active` (the grid is on screen) and the browser tab is visible, and never once `lifetime` (the
 * probe's backend) has ended.
 */
export function useLiveFeatureMaps(probe: FeatureProbe, lifetime: AbortSignal, layer: string, source: FeatureSource | null, active: boolean, canvas: RefObject<HTMLCanvasElement | null>): LiveFeatureMaps {
  const [state, setState] = useState<LiveFeatureMaps>(NONE);
  const updates = useRef(0);

  useEffect(() => {
    updates.current = 0;
    setState(NONE);
  }, [probe, layer, source]);

  useEffect(() => {
    const target = canvas.current;
    if (!source || !active || !target) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
    };
    lifetime.addEventListener('abort', stop);
    if (lifetime.aborted) stop();
    const update = async (): Promise<boolean> => {
      const pixels = source.kind === 'camera' ? videoPixels(source.video, target) : await imagePixels(source.image, target);
      if (!pixels) return false;
      let maps: LayerMaps;
      try {
        maps = await probe.maps(pixels, layer);
      } finally {
        pixels.dispose();
      }
      if (stopped) return true;
      updates.current += 1;
      setState({ maps, signature: mapsSignature(maps), updates: updates.current, tensors: tf.memory().numTensors, error: null });
      return true;
    };
    const tick = async () => {
      let done = false;
      if (document.visibilityState === 'visible') {
        try {
          done = (await update()) && source.kind === 'sample';
        } catch (error) {
          if (stopped) return;
          setState((s) => ({ ...s, error: error instanceof Error ? error.message : String(error) }));
          return;
        }
      }
      // A sample's maps never change; the camera's do, so look again after a pause.
      if (!stopped && !done) timer = setTimeout(tick, FEATURE_UPDATE_MS);
    };
    if (!stopped) void tick();
    return () => {
      lifetime.removeEventListener('abort', stop);
      stop();
    };
  }, [probe, lifetime, layer, source, active, canvas]);

  return state;
}
