import { describe, expect, it } from 'vitest';
import { createRandom, seedFromString, shuffled } from './random';

const draw = (random: () => number, n: number) => Array.from({ length: n }, () => random());

describe('createRandom', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = draw(createRandom(42), 20);
    expect(draw(createRandom(42), 20)).toEqual(a);
    expect(draw(createRandom(43), 20)).not.toEqual(a);
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const values = draw(createRandom(7), 10_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    const buckets = new Array<number>(10).fill(0);
    for (const v of values) buckets[Math.floor(v * 10)] += 1;
    for (const b of buckets) expect(Math.abs(b - 1000)).toBeLessThan(150);
  });

  it('treats seeds as 32-bit unsigned integers', () => {
    expect(draw(createRandom(2 ** 32 + 5), 5)).toEqual(draw(createRandom(5), 5));
  });
});

describe('shuffled', () => {
  const items = Array.from({ length: 50 }, (_, i) => i);

  it('returns a permutation and leaves the input untouched', () => {
    const input = [...items];
    const out = shuffled(input, createRandom(1));
    expect(input).toEqual(items);
    expect(out).not.toBe(input);
    expect([...out].sort((a, b) => a - b)).toEqual(items);
    expect(out).not.toEqual(items);
  });

  it('is reproducible from the seed', () => {
    expect(shuffled(items, createRandom(9))).toEqual(shuffled(items, createRandom(9)));
    expect(shuffled(items, createRandom(9))).not.toEqual(shuffled(items, createRandom(10)));
  });

  it('handles empty and single-item lists', () => {
    expect(shuffled([], createRandom(1))).toEqual([]);
    expect(shuffled(['a'], createRandom(1))).toEqual(['a']);
  });

  it('puts each item first about equally often', () => {
    const random = createRandom(3);
    const firsts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i += 1) firsts[shuffled([0, 1, 2, 3], random)[0]] += 1;
    for (const count of firsts) expect(Math.abs(count - 1000)).toBeLessThan(120);
  });
});

describe('seedFromString', () => {
  it('is stable, unsigned 32-bit, and differs between strings', () => {
    expect(seedFromString('sample-1')).toBe(seedFromString('sample-1'));
    expect(seedFromString('sample-1')).not.toBe(seedFromString('sample-2'));
    expect(seedFromString('')).toBe(0x811c9dc5);
    expect(Number.isInteger(seedFromString('x')) && seedFromString('x') >= 0 && seedFromString('x') < 2 ** 32).toBe(true);
  });
});
