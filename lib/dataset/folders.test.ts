import { describe, expect, it } from 'vitest';
import { groupByClassFolder, inClassFolder } from './folders';

interface FakeFile {
  name: string;
  webkitRelativePath?: string;
}

function file(path: string): FakeFile {
  return { name: path.split('/').pop() as string, webkitRelativePath: path };
}

const names = (files: readonly FakeFile[]) => files.map((f) => f.webkitRelativePath || f.name);

describe('groupByClassFolder', () => {
  it('groups by the first subfolder of the picked folder', () => {
    const files = [file('digits/3/a.png'), file('digits/3/b.JPG'), file('digits/7/c.jpeg'), file('digits/3/deep/d.webp')];
    const { groups, skipped } = groupByClassFolder(files);
    expect([...groups.keys()]).toEqual(['3', '7']);
    expect(names(groups.get('3') as FakeFile[])).toEqual(['digits/3/a.png', 'digits/3/b.JPG', 'digits/3/deep/d.webp']);
    expect(names(groups.get('7') as FakeFile[])).toEqual(['digits/7/c.jpeg']);
    expect(skipped).toEqual([]);
  });

  it('skips files at the root of the picked folder and files without a folder path', () => {
    const root = file('digits/readme.png');
    const bare: FakeFile = { name: 'loose.png', webkitRelativePath: '' };
    const noPath: FakeFile = { name: 'loose2.png' };
    const { groups, skipped } = groupByClassFolder([root, bare, noPath, file('digits/1/x.png')]);
    expect(skipped).toEqual([root, bare, noPath]);
    expect([...groups.keys()]).toEqual(['1']);
  });

  it('skips non-image and hidden files', () => {
    const txt = file('digits/3/notes.txt');
    const ds = file('digits/3/.DS_Store');
    const hiddenPng = file('digits/3/._a.png');
    const pngInName = file('digits/3/a.png.json');
    const { groups, skipped } = groupByClassFolder([txt, ds, hiddenPng, pngInName, file('digits/3/ok.gif')]);
    expect(skipped).toEqual([txt, ds, hiddenPng, pngInName]);
    expect(names(groups.get('3') as FakeFile[])).toEqual(['digits/3/ok.gif']);
  });

  it('sorts class names numerically ("2" before "10") and alphabetically otherwise', () => {
    const files = ['10', 'b', '2', 'a', '1'].map((c) => file(`set/${c}/img.png`));
    expect([...groupByClassFolder(files).groups.keys()]).toEqual(['1', '2', '10', 'a', 'b']);
  });

  it('returns empty groups for no files', () => {
    const { groups, skipped } = groupByClassFolder([]);
    expect(groups.size).toBe(0);
    expect(skipped).toEqual([]);
  });
});

describe('inClassFolder', () => {
  it('puts a made file in a class folder that groupByClassFolder reads back', () => {
    const a = new File(['x'], 'a.jpg', { type: 'image/jpeg' });
    const b = new File(['y'], 'b.jpg', { type: 'image/jpeg' });
    expect(inClassFolder(a, 'samples', 'Thumbs up')).toBe(a);
    inClassFolder(b, 'samples', 'Five');
    expect(a.webkitRelativePath).toBe('samples/Thumbs up/a.jpg');
    const { groups, skipped } = groupByClassFolder([a, b]);
    expect([...groups]).toEqual([
      ['Five', [b]],
      ['Thumbs up', [a]],
    ]);
    expect(skipped).toEqual([]);
  });

  it('refuses a class name no folder can have', () => {
    expect(() => inClassFolder(new File(['x'], 'a.jpg'), 'samples', 'up/down')).toThrow('The class “up/down” cannot be a folder');
  });
});
