'use client';
import type { ReactNode } from 'react';
import { describeAction, type FiredLog, type Slide, type SlideDirection, type TriggerState } from '@/lib/actions';
import { useObjectUrl, type LiveStore, type Presentation, type Store } from '@/lib/hooks';
import { TOUCH } from './actions-panel';
import { ChargingRing } from './charging-ring';
import { useLiveLabel } from './live-label';
import { buttonClass } from './ui';

export interface PresentationStageProps {
  readonly presentation: Presentation;
  /**
   * The camera preview with its hand overlay: the studio's one `<video>`, which stays where React put
   * it while the stage around it covers the screen (no second camera stream, no copy).
   */
  readonly preview: ReactNode;
  readonly store: LiveStore;
  readonly threshold: number;
  readonly trigger: Store<TriggerState>;
  readonly slides: readonly Slide[];
  readonly slideIndex: number;
  /** Whether a class turns the slides (the deck is shown, or where to add images is said). */
  readonly slideActions: boolean;
  readonly onStepSlide: (direction: SlideDirection) => void;
  readonly log: FiredLog;
  /** Set while the camera is off: the stage offers to start it. */
  readonly onStartCamera?: () => void;
  /**
   * The built-in game's slot: the studio passes `<GestureGame moves={moveBus} />`
   * (components/game/gesture-game.tsx), which plays the moves gestures send on the move bus.
   */
  readonly game?: ReactNode;
  /** The motions recognised live (the studio's motion model), under the pose label. */
  readonly motion?: ReactNode;
}

/**
 * Presentation mode's stage. While not presenting it is a plain box around the camera preview; when
 * presenting it covers the screen (full screen, or a fixed overlay) with the camera, the hand overlay,
 * a large label with its confidence, the charging ring and what the actions do: the current slide,
 * the game, the last firing. Its element tree keeps the preview in the same place in both modes, so
 * the `<video>` is never re-created and the live loop keeps reading it.
 */
export function PresentationStage(props: PresentationStageProps) {
  const { presentation, preview } = props;
  const active = presentation.mode !== null;
  return (
    <div
      ref={presentation.stageRef}
      role={active ? 'dialog' : undefined}
      aria-modal={active || undefined}
      aria-labelledby={active ? 'stage-title' : undefined}
      data-testid="presentation-stage"
      data-mode={presentation.mode ?? 'off'}
      onKeyDown={presentation.onStageKeyDown}
      // The last recording's tally on the preview means nothing to an audience: hidden on the stage.
      className={active ? 'fixed inset-0 z-50 flex flex-col gap-3 overflow-y-auto bg-slate-950 p-3 text-white sm:p-5 lg:overflow-hidden [&_[data-testid=recording-drops]]:hidden' : undefined}
    >
      {active && <StageHeader {...props} />}
      <div className={active ? 'grid gap-4 lg:min-h-0 lg:flex-1 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]' : undefined}>
        <div className={active ? 'flex flex-col gap-3 lg:min-h-0' : undefined}>
          {/* On wide screens the preview fits the space left (a 4:3 box as large as fits); on narrow ones it takes the width. */}
          <div className={active ? 'flex items-center justify-center lg:min-h-0 lg:flex-1 lg:[container-type:size]' : undefined}>
            <div className={active ? 'w-full lg:w-[min(100cqw,133.333cqh)]' : undefined}>{preview}</div>
          </div>
          {active && <StageLabel {...props} />}
          {active && props.motion}
        </div>
        {active && <StageAside {...props} />}
      </div>
    </div>
  );
}

