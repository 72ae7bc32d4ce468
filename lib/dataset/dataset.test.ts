import { describe, expect, it } from 'vitest';
import {
  addClass,
  addSamples,
  clearClass,
  createDataset,
  MAX_CLASS_NAME_LENGTH,
  mergeNamedSamples,
  nextClassName,
  removeClass,
  removeSample,
  renameClass,
  sampleCount,
  toTrainingSet,
  validateClassName,
  type Dataset,
  type GestureClass,
  type Sample,
} from './dataset';

let sampleNo = 0;
function sample(values: number[]): Sample {
  sampleNo += 1;
  return { id: `s${sampleNo}`, embedding: Float32Array.from(values), image: null, source: 'camera' };
}

function cls(name: string, samples: Sample[] = [], id = `id-${name}`): GestureClass {
  return { id, name, samples };
}

/** A deep, comparable snapshot (Float32Arrays become plain arrays). */
function snapshot(dataset: Dataset) {
  return JSON.stringify(dataset, (_, v) => (v instanceof Float32Array ? Array.from(v) : v));
}

describe('createDataset', () => {
  it('starts with two empty "Class N" classes with distinct ids', () => {
    const d = createDataset('mobilenet_v1_025');
    expect(d.backboneId).toBe('mobilenet_v1_025');
    expect(d.classes.map((c) => c.name)).toEqual(['Class 1', 'Class 2']);
    expect(d.classes.every((c) => c.samples.length === 0)).toBe(true);
    expect(new Set(d.classes.map((c) => c.id)).size).toBe(2);
  });

  it('uses the given class names', () => {
    const d = createDataset('mobilenet_v1_075', ['thumb', 'fist', 'palm']);
    expect(d.backboneId).toBe('mobilenet_v1_075');
    expect(d.classes.map((c) => c.name)).toEqual(['thumb', 'fist', 'palm']);
    expect(new Set(d.classes.map((c) => c.id)).size).toBe(3);
  });
});

describe('nextClassName', () => {
  it('numbers after the class count', () => {
    expect(nextClassName([])).toBe('Class 1');
    expect(nextClassName([cls('a'), cls('b')])).toBe('Class 3');
  });

  it('skips names already taken, case-insensitively and ignoring spaces', () => {
    expect(nextClassName([cls('a'), cls(' class 3 ')])).toBe('Class 4');
    expect(nextClassName([cls('Class 2'), cls('Class 3')])).toBe('Class 4');
  });
});

describe('validateClassName', () => {
  const classes = [cls('Thumbs up', [], 'c1'), cls('Fist', [], 'c2')];

  it('accepts a fresh name', () => {
    expect(validateClassName('Palm', classes)).toBeNull();
  });

  it('rejects empty and whitespace-only names', () => {
    expect(validateClassName('', classes)).toBe('A class needs a name.');
    expect(validateClassName('   ', classes)).toBe('A class needs a name.');
  });

  it('rejects names longer than the limit, measured after trimming', () => {
    expect(validateClassName('x'.repeat(MAX_CLASS_NAME_LENGTH), classes)).toBeNull();
    expect(validateClassName(`  ${'x'.repeat(MAX_CLASS_NAME_LENGTH)}  `, classes)).toBeNull();
    expect(validateClassName('x'.repeat(MAX_CLASS_NAME_LENGTH + 1), classes)).toMatch(/40 characters or fewer/);
  });

  it('rejects a duplicate case-insensitively, quoting the trimmed name', () => {
    expect(validateClassName('  fIST ', classes)).toBe('Another class is already called "fIST".');
  });

  it('lets a class keep (or re-case) its own name', () => {
    expect(validateClassName('fist', classes, 'c2')).toBeNull();
    expect(validateClassName('fist', classes, 'c1')).not.toBeNull();
  });
});

