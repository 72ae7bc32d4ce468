'use client';
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createAnnouncer, type Announcer } from '@/lib/a11y';

const AnnouncerContext = createContext<Announcer | null>(null);

/**
 * The page's one polite live region. It is in the document from the first paint (a region added
 * together with its text is often not read), and its text changes only when something calls
 * `announce`: a settled label, a finished run, an error.
 */
export function LiveAnnouncer({ children }: { children: ReactNode }) {
  const [announcer] = useState(createAnnouncer);
  const { text, seq } = useSyncExternalStore(announcer.subscribe, announcer.get, announcer.get);
  return (
    <AnnouncerContext.Provider value={announcer}>
      {children}
      <div role="status" aria-live="polite" aria-atomic="true" data-testid="announcer" data-seq={seq} className="sr-only">
        {/* An alternating invisible mark makes a repeated sentence a change the screen reader reads again. */}
        {text ? `${text}${seq % 2 ? '' : '\u00a0'}` : ''}
      </div>
    </AnnouncerContext.Provider>
  );
}

/** `announce(text)` for the page's live region (a no-op outside `LiveAnnouncer`, e.g. in isolated renders). */
export function useAnnounce(): (text: string) => void {
  const announcer = useContext(AnnouncerContext);
  return announcer ? announcer.announce : noop;
}

/** Announces `text` whenever it changes to a non-empty value. */
export function useAnnounceChange(text: string | null | undefined): void {
  const announce = useAnnounce();
  useEffect(() => {
    if (text) announce(text);
  }, [text, announce]);
}

function noop(): void {}
