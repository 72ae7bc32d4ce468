import { describeAction, type GestureAction } from './actions';

/** One firing: which class, what it did, and what went wrong doing it (null when nothing did). */
export interface FiredEntry {
  /** Unique within the session, to find the entry again when its action reports back. */
  readonly seq: number;
  readonly classId: string;
  readonly label: string;
  readonly action: GestureAction;
  /** Milliseconds since 1970. */
  readonly at: number;
  readonly problem: string | null;
}

export interface FiredLog {
  /** Newest first, at most MAX_LOG_ENTRIES. */
  readonly entries: readonly FiredEntry[];
  /** Firings per class id, since the log was last cleared. */
  readonly counts: ReadonlyMap<string, number>;
  readonly total: number;
}

export const MAX_LOG_ENTRIES = 20;
export const EMPTY_FIRED_LOG: FiredLog = { entries: [], counts: new Map(), total: 0 };

export function logFiring(log: FiredLog, firing: Omit<FiredEntry, 'problem'>): FiredLog {
  const entry: FiredEntry = { ...firing, problem: null };
  const counts = new Map(log.counts);
  counts.set(firing.classId, (counts.get(firing.classId) ?? 0) + 1);
  return { entries: [entry, ...log.entries].slice(0, MAX_LOG_ENTRIES), counts, total: log.total + 1 };
}

/** Marks the entry `seq` as failed (a sound that could not play, a voice that is missing). */
export function noteProblem(log: FiredLog, seq: number, problem: string): FiredLog {
  return { ...log, entries: log.entries.map((e) => (e.seq === seq ? { ...e, problem } : e)) };
}

/**
 * The sentence a screen reader hears for `entry`: one per firing, and never the same twice in a row
 * (the count grows), so a polite live region speaks each one.
 */
export function announce(entry: FiredEntry, log: FiredLog): string {
  const count = log.counts.get(entry.classId) ?? 0;
  const what = `${entry.label}: ${describeAction(entry.action, entry.label)}`;
  return `${what} (${count} ${count === 1 ? 'time' : 'times'}).${entry.problem ? ` ${entry.problem}` : ''}`;
}