describe('addClass', () => {
  it('appends a trimmed, named class and leaves the input unchanged', () => {
    const d = createDataset('mobilenet_v1_025');
    const before = snapshot(d);
    const next = addClass(d, '  Palm ');
    expect(next.classes.map((c) => c.name)).toEqual(['Class 1', 'Class 2', 'Palm']);
    expect(next.classes[2].samples).toEqual([]);
    expect(snapshot(d)).toBe(before);
    expect(d.classes).toHaveLength(2);
  });

  it('defaults to the next free "Class N" name', () => {
    const d = addClass(createDataset('mobilenet_v1_025'));
    expect(d.classes.map((c) => c.name)).toEqual(['Class 1', 'Class 2', 'Class 3']);
  });

  it('throws with the validation sentence for invalid names', () => {
    const d = createDataset('mobilenet_v1_025');
    expect(() => addClass(d, '')).toThrow('A class needs a name.');
    expect(() => addClass(d, 'class 1')).toThrow('Another class is already called "class 1".');
    expect(() => addClass(d, 'y'.repeat(41))).toThrow(/characters or fewer/);
  });
});

describe('renameClass', () => {
  it('renames only the target class, trimmed', () => {
    const d = createDataset('mobilenet_v1_025');
    const [a, b] = d.classes;
    const next = renameClass(d, a.id, ' Fist ');
    expect(next.classes.map((c) => c.name)).toEqual(['Fist', 'Class 2']);
    expect(next.classes[0].id).toBe(a.id);
    expect(next.classes[1]).toBe(b);
    expect(d.classes[0].name).toBe('Class 1');
  });

  it('allows renaming a class to a re-cased version of its own name', () => {
    const d = createDataset('mobilenet_v1_025');
    expect(renameClass(d, d.classes[0].id, 'CLASS 1').classes[0].name).toBe('CLASS 1');
  });

  it('throws for an invalid name or an unknown class', () => {
    const d = createDataset('mobilenet_v1_025');
    expect(() => renameClass(d, d.classes[0].id, 'class 2')).toThrow(/already called/);
    expect(() => renameClass(d, d.classes[0].id, ' ')).toThrow('A class needs a name.');
    expect(() => renameClass(d, 'nope', 'Palm')).toThrow('No class with id nope.');
  });
});

describe('removeClass', () => {
  it('drops the class with its samples, keeping the order of the rest', () => {
    const d = { backboneId: 'mobilenet_v1_025', classes: [cls('a', [sample([1])]), cls('b'), cls('c')] } as const satisfies Dataset;
    const next = removeClass(d, 'id-b');
    expect(next.classes.map((c) => c.name)).toEqual(['a', 'c']);
    expect(d.classes).toHaveLength(3);
    expect(removeClass(d, 'id-a').classes.map((c) => c.name)).toEqual(['b', 'c']);
  });
});

describe('samples', () => {
  function twoClasses(): Dataset {
    return { backboneId: 'mobilenet_v1_025', classes: [cls('a'), cls('b')] };
  }

  it('addSamples appends to the named class only and leaves the input unchanged', () => {
    const d = twoClasses();
    const before = snapshot(d);
    const s1 = sample([1, 2]);
    const s2 = sample([3, 4]);
    const next = addSamples(addSamples(d, 'id-a', [s1]), 'id-a', [s2]);
    expect(next.classes[0].samples).toEqual([s1, s2]);
    expect(next.classes[1].samples).toEqual([]);
    expect(sampleCount(next)).toBe(2);
    expect(snapshot(d)).toBe(before);
    expect(sampleCount(d)).toBe(0);
  });

  it('addSamples throws when an embedding length differs from the dataset', () => {
    const d = addSamples(twoClasses(), 'id-a', [sample([1, 2, 3])]);
    expect(() => addSamples(d, 'id-b', [sample([1, 2, 3]), sample([1, 2])])).toThrow('Embedding has 2 values; this dataset\'s have 3.');
    expect(() => addSamples(d, 'id-a', [sample([1, 2, 3, 4])])).toThrow(/has 4 values/);
    expect(sampleCount(addSamples(d, 'id-b', [sample([4, 5, 6])]))).toBe(2);
  });

  it('addSamples throws for a batch of mixed lengths even into an empty dataset', () => {
    expect(() => addSamples(twoClasses(), 'id-a', [sample([1, 2, 3]), sample([1, 2])])).toThrow(/has 2 values/);
  });

  it('addSamples throws for an unknown class', () => {
    expect(() => addSamples(twoClasses(), 'zzz', [sample([1])])).toThrow('No class with id zzz.');
  });

  it('removeSample removes exactly that sample', () => {
    const [s1, s2, s3] = [sample([1]), sample([2]), sample([3])];
    const d = addSamples(twoClasses(), 'id-a', [s1, s2, s3]);
    const next = removeSample(d, 'id-a', s2.id);
    expect(next.classes[0].samples).toEqual([s1, s3]);
    expect(d.classes[0].samples).toHaveLength(3);
    expect(removeSample(d, 'id-a', 'unknown-sample').classes[0].samples).toHaveLength(3);
    expect(() => removeSample(d, 'zzz', s1.id)).toThrow(/No class/);
  });

  it('clearClass empties one class and keeps the others', () => {
    let d = addSamples(twoClasses(), 'id-a', [sample([1]), sample([2])]);
    d = addSamples(d, 'id-b', [sample([3])]);
    const next = clearClass(d, 'id-a');
    expect(next.classes.map((c) => c.samples.length)).toEqual([0, 1]);
    expect(next.classes[0].name).toBe('a');
    expect(d.classes.map((c) => c.samples.length)).toEqual([2, 1]);
    expect(() => clearClass(d, 'zzz')).toThrow(/No class/);
  });
});

