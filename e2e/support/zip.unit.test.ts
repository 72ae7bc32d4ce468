import { describe, expect, it } from 'vitest';
import { readProjectFile } from '../../lib/project';
import { deflatedZeros, readStoredZip, storedZip } from './zip';

const manifest = (fields: object) => Buffer.from(JSON.stringify({ format: 'gesture-studio-project', ...fields }));

describe('storedZip', () => {
  it('builds an archive whose manifest the app reads: version 999 is refused as newer', async () => {
    const zip = storedZip([{ name: 'manifest.json', data: manifest({ version: 999 }) }]);
    await expect(readProjectFile(new Blob([new Uint8Array(zip)]))).rejects.toMatchObject({ name: 'ProjectFileError', kind: 'newer-version' });
  });

  it('keeps several entries apart: a second entry does not disturb the first', async () => {
    const zip = storedZip([
      { name: 'manifest.json', data: manifest({ version: 1 }) },
      { name: 'samples/a.jpg', data: Buffer.from([0xff, 0xd8, 0xff]) },
    ]);
    // Read as a zip and as JSON, then refused field by field.
    await expect(readProjectFile(new Blob([new Uint8Array(zip)]))).rejects.toMatchObject({ kind: 'bad-manifest' });
  });
});

describe('test zips', () => {
  it('readStoredZip gives back what storedZip wrote', () => {
    const entries = [
      { name: 'manifest.json', data: Buffer.from('{}') },
      { name: 'samples/ä.jpg', data: Buffer.from([0xff, 0xd8, 0xff, 0]) },
    ];
    expect(readStoredZip(storedZip(entries))).toEqual(entries);
  });

  it('a zip bomb entry is refused while it inflates, whatever size its header claims', async () => {
    const zip = storedZip([{ name: 'manifest.json', deflated: deflatedZeros(64), size: 2048 }]);
    expect(zip.length).toBeLessThan(200_000);
    await expect(readProjectFile(new Blob([new Uint8Array(zip)]))).rejects.toMatchObject({ name: 'ProjectFileError', kind: 'too-large' });
  });
});
