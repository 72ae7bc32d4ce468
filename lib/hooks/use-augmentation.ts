'use client';
import { useEffect, useRef, useState } from 'react';
import { backgroundViews, type AugmentSettings } from '../augment';
import { framingOfDataset, samplesMissingViews, type AugmentedViews, type Dataset } from '../dataset';
import type { LoadedEngine } from '../engine';
import { viewsKey } from '../ingest';

export interface AugmentationParams {
  readonly dataset: Dataset;
  /** The engine and the backbone it has loaded; null while it loads (or embeds another backbone than the samples'). */
  readonly engine: (LoadedEngine & { readonly loaded: number }) | null;
  readonly settings: AugmentSettings;
  /** The engine's hand tracker is ready to find the hand in a stored crop, for the views on new backgrounds. */
  readonly handsReady: boolean;
  /**
   * A recording is under way: views wait until it ends. They share the engine with the live frames,
   * and on a slow machine making them while recording cut the samples a hold keeps (16 instead of 20+
   * in 4 s in a fresh-clone run of e2e/hand-focus.spec.ts).
   */
  readonly paused: boolean;
  readonly onViews: (views: ReadonlyMap<string, AugmentedViews>) => void;
  readonly onError: (error: unknown) => void;
}

/** Samples embedded per step: small, so recording and the live loop keep their pace meanwhile. */
const STEP = 4;

/**
 * Keeps every sample's augmented views up to date in the background: new samples get theirs soon
 * after they are added (once a recording ends), and all are redone when the settings or the backbone
 * change. It never blocks recording. Returns how many samples still wait for views.
 */
export function useAugmentation({ dataset, engine: loaded, settings, handsReady, paused, onViews, onError }: AugmentationParams): number {
  const [pending, setPending] = useState(0);
  const latest = useRef({ dataset, paused, onViews, onError });
  latest.current = { dataset, paused, onViews, onError };
  const wake = useRef<(() => void) | null>(null);
  const key = loaded ? viewsKey(loaded.backboneId, settings) : null;
  // Hand crops' views on new backgrounds need the hand found again in each crop: they wait for the
  // tracker rather than being made without it under the same key.
  const needsHand = framingOfDataset(dataset) === 'hand' && backgroundViews(settings) > 0;
  const waitingForHand = needsHand && !handsReady;
  const engine = loaded?.engine ?? null;
  const backboneId = loaded?.backboneId ?? null;
  const engineLoad = loaded?.loaded ?? 0;

  useEffect(() => {
    wake.current?.();
  }, [dataset, paused]);

  useEffect(() => {
    if (!engine || !key || settings.views === 0 || waitingForHand) {
      setPending(engine && key && waitingForHand ? samplesMissingViews(latest.current.dataset, key).length : 0);
      return;
    }
    let stopped = false;
    // Another load of the engine (a backend switch) starts this over.
    const stop = () => {
      stopped = true;
      wake.current?.();
    };
    // Handed to the dataset but maybe not in it yet (React applies state later): don't redo them.
    const handedOver = new Set<string>();
    (async () => {
      while (!stopped) {
        const ds = latest.current.dataset;
        const missing = ds.backboneId === backboneId ? samplesMissingViews(ds, key).filter((s) => !handedOver.has(s.id)) : [];
        setPending(missing.length);
        if (missing.length === 0 || latest.current.paused) {
          await new Promise<void>((resolve) => (wake.current = resolve));
          continue;
        }
        const views = new Map<string, AugmentedViews>();
        for (const sample of missing.slice(0, STEP)) {
          if (stopped) return;
          if (latest.current.paused) break;
          views.set(sample.id, await engine.augmentViews(sample.id, sample.image as Blob, settings, needsHand));
        }
        if (stopped) return;
        views.forEach((_, id) => handedOver.add(id));
        if (views.size > 0) latest.current.onViews(views);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    })().catch((error: unknown) => {
      if (!stopped) latest.current.onError(error);
    });
    return stop;
    // `settings` is captured through `key`, which changes whenever any setting does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine, engineLoad, backboneId, key, needsHand]);

  return pending;
}
