'use client';
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  armedLabels,
  canSpeak,
  createGestureTrigger,
  createSoundPlayer,
  EMPTY_FIRED_LOG,
  IDLE_TRIGGER,
  logFiring,
  noteProblem,
  speak,
  stepSlide,
  type FiredLog,
  type GestureAction,
  type GestureActions,
  type SlideDirection,
  type TriggerState,
} from '../actions';
import type { ActionClass } from '../actions';
import type { MoveBus } from '../game';
import { createStore, type LiveStore, type Store } from './live-store';

export interface ActionFiringOptions {
  readonly store: LiveStore;
  readonly classes: readonly ActionClass[];
  readonly threshold: number;
  readonly actions: GestureActions;
  /** While a class is being recorded the gestures are being taught, not used: nothing fires. */
  readonly paused: boolean;
  /** Where game moves go (the built-in game listens). */
  readonly moves: MoveBus;
  /** Completed motions (the studio's motion model): each new one fires its motion class's action at once. */
  readonly motionEvents?: MotionEventSource;
}

/** Completed motions as they happen (lib/studio `MotionController`), newest last seen through `latestEvent`. */
export interface MotionEventSource {
  subscribe(listener: () => void): () => void;
  latestEvent(): { readonly seq: number; readonly className: string } | null;
}

export interface ActionFiring {
  /** The held gesture's charge, every frame (for the charging rings). */
  readonly trigger: Store<TriggerState>;
  readonly log: FiredLog;
  /** The slide shown, 0-based (0 for an empty deck). */
  readonly slideIndex: number;
  /** False when this browser has no speech synthesis: "Say the label aloud" cannot work here. */
  readonly speech: boolean;
  stepSlide(direction: SlideDirection): void;
  clearLog(): void;
  /** Why the last tried action failed (no sound, no voice, no slides), or null. */
  readonly tryProblem: string | null;
  /** Does a class's action once, as a firing would, without counting it (to hear a sound before choosing it). */
  tryAction(classId: string): void;
}

/**
 * Watches the live label and fires each class's action when its gesture is held (lib/actions'
 * trigger): plays its sound, says its label, turns the slide or sends a game move, and logs it.
 */
export function useActionFiring({ store, classes, threshold, actions, paused, moves, motionEvents }: ActionFiringOptions): ActionFiring {
  const [trigger] = useState(createGestureTrigger);
  const [triggerStore] = useState(() => createStore<TriggerState>(IDLE_TRIGGER));
  const [sounds] = useState(createSoundPlayer);
  const [nextSeq] = useState(() => {
    let seq = 0;
    return () => (seq += 1);
  });
  const [log, setLog] = useState<FiredLog>(EMPTY_FIRED_LOG);
  const [slide, setSlide] = useState(0);
  const [speech] = useState(canSpeak);
  const [tryProblem, setTryProblem] = useState<string | null>(null);
  const slideCount = actions.slides.length;

  useEffect(() => () => sounds.close(), [sounds]);

  const perform = useCallback(
    (action: GestureAction, label: string): Promise<void> => {
      switch (action.kind) {
        case 'sound':
          return sounds.play(action.sound);
        case 'speak':
          return speak(label);
        case 'slide':
          if (slideCount === 0) return Promise.reject(new Error('The slide deck is empty: add images to it under Gesture actions.'));
          setSlide((i) => stepSlide(i, slideCount, action.direction));
          return Promise.resolve();
        case 'game':
          moves.send(action.move);
          return Promise.resolve();
      }
    },
    [sounds, slideCount, moves],
  );

  const armed = useMemo(() => armedLabels(actions.bindings, classes), [actions.bindings, classes]);

  /** Fires the action bound to `actionClass`, if any, and logs it. */
  const fire = useCallback(
    (actionClass: ActionClass | undefined) => {
      const binding = actions.bindings.find((b) => b.classId === actionClass?.id);
      if (!actionClass || !binding) return;
      const seq = nextSeq();
      const label = actionClass.name;
      setLog((l) => logFiring(l, { seq, classId: actionClass.id, label, action: binding.action, at: Date.now() }));
      perform(binding.action, label).catch((error: unknown) => setLog((l) => noteProblem(l, seq, error instanceof Error ? error.message : String(error))));
    },
    [actions.bindings, perform, nextSeq],
  );

  // A motion fires once, when it completes (the recognizer's peak); the cooldown still spaces firings.
  useEffect(() => {
    if (!motionEvents) return;
    let seen = motionEvents.latestEvent()?.seq ?? 0;
    let lastFiredMs = -Infinity;
    return motionEvents.subscribe(() => {
      const event = motionEvents.latestEvent();
      if (!event || event.seq <= seen) return;
      seen = event.seq;
      const now = performance.now();
      if (paused || now - lastFiredMs < actions.cooldownMs) return;
      const motion = classes.find((c) => c.kind === 'motion' && c.name === event.className);
      if (!motion || !actions.bindings.some((b) => b.classId === motion.id)) return;
      lastFiredMs = now;
      fire(motion);
    });
  }, [motionEvents, paused, actions.cooldownMs, actions.bindings, classes, fire]);

  useEffect(() => {
    if (paused) {
      trigger.reset();
      triggerStore.set(IDLE_TRIGGER);
      return;
    }
    const settings = { armed, threshold, cooldownMs: actions.cooldownMs };
    const onFrame = () => {
      const live = store.get();
      const { state, fired } = trigger.step({ probabilities: live.probabilities, classNames: live.classNames, noHand: live.tracking && !live.hand, now: performance.now() }, settings);
      const shown = triggerStore.get();
      if (state.phase !== shown.phase || state.label !== shown.label || state.progress !== shown.progress) triggerStore.set(state);
      if (fired) fire(classes.find((c) => c.kind !== 'motion' && c.name === fired));
    };
    return store.subscribe(onFrame);
  }, [store, trigger, triggerStore, paused, armed, threshold, actions.cooldownMs, classes, fire]);

  const tryAction = useCallback(
    (classId: string) => {
      const binding = actions.bindings.find((b) => b.classId === classId);
      const label = classes.find((c) => c.id === classId)?.name;
      if (!binding || !label) return;
      setTryProblem(null);
      perform(binding.action, label).catch((error: unknown) => setTryProblem(error instanceof Error ? error.message : String(error)));
    },
    [actions.bindings, classes, perform],
  );

  const step = useCallback((direction: SlideDirection) => setSlide((i) => stepSlide(i, slideCount, direction)), [slideCount]);
  const clearLog = useCallback(() => setLog(EMPTY_FIRED_LOG), []);

  return { trigger: triggerStore, log, slideIndex: Math.min(slide, Math.max(0, slideCount - 1)), speech, tryProblem, stepSlide: step, clearLog, tryAction };
}
