'use client';
import { useEffect, useRef, useState } from 'react';
import { backgroundViews, type AugmentSettings } from '../augment';
import type { Backbone } from '../backbone';
import { framingOfDataset, samplesMissingViews, type AugmentedViews, type Dataset } from '../dataset';
import { embedAugmentedViews, viewsKey, type FindHand } from '../ingest';

export interface AugmentationParams {
  readonly dataset: Dataset;
  readonly backbone: Backbone | null;
  /** Aborts when TF.js leaves the backbone's backend: no more views are made with it. */
  readonly lifetime: AbortSignal | null;
  readonly settings: AugmentSettings;
  /** Finds the hand in a stored hand crop, for the views on new backgrounds; null until the hand tracker is ready. */
  readonly findHand: FindHand | null;
  readonly onViews: (views: ReadonlyMap<string, AugmentedViews>) => void;
  readonly onError: (error: unknown) => void;
}

/** Samples embedded per step: small, so recording and the live loop keep their pace meanwhile. */
const STEP = 4;

/**
 * Keeps every sample's augmented views up to date in the background: new samples get theirs soon
 * after they are added, and all are redone when the settings or the backbone change. It never
 * blocks recording. Returns how many samples still wait for views.
 */
export function useAugmentation({ dataset, backbone, lifetime, settings, findHand, onViews, onError }: AugmentationParams): number {
  const [pending, setPending] = useState(0);
  const latest = useRef({ dataset, onViews, onError });
  latest.current = { dataset, onViews, onError };
  const wake = useRef<(() => void) | null>(null);
  const key = backbone ? viewsKey(backbone.id, settings) : null;
  // Hand crops' views on new backgrounds need the hand found again in each crop: they wait for the
  // tracker rather than being made without it under the same key.
  const needsHand = framingOfDataset(dataset) === 'hand' && backgroundViews(settings) > 0;
  const handFinder = needsHand ? findHand : undefined;
  const waitingForHand = handFinder === null;

  useEffect(() => {
    wake.current?.();
  }, [dataset]);

  useEffect(() => {
    if (!backbone || !lifetime || !key || settings.views === 0 || waitingForHand) {
      setPending(backbone && key && waitingForHand ? samplesMissingViews(latest.current.dataset, key).length : 0);
      return;
    }
    let stopped = false;
    // The backbone's backend is gone: stop before the next view (its ops would throw from inside TF.js).
    const stop = () => {
      stopped = true;
      wake.current?.();
    };
    lifetime.addEventListener('abort', stop);
    if (lifetime.aborted) stop();
    // Handed to the dataset but maybe not in it yet (React applies state later): don't redo them.
    const handedOver = new Set<string>();
    (async () => {
      while (!stopped) {
        const ds = latest.current.dataset;
        const missing = ds.backboneId === backbone.id ? samplesMissingViews(ds, key).filter((s) => !handedOver.has(s.id)) : [];
        setPending(missing.length);
        if (missing.length === 0) {
          await new Promise<void>((resolve) => (wake.current = resolve));
          continue;
        }
        const views = new Map<string, AugmentedViews>();
        for (const sample of missing.slice(0, STEP)) {
          if (stopped) return;
          views.set(sample.id, await embedAugmentedViews(backbone, sample.id, sample.image as Blob, settings, handFinder ?? undefined));
        }
        if (stopped) return;
        views.forEach((_, id) => handedOver.add(id));
        latest.current.onViews(views);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    })().catch((error: unknown) => {
      if (!stopped) latest.current.onError(error);
    });
    return () => {
      lifetime.removeEventListener('abort', stop);
      stop();
    };
    // `settings` is captured through `key`, which changes whenever any setting does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [backbone, lifetime, key, handFinder]);

  return pending;
}
