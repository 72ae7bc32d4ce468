/**
 * What a screen reader hears: a few sentences that matter (a label that settled, training finished,
 * an error), through one polite live region per page — never a stream of per-frame updates.
 */
export interface Announcement {
  readonly text: string;
  /** Grows with every announcement, so the same sentence twice is still two announcements. */
  readonly seq: number;
}

export interface Announcer {
  announce(text: string): void;
  get(): Announcement;
  subscribe(listener: () => void): () => void;
}

export function createAnnouncer(): Announcer {
  let current: Announcement = { text: '', seq: 0 };
  const listeners = new Set<() => void>();
  return {
    announce(text) {
      const trimmed = text.trim();
      if (!trimmed) return;
      current = { text: trimmed, seq: current.seq + 1 };
      listeners.forEach((listener) => listener());
    },
    get: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Decides when a live label is worth saying: once it has stayed the same for `settleMs` and differs
 * from the last one said. A label that flickers for a few frames is never said at all.
 */
export class SettledLabel {
  private candidate: string | null = null;
  private since = 0;
  private said: string | null = null;

  constructor(private readonly settleMs: number) {}

  /** Feeds the label shown now (null: nothing worth saying, e.g. before any prediction); returns the label to say, if any. */
  update(label: string | null, nowMs: number): string | null {
    if (label !== this.candidate) {
      this.candidate = label;
      this.since = nowMs;
      return null;
    }
    if (label === null || label === this.said || nowMs - this.since < this.settleMs) return null;
    this.said = label;
    return label;
  }
}