describe('mergeNamedSamples', () => {
  it('extends an existing class case-insensitively and creates new ones', () => {
    const old = sample([0]);
    const d: Dataset = { backboneId: 'mobilenet_v1_025', classes: [cls('Fist', [old])] };
    const before = snapshot(d);
    const [f1, p1, p2] = [sample([1]), sample([2]), sample([3])];
    const next = mergeNamedSamples(
      d,
      new Map([
        [' fist ', [f1]],
        ['Palm ', [p1, p2]],
      ]),
    );
    expect(next.classes.map((c) => c.name)).toEqual(['Fist', 'Palm']);
    expect(next.classes[0].id).toBe('id-Fist');
    expect(next.classes[0].samples).toEqual([old, f1]);
    expect(next.classes[1].samples).toEqual([p1, p2]);
    expect(snapshot(d)).toBe(before);
  });

  it('drops untouched "Class N" starters but keeps renamed, non-empty or imported-over ones', () => {
    const kept = sample([9]);
    const d: Dataset = {
      backboneId: 'mobilenet_v1_025',
      classes: [cls('Class 1'), cls('Class 2', [kept]), cls('Wave'), cls('Class 3'), cls('Class 4')],
    };
    const s = sample([1]);
    const t = sample([2]);
    const next = mergeNamedSamples(
      d,
      new Map([
        ['class 3', [s]],
        ['ok', [t]],
      ]),
    );
    // Class 1 and Class 4: empty starters, dropped. Class 2 has samples; Wave is named; Class 3 is imported into.
    expect(next.classes.map((c) => c.name)).toEqual(['Class 2', 'Wave', 'Class 3', 'ok']);
    expect(next.classes[0].samples).toEqual([kept]);
    expect(next.classes[2].samples).toEqual([s]);
    expect(next.classes[2].id).toBe('id-Class 3');
    expect(next.classes[3].samples).toEqual([t]);
  });

  it('copies the imported sample arrays rather than sharing them', () => {
    const list = [sample([1])];
    const next = mergeNamedSamples(createDataset('mobilenet_v1_025'), new Map([['new', list]]));
    list.push(sample([2]));
    expect(next.classes).toHaveLength(1);
    expect(next.classes[0].samples).toHaveLength(1);
  });
});

describe('toTrainingSet', () => {
  it('lists rows in class order with class-index labels', () => {
    const [a1, a2, b1, c1] = [sample([1, 1]), sample([2, 2]), sample([3, 3]), sample([4, 4])];
    const d: Dataset = { backboneId: 'mobilenet_v1_025', classes: [cls('a', [a1, a2]), cls('empty'), cls('c', [c1]), cls('b', [b1])] };
    const set = toTrainingSet(d);
    expect(set.classNames).toEqual(['a', 'empty', 'c', 'b']);
    expect(Array.from(set.labels)).toEqual([0, 0, 2, 3]);
    expect(set.labels).toBeInstanceOf(Int32Array);
    expect(set.embeddings.map((e) => Array.from(e))).toEqual([
      [1, 1],
      [2, 2],
      [4, 4],
      [3, 3],
    ]);
  });

  it('is empty for a dataset without samples', () => {
    const set = toTrainingSet(createDataset('mobilenet_v1_025'));
    expect(set.classNames).toEqual(['Class 1', 'Class 2']);
    expect(set.embeddings).toEqual([]);
    expect(set.labels.length).toBe(0);
  });
});