function StageHeader({ presentation, onStartCamera }: PresentationStageProps) {
  return (
    <div className="flex items-start justify-between gap-2">
      <div className="min-w-0 flex-1">
        <h2 id="stage-title" className="text-lg font-semibold">
          Presentation
        </h2>
        <p className="text-sm text-white/70">Hold a gesture to fire its action. Press Escape or Exit to leave.</p>
      </div>
      <div className="flex shrink-0 gap-2">
        {onStartCamera && (
          <button type="button" className={`${buttonClass('primary')} ${TOUCH}`} onClick={onStartCamera}>
            Start camera
          </button>
        )}
        <button ref={presentation.exitRef} type="button" className={`${buttonClass('secondary')} ${TOUCH} min-w-20`} onClick={presentation.exit}>
          Exit
        </button>
      </div>
    </div>
  );
}

function StageLabel({ store, threshold, trigger }: PresentationStageProps) {
  const { top, text, state } = useLiveLabel(store, threshold);
  const known = state === 'known';
  return (
    <div className="flex items-center gap-4 rounded-xl bg-white/10 px-4 py-3" data-testid="stage-label" data-state={state} data-label={top?.confident ? top.label : ''}>
      <ChargingRing trigger={trigger} size="large" />
      <div className="min-w-0 flex-1">
        <p className={`truncate text-4xl font-bold sm:text-6xl ${known ? 'text-white' : 'text-white/50'}`}>{text}</p>
        <p className="text-lg tabular-nums text-white/70">{top ? `${Math.round(top.confidence * 100)}% confident` : 'Waiting for a gesture'}</p>
      </div>
    </div>
  );
}

function StageAside({ slides, slideIndex, slideActions, onStepSlide, log, game }: PresentationStageProps) {
  const last = log.entries[0];
  return (
    <div className="flex flex-col gap-3 lg:min-h-0">
      {(slides.length > 0 || slideActions) && <StageSlide slides={slides} index={slideIndex} onStep={onStepSlide} />}
      {game && (
        <section aria-label="Game" data-testid="stage-game" className="rounded-xl bg-white/10 p-3">
          {game}
        </section>
      )}
      <p className="rounded-xl bg-white/10 px-4 py-3 text-lg" data-testid="stage-last-fired" data-fired-count={log.total}>
        {last ? (
          <>
            <span className="text-white/70">Last action: </span>
            <span className="font-semibold">{last.label}</span> — {describeAction(last.action, last.label)}
            {last.problem && <span className="block text-base text-amber-300">{last.problem}</span>}
          </>
        ) : (
          <span className="text-white/70">No action has fired yet.</span>
        )}
      </p>
    </div>
  );
}

function StageSlide({ slides, index, onStep }: { slides: readonly Slide[]; index: number; onStep: (direction: SlideDirection) => void }) {
  const slide = slides[index] ?? null;
  const url = useObjectUrl(slide?.image ?? null);
  if (!slide) {
    return <p className="rounded-xl bg-white/10 px-4 py-3 text-white/80">The slide deck is empty: add images under Gesture actions, then present again.</p>;
  }
  return (
    <figure className="flex flex-col gap-2 lg:min-h-0 lg:flex-1" data-testid="stage-slide" data-index={index} data-slide-id={slide.id}>
      <div className="flex items-center justify-center overflow-hidden rounded-xl bg-black lg:min-h-0 lg:flex-1">
        {/* eslint-disable-next-line @next/next/no-img-element -- a local blob: URL, nothing to optimise */}
        {url && <img src={url} alt={`Slide ${index + 1} of ${slides.length}`} className="max-h-[50vh] w-full object-contain lg:h-full lg:max-h-none" />}
      </div>
      <figcaption className="flex items-center justify-between gap-2">
        <button type="button" className={`${buttonClass('secondary')} ${TOUCH}`} onClick={() => onStep('previous')}>
          Previous slide
        </button>
        <span className="tabular-nums text-white/80" data-testid="stage-slide-number">
          Slide {index + 1} of {slides.length}
        </span>
        <button type="button" className={`${buttonClass('secondary')} ${TOUCH}`} onClick={() => onStep('next')}>
          Next slide
        </button>
      </figcaption>
    </figure>
  );
}
