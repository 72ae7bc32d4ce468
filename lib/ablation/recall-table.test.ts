import { describe, expect, it } from 'vitest';
import { recallTable, type RecallOutcome } from './recall-table';

const SETS = [
  { id: 'photos', label: 'Photos' },
  { id: 'cut-left', label: 'cut left' },
  { id: 'quarter', label: 'quarter' },
  { id: 'none', label: 'False hands', handFree: true },
];

const outcomes: RecallOutcome[] = [
  { set: 'photos', hit: 0 },
  { set: 'photos', hit: 0 },
  { set: 'photos', hit: 2 },
  { set: 'photos', hit: null },
  { set: 'cut-left', hit: 1 },
  { set: 'cut-left', hit: null },
  { set: 'quarter', hit: 2 },
  { set: 'none', hit: null },
  { set: 'none', hit: 2 },
];

describe('recallTable', () => {
  const table = recallTable({
    tries: ['as is', 'margin', 'zoom'],
    sets: SETS,
    harder: ['cut-left', 'quarter'],
    outcomes,
    costs: [
      { calls: 9, ms: 180 },
      { calls: 6, ms: 150 },
      { calls: 0, ms: 0 },
    ],
    baseline: { label: 'Old search', outcomes: outcomes.map((o) => ({ ...o, hit: o.hit === 0 ? 0 : null })) },
  });

  it('heads each set with its image count, the harder sets summed before the hand-free one', () => {
    expect(table.header).toEqual(['Try (search stopped after it)', 'ms per call', 'Photos (4)', 'cut left (2)', 'quarter (1)', 'Harder, all (3)', 'False hands (2)']);
  });

  it('gives the cumulative recall after each try and the false hands so far', () => {
    expect(table.rows).toEqual([
      ['as is', '20.0', '50.0%', '0.0%', '0.0%', '0.0%', '0'],
      ['+ margin', '25.0', '50.0%', '50.0%', '0.0%', '33.3%', '0'],
      ['+ zoom', '—', '75.0%', '50.0%', '100.0%', '66.7%', '1'],
      ['Old search', '', '50.0%', '0.0%', '0.0%', '0.0%', '0'],
    ]);
  });

  it('shows a dash for a set with no image yet', () => {
    const empty = recallTable({ tries: ['as is'], sets: SETS, harder: [], outcomes: [], costs: [{ calls: 0, ms: 0 }] });
    expect(empty.rows[0]).toEqual(['as is', '—', '—', '—', '—', '0']);
  });
});
