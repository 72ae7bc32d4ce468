'use client';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/** How the stage covers the screen: the Fullscreen API, or a fixed overlay where it is missing or refused. */
export type StageMode = 'fullscreen' | 'overlay';

export interface Presentation {
  /** Null while not presenting. */
  readonly mode: StageMode | null;
  /** The element that goes full screen. */
  readonly stageRef: RefObject<HTMLDivElement | null>;
  /** The Present button: focus comes back to it on leaving. */
  readonly buttonRef: RefObject<HTMLButtonElement | null>;
  /** The stage's Exit button: focus goes to it on entering. */
  readonly exitRef: RefObject<HTMLButtonElement | null>;
  enter(): void;
  exit(): void;
  /** Keeps Tab and Shift+Tab inside the stage while it covers the page. */
  onStageKeyDown(event: KeyboardEvent<HTMLElement>): void;
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Presentation mode: the stage element goes full screen (or, where the browser has no Fullscreen API
 * or refuses it, becomes a fixed overlay), focus moves into it, Escape or Exit leaves it, and focus
 * returns to the Present button.
 */
export function usePresentation(): Presentation {
  const [mode, setMode] = useState<StageMode | null>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const exitRef = useRef<HTMLButtonElement>(null);

  const exit = useCallback(() => {
    // Synchronously, so the Present button is back in the page when focus returns to it.
    flushSync(() => setMode(null));
    const returnFocus = () => buttonRef.current?.focus();
    // While the stage is full screen the rest of the page cannot take focus: return it once the
    // browser has left full screen (or has failed to, having already left by itself).
    if (document.fullscreenElement) document.exitFullscreen().then(returnFocus, returnFocus);
    else returnFocus();
  }, []);

  const enter = useCallback(() => {
    flushSync(() => setMode('overlay'));
    const stage = stageRef.current;
    // Asked for within the click or key press, as browsers require; a refusal leaves the overlay in place.
    if (stage && typeof stage.requestFullscreen === 'function' && document.fullscreenEnabled) {
      stage.requestFullscreen({ navigationUI: 'hide' }).then(
        () => setMode((m) => (m === null ? m : 'fullscreen')),
        () => undefined,
      );
    }
    exitRef.current?.focus();
  }, []);

  useEffect(() => {
    if (mode === null) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        exit();
      }
    };
    // The browser leaves full screen by itself (its own Escape, F11): leave presentation mode with it.
    const onFullscreenChange = () => {
      if (mode === 'fullscreen' && !document.fullscreenElement) exit();
    };
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    document.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFullscreenChange);
    return () => {
      document.body.style.overflow = overflow;
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFullscreenChange);
    };
  }, [mode, exit]);

  const onStageKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (mode === null || event.key !== 'Tab') return;
      const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
      if (focusable.length === 0) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    },
    [mode],
  );

  return { mode, stageRef, buttonRef, exitRef, enter, exit, onStageKeyDown };
}
