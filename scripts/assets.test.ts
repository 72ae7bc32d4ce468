import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// tsconfig has allowJs: false, so TypeScript cannot read the types of a plain .mjs module; importing
// it through a URL keeps `tsc` quiet, and this states the shape the tests rely on.
type Entry = { sha256: string; path: string };
type Problem = { path: string; problem: 'missing' | 'corrupt' };
const { parseChecksums, officialUrl, verifyFolder }: {
  parseChecksums(text: string): Entry[];
  officialUrl(path: string): string;
  verifyFolder(dir: string, entries: Entry[]): Promise<Problem[]>;
} = await import(new URL('./assets.mjs', import.meta.url).href);

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

describe('parseChecksums', () => {
  it('reads sha256sum lines into relative paths', () => {
    const a = hash('a');
    const b = hash('b');
    expect(parseChecksums(`${a}  ./m/group1-shard1of1\n\n${b} *./m/imagenet/model.json\n`)).toEqual([
      { sha256: a, path: 'm/group1-shard1of1' },
      { sha256: b, path: 'm/imagenet/model.json' },
    ]);
  });

  it('rejects malformed lines, paths leaving the folder and empty lists', () => {
    expect(() => parseChecksums('nonsense  ./a')).toThrow(/line 1/);
    expect(() => parseChecksums(`${hash('a')}  ./../etc/passwd`)).toThrow(/line 1/);
    expect(() => parseChecksums('\n')).toThrow(/no files/);
  });

  it('reads the committed list, every entry of which has a download URL', () => {
    const entries = parseChecksums(readFileSync(new URL('./models.sha256', import.meta.url), 'utf8'));
    expect(entries).toHaveLength(116);
    for (const { path } of entries) expect(officialUrl(path)).toMatch(/^https:\/\//);
  });
});

describe('officialUrl', () => {
  it('maps a layers-model file to the tfjs-models bucket', () => {
    expect(officialUrl('mobilenet_v1_025_224/group3-shard1of1')).toBe(
      'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_0.25_224/group3-shard1of1',
    );
  });

  it('maps a metadata file to the same bucket folder', () => {
    expect(officialUrl('mobilenet_v1_075_224/metadata.json')).toBe(
      'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_0.75_224/metadata.json',
    );
  });

  it('maps a graph-model file to TF Hub in raw-file format', () => {
    expect(officialUrl('mobilenet_v1_025_224/imagenet/model.json')).toBe(
      'https://tfhub.dev/google/imagenet/mobilenet_v1_025_224/classification/1/model.json?tfjs-format=file',
    );
  });

  it('refuses a folder it does not know', () => {
    expect(() => officialUrl('other_model/model.json')).toThrow(/other_model/);
  });
});

describe('verifyFolder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gesture-assets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const files = { 'm/intact.bin': 'intact', 'm/sub/corrupt.bin': 'original', 'm/missing.bin': 'gone' };
  const entries = parseChecksums(
    Object.entries(files)
      .map(([path, content]) => `${hash(content)}  ./${path}`)
      .join('\n'),
  );
  mkdirSync(join(dir, 'm/sub'), { recursive: true });
  writeFileSync(join(dir, 'm/intact.bin'), 'intact');

  it('accepts files that match', async () => {
    writeFileSync(join(dir, 'm/sub/corrupt.bin'), 'original');
    writeFileSync(join(dir, 'm/missing.bin'), 'gone');
    expect(await verifyFolder(dir, entries)).toEqual([]);
  });

  it('reports a missing file and a corrupted file', async () => {
    writeFileSync(join(dir, 'm/sub/corrupt.bin'), 'originaL');
    rmSync(join(dir, 'm/missing.bin'), { force: true });
    expect(await verifyFolder(dir, entries)).toEqual([
      { path: 'm/sub/corrupt.bin', problem: 'corrupt' },
      { path: 'm/missing.bin', problem: 'missing' },
    ]);
  });
});
