import { describe, expect, it } from 'vitest';
import { NONE_CLASS_NAME, type GestureClass } from '../dataset';
import {
  ACTION_CHOICES,
  actionValue,
  ActionsFormatError,
  armedLabels,
  bindAction,
  clampCooldownMs,
  clampHoldMs,
  liveBindings,
  parseBindings,
  setHoldMs,
  stepSlide,
  type ActionBinding,
} from './actions';
import { announce, EMPTY_FIRED_LOG, logFiring, MAX_LOG_ENTRIES, noteProblem } from './fired-log';
import { DEFAULT_HOLD_MS } from './trigger';

const classes: GestureClass[] = [
  { id: 'a', name: 'Five', samples: [] },
  { id: 'b', name: 'Two', samples: [] },
  { id: 'n', name: NONE_CLASS_NAME, samples: [] },
];
const ids = new Set(classes.map((c) => c.id));

function problemOf(json: unknown): { kind: string; problem: string } | 'accepted' {
  try {
    parseBindings(json, ids);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof ActionsFormatError)) throw error;
    return { kind: error.kind, problem: error.problem };
  }
}

describe('action choices', () => {
  it('every choice has a unique value that maps back to its action', () => {
    const values = ACTION_CHOICES.map((c) => c.value);
    expect(new Set(values).size).toBe(values.length);
    for (const choice of ACTION_CHOICES) expect(actionValue(choice.action)).toBe(choice.value);
    expect(new Set(ACTION_CHOICES.map((c) => c.action.kind))).toEqual(new Set(['sound', 'speak', 'slide', 'game']));
  });
});

describe('bindings', () => {
  it('binds, keeps the hold time across a change of action, and unbinds', () => {
    let bindings = bindAction([], 'a', { kind: 'speak' });
    expect(bindings).toEqual([{ classId: 'a', action: { kind: 'speak' }, holdMs: DEFAULT_HOLD_MS }]);
    bindings = setHoldMs(bindings, 'a', 750);
    bindings = bindAction(bindings, 'a', { kind: 'sound', sound: 'pop' });
    expect(bindings).toEqual([{ classId: 'a', action: { kind: 'sound', sound: 'pop' }, holdMs: 750 }]);
    expect(bindAction(bindings, 'a', null)).toEqual([]);
  });

  it('clamps hold and cooldown times into range', () => {
    expect([clampHoldMs(5), clampHoldMs(1e9), clampHoldMs(Number.NaN), clampHoldMs(432.6)]).toEqual([100, 5000, DEFAULT_HOLD_MS, 433]);
    expect([clampCooldownMs(-3), clampCooldownMs(20_000), clampCooldownMs(250)]).toEqual([0, 10_000, 250]);
  });

  it('arms only bound classes that exist and are not "None of these", by name', () => {
    const bindings: ActionBinding[] = [
      { classId: 'b', action: { kind: 'slide', direction: 'next' }, holdMs: 300 },
      { classId: 'gone', action: { kind: 'speak' }, holdMs: 400 },
      { classId: 'n', action: { kind: 'speak' }, holdMs: 400 },
      { classId: 'a', action: { kind: 'sound', sound: 'chime' }, holdMs: 500 },
    ];
    expect(liveBindings(bindings, classes).map((b) => b.classId)).toEqual(['a', 'b']);
    expect(armedLabels(bindings, classes)).toEqual(new Map([['Five', 500], ['Two', 300]]));
  });
});

describe('stepSlide', () => {
  it('steps forward and back, wrapping around at both ends', () => {
    expect([0, 1, 2].map((i) => stepSlide(i, 3, 'next'))).toEqual([1, 2, 0]);
    expect([0, 1, 2].map((i) => stepSlide(i, 3, 'previous'))).toEqual([2, 0, 1]);
    expect(stepSlide(0, 0, 'next')).toBe(0);
    // An index left over from a longer deck is taken as its last slide.
    expect(stepSlide(7, 3, 'next')).toBe(0);
  });
});

