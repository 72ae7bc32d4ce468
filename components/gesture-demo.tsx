'use client';
import { useState, type ReactNode } from 'react';
import type { ActionClass } from '@/lib/actions';
import { createMoveBus } from '@/lib/game';
import { useActionFiring, usePresentation, type ActionFiring, type ActionSettings, type LiveStore, type MotionEventSource, type Presentation } from '@/lib/hooks';
import { GestureGame, useGameSession, type GameSession } from './game/gesture-game';
import { PresentationStage } from './presentation-stage';
import { buttonClass } from './ui';

/**
 * What the gestures do, wherever a model runs live (the studio and the player): the actions firing
 * on held gestures, the game their moves drive, and presentation mode's stage.
 */
export interface GestureDemo {
  readonly settings: ActionSettings;
  readonly firing: ActionFiring;
  readonly presentation: Presentation;
  readonly game: GameSession;
}

export interface GestureDemoOptions {
  readonly settings: ActionSettings;
  readonly store: LiveStore;
  readonly classes: readonly ActionClass[];
  readonly threshold: number;
  /** Nothing fires (a class is being recorded: its gesture is being taught, not used). */
  readonly paused: boolean;
  /** Completed motions, which fire their motion classes' actions. */
  readonly motionEvents?: MotionEventSource;
}

export function useGestureDemo({ settings, store, classes, threshold, paused, motionEvents }: GestureDemoOptions): GestureDemo {
  // Gesture actions and the game's keys and buttons send moves here; the game listens.
  const [moves] = useState(createMoveBus);
  const game = useGameSession(moves);
  const firing = useActionFiring({ store, classes, threshold, actions: settings.actions, paused, moves, motionEvents });
  const presentation = usePresentation();
  return { settings, firing, presentation, game };
}

export function PresentButton({ demo }: { demo: GestureDemo }) {
  return (
    <button ref={demo.presentation.buttonRef} type="button" className={buttonClass('secondary')} aria-haspopup="dialog" onClick={demo.presentation.enter}>
      Present
    </button>
  );
}

/** The camera preview inside presentation mode's stage, with the slides and (when a class drives it) the game. */
export function DemoStage({ demo, preview, store, threshold, onStartCamera }: { demo: GestureDemo; preview: ReactNode; store: LiveStore; threshold: number; onStartCamera?: () => void }) {
  const { actions } = demo.settings;
  const drives = (kind: 'slide' | 'game') => actions.bindings.some((b) => b.action.kind === kind);
  return (
    <PresentationStage
      presentation={demo.presentation}
      preview={preview}
      store={store}
      threshold={threshold}
      trigger={demo.firing.trigger}
      slides={actions.slides}
      slideIndex={demo.firing.slideIndex}
      slideActions={drives('slide')}
      onStepSlide={demo.firing.stepSlide}
      log={demo.firing.log}
      game={drives('game') ? <GestureGame session={demo.game} size="stage" /> : undefined}
      onStartCamera={onStartCamera}
    />
  );
}
