import { describe, expect, it } from 'vitest';
import type { GestureClass, Sample } from '../dataset';
import { pickCheckSamples } from './subset';

function gestureClass(name: string, count: number, withoutImage = 0): GestureClass {
  const samples: Sample[] = Array.from({ length: count }, (_, i) => ({
    id: `${name}-${i}`,
    embedding: new Float32Array(2),
    image: i < withoutImage ? null : new Blob([`${name}${i}`], { type: 'image/jpeg' }),
    source: 'upload',
  }));
  return { id: name, name, samples };
}

describe('pickCheckSamples', () => {
  it('takes up to perClass of every class, in class order', () => {
    const picked = pickCheckSamples([gestureClass('a', 20), gestureClass('b', 5)], { perClass: 12 });
    expect(picked.filter((p) => p.className === 'a')).toHaveLength(12);
    expect(picked.filter((p) => p.className === 'b')).toHaveLength(5);
    expect(picked.map((p) => p.className)).toEqual([...Array(12).fill('a'), ...Array(5).fill('b')]);
    expect(new Set(picked.map((p) => p.sample.id)).size).toBe(17);
    for (const p of picked) expect(p.sample.id.startsWith(p.className)).toBe(true);
  });

  it('takes fewer of each class to stay within inAll, and at least one of each', () => {
    const ten = Array.from({ length: 10 }, (_, i) => gestureClass(`c${i}`, 30));
    expect(pickCheckSamples(ten, { perClass: 12, inAll: 60 })).toHaveLength(60);
    const many = Array.from({ length: 80 }, (_, i) => gestureClass(`c${i}`, 3));
    expect(pickCheckSamples(many, { perClass: 12, inAll: 60 })).toHaveLength(80);
  });

  it('is seeded: the same seed gives the same picks, another seed others', () => {
    const classes = [gestureClass('a', 40), gestureClass('b', 40)];
    const ids = (seed: number) => pickCheckSamples(classes, { seed }).map((p) => p.sample.id);
    expect(ids(3)).toEqual(ids(3));
    expect(ids(3)).not.toEqual(ids(4));
  });

  it('skips samples without an image, and classes left with none', () => {
    const picked = pickCheckSamples([gestureClass('a', 4, 3), gestureClass('b', 2, 2), gestureClass('c', 0)]);
    expect(picked.map((p) => p.sample.id)).toEqual(['a-3']);
  });

  it('picks nothing from no samples', () => {
    expect(pickCheckSamples([])).toEqual([]);
    expect(pickCheckSamples([gestureClass('a', 0)])).toEqual([]);
  });
});
