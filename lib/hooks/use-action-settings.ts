'use client';
import { useCallback, useMemo, useState } from 'react';
import {
  bindAction,
  clampCooldownMs,
  liveBindings,
  MAX_SLIDES,
  NO_ACTIONS,
  setHoldMs,
  slideFromFile,
  type GestureAction,
  type GestureActions,
  type Slide,
} from '../actions';
import type { ActionClass } from '../actions';

export interface ActionSettings {
  /** What the project's gestures do, as saved: only bindings of classes that exist and can fire. */
  readonly actions: GestureActions;
  /** Why the last slides added were not all added (unreadable files, a full deck), or null. */
  readonly slideProblem: string | null;
  /** Whether slides are being read. */
  readonly addingSlides: boolean;
  bind(classId: string, action: GestureAction | null): void;
  setHoldMs(classId: string, holdMs: number): void;
  setCooldownMs(cooldownMs: number): void;
  addSlides(files: readonly File[]): Promise<void>;
  removeSlide(slideId: string): void;
  /** Moves a slide one place earlier (-1) or later (+1) in the deck. */
  moveSlide(slideId: string, by: -1 | 1): void;
  /** Puts a saved project's actions in place (a project opened or imported). */
  restore(actions: GestureActions): void;
}

/** The action mapping, timing and slide deck of the open project (saved with it by the autosave). */
export function useActionSettings(classes: readonly ActionClass[]): ActionSettings {
  const [state, setState] = useState<GestureActions>(NO_ACTIONS);
  const [slideProblem, setSlideProblem] = useState<string | null>(null);
  const [addingSlides, setAddingSlides] = useState(false);

  const actions = useMemo(() => ({ ...state, bindings: liveBindings(state.bindings, classes) }), [state, classes]);

  const bind = useCallback((classId: string, action: GestureAction | null) => setState((s) => ({ ...s, bindings: bindAction(s.bindings, classId, action) })), []);
  const setHold = useCallback((classId: string, holdMs: number) => setState((s) => ({ ...s, bindings: setHoldMs(s.bindings, classId, holdMs) })), []);
  const setCooldownMs = useCallback((cooldownMs: number) => setState((s) => ({ ...s, cooldownMs: clampCooldownMs(cooldownMs) })), []);
  const restore = useCallback((saved: GestureActions) => {
    setState(saved);
    setSlideProblem(null);
  }, []);

  // Adding is one batch at a time (the button waits for it), so the deck's size now is its size then.
  const slideCount = state.slides.length;
  const addSlides = useCallback(
    async (files: readonly File[]) => {
      const room = Math.max(0, MAX_SLIDES - slideCount);
      const problems: string[] = [];
      if (files.length > room) {
        const left = files.length - room;
        problems.push(`The deck holds at most ${MAX_SLIDES} slides: ${left} ${left === 1 ? 'image was' : 'images were'} not added.`);
      }
      setAddingSlides(true);
      const made: Slide[] = [];
      for (const file of files.slice(0, room)) {
        try {
          made.push(await slideFromFile(file));
        } catch (error) {
          problems.push(error instanceof Error ? error.message : String(error));
        }
      }
      setState((s) => ({ ...s, slides: [...s.slides, ...made].slice(0, MAX_SLIDES) }));
      setSlideProblem(problems.length > 0 ? problems.join(' ') : null);
      setAddingSlides(false);
    },
    [slideCount],
  );

  const removeSlide = useCallback((slideId: string) => setState((s) => ({ ...s, slides: s.slides.filter((slide) => slide.id !== slideId) })), []);
  const moveSlide = useCallback(
    (slideId: string, by: -1 | 1) =>
      setState((s) => {
        const from = s.slides.findIndex((slide) => slide.id === slideId);
        const to = from + by;
        if (from < 0 || to < 0 || to >= s.slides.length) return s;
        const slides = [...s.slides];
        [slides[from], slides[to]] = [slides[to], slides[from]];
        return { ...s, slides };
      }),
    [],
  );

  return { actions, slideProblem, addingSlides, bind, setHoldMs: setHold, setCooldownMs, addSlides, removeSlide, moveSlide, restore };
}
