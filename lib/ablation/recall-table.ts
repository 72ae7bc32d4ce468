/** One set of images the hand search is measured on: photos with a hand, or scenes with none. */
export interface RecallSet {
  readonly id: string;
  readonly label: string;
  /** True for scenes with no hand: a hand found there is a false hand, not a hit. */
  readonly handFree?: boolean;
}

/** One image searched: its set, and the index of the first try that found a hand (null: none did). */
export interface RecallOutcome {
  readonly set: string;
  readonly hit: number | null;
}

/** Landmarker calls made for one try, and the milliseconds they took in all. */
export interface TryCost {
  readonly calls: number;
  readonly ms: number;
}

export interface RecallTable {
  readonly header: string[];
  readonly rows: string[][];
}

export interface RecallTableInput {
  readonly tries: readonly string[];
  readonly sets: readonly RecallSet[];
  /** The harder sets' ids, summed into one more column. */
  readonly harder: readonly string[];
  readonly outcomes: readonly RecallOutcome[];
  /** Per try, in `tries` order. */
  readonly costs: readonly TryCost[];
  /** The search stills had before (one try list, run separately on the same images): its row's name and outcomes. */
  readonly baseline?: { readonly label: string; readonly outcomes: readonly RecallOutcome[] };
}

const HARDER_ALL = 'Harder, all';

/**
 * The recall table: one row per try with the recall of the search stopped after it (cumulative, in
 * per cent of the set's images), and for hand-free sets the number of false hands so far; then the
 * baseline search's row. Sets with no image yet show "—".
 */
export function recallTable({ tries, sets, harder, outcomes, costs, baseline }: RecallTableInput): RecallTable {
  const columns: { label: string; handFree: boolean; of: (o: RecallOutcome) => boolean }[] = sets.map((set) => ({
    label: set.label,
    handFree: set.handFree === true,
    of: (o) => o.set === set.id,
  }));
  if (harder.length > 0) {
    const inHarder = new Set(harder);
    const handFreeIndex = columns.findIndex((c) => c.handFree);
    columns.splice(handFreeIndex < 0 ? columns.length : handFreeIndex, 0, { label: HARDER_ALL, handFree: false, of: (o) => inHarder.has(o.set) });
  }
  const cell = (column: (typeof columns)[number], list: readonly RecallOutcome[], upTo: number) => {
    const mine = list.filter(column.of);
    const found = mine.filter((o) => o.hit !== null && o.hit <= upTo).length;
    if (column.handFree) return String(found);
    return mine.length === 0 ? '—' : `${((100 * found) / mine.length).toFixed(1)}%`;
  };
  const count = (column: (typeof columns)[number]) => outcomes.filter(column.of).length;
  const header = ['Try (search stopped after it)', 'ms per call', ...columns.map((c) => `${c.label} (${count(c)})`)];
  const rows = tries.map((name, i) => {
    const cost = costs[i];
    const ms = cost && cost.calls > 0 ? (cost.ms / cost.calls).toFixed(1) : '—';
    return [`${i === 0 ? '' : '+ '}${name}`, ms, ...columns.map((c) => cell(c, outcomes, i))];
  });
  if (baseline) rows.push([baseline.label, '', ...columns.map((c) => cell(c, baseline.outcomes, Number.POSITIVE_INFINITY))]);
  return { header, rows };
}
