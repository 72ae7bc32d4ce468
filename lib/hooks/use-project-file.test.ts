import { describe, expect, it } from 'vitest';
import { projectFileName } from './use-project-file';

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
