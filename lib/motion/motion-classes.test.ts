import { describe, expect, it } from 'vitest';
import { TrainingError } from '../train';
import { clipFromRows, MOTION_ROW_SIZE } from './clip';
import {
  addClip,
  addMotionClass,
  motionTrainingSet,
  newMotionClass,
  nextMotionName,
  removeClip,
  removeMotionClass,
  renameMotionClass,
  setMirror,
  type MotionClass,
  type StoredClip,
} from './motion-classes';

const clip = (id: string): StoredClip => ({ id, clip: clipFromRows([new Float32Array(MOTION_ROW_SIZE)], 15), source: 'camera', createdAt: 0 });

function threeClasses(): readonly MotionClass[] {
  let classes: readonly MotionClass[] = [];
  classes = addMotionClass(classes, newMotionClass('a', 'Swipe left'));
  classes = addMotionClass(classes, newMotionClass('b', 'Swipe right'));
  classes = addMotionClass(classes, newMotionClass('i', 'No motion', 'idle'));
  return classes;
}

describe('motion classes', () => {
  it('refuses a second idle class and a name already taken, whatever its case', () => {
    const classes = threeClasses();
    expect(() => addMotionClass(classes, newMotionClass('j', 'Rest', 'idle'))).toThrow(/already a "no motion"/);
    expect(() => addMotionClass(classes, newMotionClass('c', 'swipe LEFT'))).toThrow(/already a motion class named/);
    expect(() => renameMotionClass(classes, 'b', '  ')).toThrow(/needs a name/);
    expect(renameMotionClass(classes, 'b', ' Swipe → ')[1].name).toBe('Swipe →');
    expect(nextMotionName(classes)).toBe('Motion 4');
  });

  it('keeps mirror pairs mutual: pairing, re-pairing and removing a class release old partners', () => {
    let classes = addMotionClass(threeClasses(), newMotionClass('c', 'Circle'));
    classes = setMirror(classes, 'a', { partner: 'b' });
    expect(classes.map((c) => c.mirror)).toEqual([{ partner: 'b' }, { partner: 'a' }, 'self', 'off']);
    classes = setMirror(classes, 'c', { partner: 'a' });
    expect(classes.map((c) => c.mirror)).toEqual([{ partner: 'c' }, 'off', 'self', { partner: 'a' }]);
    expect(removeMotionClass(classes, 'c').map((c) => c.mirror)).toEqual(['off', 'off', 'self']);
    expect(setMirror(classes, 'i', 'off')).toBe(classes);
    expect(() => setMirror(classes, 'a', { partner: 'i' })).toThrow(RangeError);
    expect(() => setMirror(classes, 'a', { partner: 'a' })).toThrow(RangeError);
  });

  it('makes the training set lib/motion trains on: labels by class order, names for mirror rules, the idle class', () => {
    let classes = setMirror(threeClasses(), 'a', { partner: 'b' });
    classes = addClip(addClip(addClip(classes, 'b', clip('1')), 'a', clip('2')), 'i', clip('3'));
    classes = removeClip(addClip(classes, 'a', clip('4')), 'a', '4');
    const set = motionTrainingSet(classes);
    expect(set.classNames).toEqual(['Swipe left', 'Swipe right', 'No motion']);
    expect(Array.from(set.labels)).toEqual([0, 1, 2]);
    expect(set.idleClass).toBe('No motion');
    expect(set.mirror).toEqual({ 'Swipe left': { partner: 'Swipe right' }, 'Swipe right': { partner: 'Swipe left' }, 'No motion': 'self' });
  });

  it('says in a sentence when a mirror partner is gone', () => {
    const broken: MotionClass[] = [{ ...newMotionClass('a', 'A'), mirror: { partner: 'z' } }];
    expect(() => motionTrainingSet(broken)).toThrow(TrainingError);
  });
});
