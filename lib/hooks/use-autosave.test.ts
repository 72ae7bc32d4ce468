import { describe, expect, it } from 'vitest';
import { addClip, removeClip, renameMotionClass, setMirror, type MotionProject } from '../motion';
import { storedClip, testMotionProject } from '../motion/test-motion-project';
import { motionChangesOf, savedMotionsOf } from './use-autosave';

describe('motionChangesOf: what autosave writes of the motions', () => {
  it('nothing when nothing changed, even for new but equal class lists', async () => {
    const motions = await testMotionProject();
    expect(motionChangesOf(motions, savedMotionsOf(motions))).toBeNull();
    expect(motionChangesOf({ ...motions, classes: motions.classes.map((c) => ({ ...c })) }, savedMotionsOf(motions))).toBeNull();
  });

  it('a new clip alone, a removed clip by id, and the class list when only names or mirroring change', async () => {
    const motions = await testMotionProject();
    const saved = savedMotionsOf(motions);
    const added = storedClip('k9', 6, 9);
    expect(motionChangesOf({ ...motions, classes: addClip(motions.classes, 'mwave', added) }, saved)).toEqual({ putClips: [{ classId: 'mwave', clip: added }], removeClips: [] });
    expect(motionChangesOf({ ...motions, classes: removeClip(motions.classes, 'mleft', 'k1') }, saved)).toEqual({ putClips: [], removeClips: ['k1'] });
    expect(motionChangesOf({ ...motions, classes: renameMotionClass(motions.classes, 'mwave', 'Hello') }, saved)).toEqual({ putClips: [], removeClips: [] });
    expect(motionChangesOf({ ...motions, classes: setMirror(motions.classes, 'mwave', 'off') }, saved)).toEqual({ putClips: [], removeClips: [] });
  });

  it('the motion model when a new one is trained, and null when it is dropped', async () => {
    const motions = await testMotionProject();
    const untrained: MotionProject = { ...motions, trained: null };
    expect(motionChangesOf(motions, savedMotionsOf(untrained))).toEqual({ putClips: [], removeClips: [], motionModel: motions.trained });
    expect(motionChangesOf(untrained, savedMotionsOf(motions))).toEqual({ putClips: [], removeClips: [], motionModel: null });
  });

  it('with nothing of them written yet, every clip and the model', async () => {
    const motions = await testMotionProject();
    const changes = motionChangesOf(motions, null);
    expect(changes?.putClips.map((c) => c.clip.id)).toEqual(['k1', 'k2', 'k3', 'k4']);
    expect(changes?.motionModel).toBe(motions.trained);
    expect(motionChangesOf({ classes: [], trained: null }, null)).toBeNull();
  });
});