describe('parseBindings (untrusted JSON)', () => {
  const good = {
    cooldownMs: 800,
    bindings: [
      { classId: 'a', holdMs: 400, action: { kind: 'sound', sound: 'chime' }, extra: '<script>' },
      { classId: 'b', holdMs: 650, action: { kind: 'game', move: 'left', also: 1 } },
      { classId: 'n', holdMs: 400, action: { kind: 'slide', direction: 'previous' } },
    ],
  };

  it('accepts every kind and keeps only known fields', () => {
    expect(parseBindings(good, ids)).toEqual({
      cooldownMs: 800,
      bindings: [
        { classId: 'a', holdMs: 400, action: { kind: 'sound', sound: 'chime' } },
        { classId: 'b', holdMs: 650, action: { kind: 'game', move: 'left' } },
        { classId: 'n', holdMs: 400, action: { kind: 'slide', direction: 'previous' } },
      ],
    });
    expect(parseBindings({ cooldownMs: 0, bindings: [{ classId: 'a', holdMs: 100, action: { kind: 'speak', text: 'ignored' } }] }, ids).bindings[0].action).toEqual({ kind: 'speak' });
  });

  it('rejects an unknown action kind as such', () => {
    expect(problemOf({ ...good, bindings: [{ classId: 'a', holdMs: 400, action: { kind: 'launch-rocket' } }] })).toEqual({ kind: 'unknown-action', problem: 'launch-rocket' });
    expect(problemOf({ ...good, bindings: [{ classId: 'a', holdMs: 400, action: { kind: 'constructor' } }] })).toMatchObject({ kind: 'unknown-action' });
  });

  it.each([
    ['not an object', null, 'actions must be an object'],
    ['bindings not a list', { cooldownMs: 800, bindings: {} }, 'actions.bindings must be a list'],
    ['cooldown out of range', { ...good, cooldownMs: 10_001 }, 'actions.cooldownMs must be a whole number from 0 to 10000'],
    ['fractional cooldown', { ...good, cooldownMs: 1.5 }, 'actions.cooldownMs'],
    ['more bindings than classes', { ...good, bindings: [...good.bindings, good.bindings[0]] }, 'more bindings than there are classes'],
    ['unknown class', { ...good, bindings: [{ ...good.bindings[0], classId: 'zzz' }] }, 'actions.bindings[0].classId'],
    ['prototype key as class', { ...good, bindings: [{ ...good.bindings[0], classId: '__proto__' }] }, 'actions.bindings[0].classId'],
    ['two actions for a class', { ...good, bindings: [good.bindings[0], { ...good.bindings[1], classId: 'a' }] }, 'actions.bindings[1] gives a class a second action'],
    ['hold too short', { ...good, bindings: [{ ...good.bindings[0], holdMs: 99 }] }, 'actions.bindings[0].holdMs'],
    ['hold as text', { ...good, bindings: [{ ...good.bindings[0], holdMs: '400' }] }, 'actions.bindings[0].holdMs'],
    ['unknown sound', { ...good, bindings: [{ ...good.bindings[0], action: { kind: 'sound', sound: 'http://x/y.mp3' } }] }, 'actions.bindings[0].action.sound must be one of'],
    ['unknown move', { ...good, bindings: [{ ...good.bindings[1], action: { kind: 'game', move: 'jump' } }] }, 'actions.bindings[0].action.move must be one of'],
    ['action not an object', { ...good, bindings: [{ ...good.bindings[0], action: 'speak' }] }, 'actions.bindings[0].action must be an object'],
  ])('rejects %s', (_, json, problem) => {
    const result = problemOf(json);
    expect(result).toMatchObject({ kind: 'bad-actions' });
    expect((result as { problem: string }).problem).toContain(problem);
  });
});

describe('fired log', () => {
  const fire = (log = EMPTY_FIRED_LOG, classId = 'a', label = 'Five') => logFiring(log, { seq: log.total + 1, classId, label, action: { kind: 'sound', sound: 'chime' }, at: 1000 });

  it('counts firings per class, newest entry first', () => {
    const log = fire(fire(fire(), 'b', 'Two'));
    expect(log.total).toBe(3);
    expect(log.counts).toEqual(new Map([['a', 2], ['b', 1]]));
    expect(log.entries.map((e) => [e.seq, e.label])).toEqual([[3, 'Five'], [2, 'Two'], [1, 'Five']]);
  });

  it('keeps the newest entries only, but counts them all', () => {
    let log = EMPTY_FIRED_LOG;
    for (let i = 0; i < MAX_LOG_ENTRIES + 5; i += 1) log = fire(log);
    expect(log.entries).toHaveLength(MAX_LOG_ENTRIES);
    expect(log.entries[0].seq).toBe(MAX_LOG_ENTRIES + 5);
    expect(log.counts.get('a')).toBe(MAX_LOG_ENTRIES + 5);
  });

  it('announces each firing with a sentence that differs from the last, and a problem when one is noted', () => {
    const one = fire();
    const two = fire(one);
    expect(announce(one.entries[0], one)).toBe('Five: played “Chime” (1 time).');
    expect(announce(two.entries[0], two)).toBe('Five: played “Chime” (2 times).');
    const failed = noteProblem(two, 2, 'This browser cannot play sounds.');
    expect(announce(failed.entries[0], failed)).toBe('Five: played “Chime” (2 times). This browser cannot play sounds.');
    expect(failed.entries[1].problem).toBeNull();
  });
});
