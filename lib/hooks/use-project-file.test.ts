import { describe, expect, it } from 'vitest';
import { createDataset } from '../dataset';
import { EMPTY_MOTION_PROJECT } from '../motion';
import { testMotionProject } from '../motion/test-motion-project';
import { importedSummary, projectFileName } from './use-project-file';

describe('projectFileName', () => {
  it('names the file after the project', () => {
    expect(projectFileName('Colours')).toBe('Colours.gesture-project.zip');
    expect(projectFileName('  Sign digits (2)  ')).toBe('Sign digits (2).gesture-project.zip');
  });

  it('replaces characters file systems refuse, and never yields a hidden or empty name', () => {
    expect(projectFileName('a/b\\c:d*e?f"g<h>i|j\u0007k')).toBe('a_b_c_d_e_f_g_h_i_j_k.gesture-project.zip');
    expect(projectFileName('..hidden')).toBe('hidden.gesture-project.zip');
    expect(projectFileName('///')).toBe('_.gesture-project.zip');
    expect(projectFileName('   ')).toBe('project.gesture-project.zip');
  });
});

describe('importedSummary', () => {
  it('says what an import brought: classes, samples, motion classes and clips, and the models', async () => {
    const dataset = createDataset('mobilenet_v1_025', ['A', 'B']);
    expect(importedSummary(dataset, false, EMPTY_MOTION_PROJECT)).toBe('2 classes, 0 samples');
    expect(importedSummary(dataset, true, EMPTY_MOTION_PROJECT)).toBe('2 classes, 0 samples and the trained model');
    const motions = await testMotionProject();
    expect(importedSummary(dataset, true, motions)).toBe('2 classes, 0 samples, 4 motion classes with 4 clips, the trained model and the motion model');
    expect(importedSummary(dataset, false, { classes: motions.classes.slice(2, 3), trained: null })).toBe('2 classes, 0 samples, 1 motion class with 0 clips');
  });
});
