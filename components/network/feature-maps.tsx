'use client';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { GestureClass } from '@/lib/dataset';
import { colourise, type ChannelMap, type FeatureProbe } from '@/lib/features';
import { Notice } from '../ui';
import { useLiveFeatureMaps, type FeatureSource } from './use-live-feature-maps';

export interface FeatureMapsProps {
  readonly probe: FeatureProbe;
  /** Aborts when TF.js leaves the probe's backend: the maps stop at once. */
  readonly lifetime: AbortSignal;
  /** The backbone whose Keras weights the probe runs, e.g. "MobileNet v1 0.25 (fast)". */
  readonly modelLabel: string;
  readonly alpha: number;
  /** The studio's camera preview; its centre square is what the maps are computed from. */
  readonly video: HTMLVideoElement | null;
  readonly cameraOn: boolean;
  readonly classes: readonly GestureClass[];
  /** Input side of the probed model, in pixels. */
  readonly inputSize: number;
}

interface SampleChoice {
  readonly id: string;
  readonly label: string;
  readonly image: Blob;
}

/**
 * Zeiler & Fergus's view of a trained network, live: pick a layer and see its 16 most active
 * channels for the camera's current frame or a recorded sample.
 */
export function FeatureMaps({ probe, lifetime, modelLabel, alpha, video, cameraOn, classes, inputSize }: FeatureMapsProps) {
  const [layer, setLayer] = useState(probe.layers[0]?.name ?? '');
  const samples = useMemo(
    () => classes.flatMap((c) => c.samples.flatMap((s, i): SampleChoice[] => (s.image ? [{ id: s.id, label: `${c.name} #${i + 1}`, image: s.image }] : []))),
    [classes],
  );
  const [chosenKind, setChosenKind] = useState<'camera' | 'sample'>('camera');
  const [sampleId, setSampleId] = useState<string | null>(null);
  const sample = samples.find((s) => s.id === sampleId) ?? samples[0] ?? null;
  // The camera unless it is off and there is a sample to show instead; a chosen sample stays chosen.
  const kind = chosenKind === 'sample' && sample ? 'sample' : cameraOn ? 'camera' : sample ? 'sample' : null;
  const sampleImage = kind === 'sample' ? sample?.image : undefined;
  const source = useMemo<FeatureSource | null>(
    () => (kind === 'camera' && video ? { kind: 'camera', video } : kind === 'sample' && sampleImage ? { kind: 'sample', image: sampleImage } : null),
    [kind, video, sampleImage],
  );

  const gridRef = useRef<HTMLDivElement | null>(null);
  const inputRef = useRef<HTMLCanvasElement | null>(null);
  const onScreen = useOnScreen(gridRef);
  const live = useLiveFeatureMaps(probe, lifetime, layer, source, onScreen, inputRef);
  const info = probe.layers.find((l) => l.name === layer);

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        Each square is one channel of the chosen layer: bright where it responds. Early layers answer edges and colours; deep layers answer parts of the hand
        (Zeiler &amp; Fergus, 2014). The maps come from Google&apos;s Keras weights of MobileNet v1 {alpha}, the same architecture as {modelLabel}.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm text-slate-700">
          Layer
          <select aria-label="Layer" className="rounded-lg border border-slate-300 px-2 py-1.5 text-sm" value={layer} onChange={(e) => setLayer(e.target.value)}>
            {probe.layers.map((l) => (
              <option key={l.name} value={l.name}>
                {l.name} — {l.height}x{l.width}x{l.channels}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex items-center gap-3 text-sm text-slate-700">
          <legend className="sr-only">Source</legend>
          <label className="flex items-center gap-1">
            <input type="radio" name="feature-source" checked={kind === 'camera'} disabled={!cameraOn} onChange={() => setChosenKind('camera')} />
            Camera
          </label>
          <label className="flex items-center gap-1">
            <input type="radio" name="feature-source" checked={kind === 'sample'} disabled={!sample} onChange={() => setChosenKind('sample')} />
            Sample
          </label>
        </fieldset>
        {kind === 'sample' && sample && (
          <label className="flex flex-col gap-1 text-sm text-slate-700">
            Sample
            <select aria-label="Sample" className="rounded-lg border border-slate-300 px-2 py-1.5 text-sm" value={sample.id} onChange={(e) => setSampleId(e.target.value)}>
              {samples.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="text-xs tabular-nums text-slate-500" data-testid="feature-tensors" data-value={live.tensors ?? ''} title="tf.memory().numTensors after each update: steady unless something leaks">
          {live.tensors === null ? '' : `${live.tensors} tensors`}
        </span>
      </div>
      {!source && <Notice tone="info">Start the camera or record a sample to see what each layer of the network responds to.</Notice>}
      {live.error && <Notice tone="error">The feature maps could not be computed: {live.error}</Notice>}
      <div className={`flex flex-wrap items-start gap-4 ${source ? '' : 'hidden'}`}>
        <figure className="space-y-1">
          <canvas ref={inputRef} width={inputSize} height={inputSize} className="h-28 w-28 rounded border border-slate-200" aria-label="What the network sees" />
          <figcaption className="text-xs text-slate-500">{kind === 'camera' ? 'Camera (centre square)' : sample?.label}</figcaption>
        </figure>
        <div
          ref={gridRef}
          role="group"
          aria-label={`Strongest channels of ${layer}`}
          data-testid="feature-grid"
          data-signature={live.signature}
          data-updates={live.updates}
          className="grid grid-cols-4 gap-2 sm:grid-cols-8"
        >
          {live.maps?.maps.map((map) => <ChannelCell key={map.channel} map={map} height={live.maps?.height ?? 0} width={live.maps?.width ?? 0} />)}
          {!live.maps && source && <p className="col-span-4 text-sm text-slate-500">Computing {info ? `${info.channels} channels of ${layer}` : layer}…</p>}
        </div>
      </div>
    </div>
  );
}

/** One channel, drawn at its own resolution and scaled up with hard pixel edges, so a 7x7 map looks 7x7. */
function ChannelCell({ map, height, width }: { map: ChannelMap; height: number; width: number }) {
  const ref = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(width, height);
    colourise(map.values, image.data);
    ctx.putImageData(image, 0, 0);
  }, [map, height, width]);
  return (
    <figure className="flex flex-col items-center">
      <canvas ref={ref} width={width} height={height} className="h-16 w-16 rounded-sm [image-rendering:pixelated]" aria-label={`Channel ${map.channel}, mean ${map.mean.toFixed(2)}`} />
      <figcaption className="text-[10px] tabular-nums text-slate-600">
        #{map.channel} · {map.mean.toFixed(2)}
      </figcaption>
    </figure>
  );
}

/** Whether any part of the element is inside the viewport. */
function useOnScreen(ref: RefObject<HTMLElement | null>): boolean {
  const [onScreen, setOnScreen] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new IntersectionObserver(([entry]) => setOnScreen(entry?.isIntersecting ?? false));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return onScreen;
}
