'use client';
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { BackboneInfo } from '@/lib/backbone';
import type { GestureClass } from '@/lib/dataset';
import type { TrainedModel } from '@/lib/pipeline';
import { Notice } from '../ui';
import { ArchitectureView } from './architecture-view';
import { ClassicNetworks } from './classic-networks';
import { MotionNetworkSection, type MotionNetworkInfo } from './motion-network-section';
import { ConvPlayground } from './conv-playground';
import { FeatureMaps } from './feature-maps';
import { useFeatureProbe } from './use-feature-probe';

export interface NetworkTabsProps {
  /** The backbone in use; null while it loads. */
  readonly backbone: BackboneInfo | null;
  /** The studio's camera preview. */
  readonly video: HTMLVideoElement | null;
  readonly cameraOn: boolean;
  /** The dataset's classes, whose sample images the feature maps can be computed from. */
  readonly classes: readonly GestureClass[];
  readonly trained: TrainedModel | null;
  /** The motion model (trained, or as training would make it), or null without motion classes. */
  readonly motion: MotionNetworkInfo | null;
}

type TabId = 'architecture' | 'features' | 'playground' | 'classic';

const TABS: readonly { readonly id: TabId; readonly label: string }[] = [
  { id: 'architecture', label: 'Architecture' },
  { id: 'features', label: 'Feature maps' },
  { id: 'playground', label: 'Convolution playground' },
  { id: 'classic', label: 'Classic networks' },
];

/** The section's tabs (WAI-ARIA tabs: arrow keys, Home and End move between them). */
export function NetworkTabs({ backbone, video, cameraOn, classes, trained, motion }: NetworkTabsProps) {
  const [active, setActive] = useState<TabId>('architecture');
  const probe = useFeatureProbe(backbone);
  const baseId = useId();
  const tabRefs = useRef(new Map<TabId, HTMLButtonElement>());

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((t) => t.id === active);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = TABS[(next + TABS.length) % TABS.length];
    setActive(tab.id);
    tabRefs.current.get(tab.id)?.focus();
  };

  let panel: ReactNode;
  if (active === 'playground') {
    panel = <ConvPlayground />;
  } else if (active === 'classic') {
    panel = <ClassicNetworks />;
  } else if (!backbone) {
    panel = <p className="text-sm text-slate-600">Waiting for the model to load…</p>;
  } else if (active === 'architecture') {
    panel = (
      <ArchitectureView
        backbone={backbone}
        modelLayers={probe.phase === 'ready' ? probe.probe.modelLayers : null}
        modelPhase={probe.phase}
        trained={trained?.backboneId === backbone.id ? trained : null}
        after={<MotionNetworkSection motion={motion} />}
      />
    );
  } else if (probe.phase === 'ready') {
    panel = <FeatureMaps probe={probe.probe} lifetime={probe.lifetime} modelLabel={backbone.label} alpha={backbone.alpha} video={video} cameraOn={cameraOn} classes={classes} inputSize={backbone.inputSize} />;
  } else if (probe.phase === 'error') {
    panel = <Notice tone="error">{probe.message}</Notice>;
  } else {
    panel = <p className="text-sm text-slate-600">Loading the Keras model of {backbone.label}…</p>;
  }

  return (
    <div>
      <div role="tablist" aria-label="Inside the network" className="mb-3 flex flex-wrap gap-1 border-b border-slate-200" onKeyDown={onKeyDown}>
        {TABS.map((tab) => (
          <button
            key={tab.id}
            ref={(el) => {
              if (el) tabRefs.current.set(tab.id, el);
              else tabRefs.current.delete(tab.id);
            }}
            type="button"
            role="tab"
            id={`${baseId}-${tab.id}-tab`}
            aria-selected={active === tab.id}
            aria-controls={`${baseId}-${tab.id}-panel`}
            tabIndex={active === tab.id ? 0 : -1}
            onClick={() => setActive(tab.id)}
            className={`-mb-px rounded-t-lg border px-3 py-1.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${
              active === tab.id ? 'border-slate-200 border-b-white bg-white font-semibold text-slate-900' : 'border-transparent text-slate-600 hover:text-slate-900'
            }`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {TABS.map((tab) => (
        <div key={tab.id} role="tabpanel" id={`${baseId}-${tab.id}-panel`} aria-labelledby={`${baseId}-${tab.id}-tab`} hidden={active !== tab.id} tabIndex={0} className="focus:outline-none">
          {active === tab.id && panel}
        </div>
      ))}
    </div>
  );
}
