import { deflateRawSync, crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';
import { DEFAULT_PROJECT_FILE_LIMITS, resolveProjectFileLimits, type ProjectFileLimits } from './limits';
import { ProjectFileError, type ProjectFileErrorKind } from './project-error';
import { buildZip, text, type TestEntry } from './test-zip';
import { createStoredZip, isSafeEntryName, openZip } from './zip';

const limits = (partial: Partial<ProjectFileLimits> = {}) => resolveProjectFileLimits(partial);

/** Opens `bytes` and reads every entry; resolves to the entries' texts. */
async function readAll(bytes: Uint8Array<ArrayBuffer>, l: ProjectFileLimits = DEFAULT_PROJECT_FILE_LIMITS): Promise<Map<string, Uint8Array>> {
  const zip = await openZip(new Blob([bytes]), l);
  const out = new Map<string, Uint8Array>();
  for (const [name, entry] of zip.entries) out.set(name, await zip.read(entry));
  return out;
}

async function kindOf(promise: Promise<unknown>): Promise<ProjectFileErrorKind | 'resolved'> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (error instanceof ProjectFileError) return error.kind;
    throw error;
  }
}

const readKind = (bytes: Uint8Array<ArrayBuffer>, l?: ProjectFileLimits) => kindOf(readAll(bytes, l));
const zipOf = (...entries: TestEntry[]) => buildZip(entries);

describe('crc32', () => {
  it('matches zlib on known and random data, also when continued chunk by chunk', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    const data = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7919) & 0xff);
    expect(crc32(data)).toBe(zlibCrc32(data));
    expect(crc32(data.subarray(5000), crc32(data.subarray(0, 5000)))).toBe(zlibCrc32(data));
  });
});

describe('createStoredZip + openZip', () => {
  it('round-trips bytes and Blobs, in order, stored', async () => {
    const blob = new Blob([text('from a blob')]);
    const zip = await createStoredZip(
      [
        { name: 'a.txt', data: text('hello') },
        { name: 'dir/b.bin', data: blob },
        { name: 'empty', data: new Uint8Array(0) },
      ],
      { date: new Date('2026-03-04T05:06:08Z') },
    );
    expect(zip.type).toBe('application/zip');
    const reader = await openZip(zip, DEFAULT_PROJECT_FILE_LIMITS);
    expect([...reader.entries.keys()]).toEqual(['a.txt', 'dir/b.bin', 'empty']);
    expect([...reader.entries.values()].every((e) => e.method === 0)).toBe(true);
    const texts = await Promise.all([...reader.entries.values()].map(async (e) => new TextDecoder().decode(await reader.read(e))));
    expect(texts).toEqual(['hello', 'from a blob', '']);
    expect(reader.bytesRead).toBe(16);
  });

  it('refuses to write unsafe or duplicate names', async () => {
    const date = new Date();
    await expect(createStoredZip([{ name: '../x', data: text('') }], { date })).rejects.toThrow(RangeError);
    await expect(createStoredZip([{ name: 'x', data: text('') }, { name: 'x', data: text('') }], { date })).rejects.toThrow(RangeError);
  });

  it('stops writing when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(createStoredZip([{ name: 'x', data: text('') }], { date: new Date(), signal: controller.signal })).rejects.toThrow(/abort/i);
  });

  it('reads deflate entries (as an operating system re-zip makes them)', async () => {
    const big = text('gesture '.repeat(10_000));
    const entries = await readAll(zipOf({ name: 'big.txt', data: big, method: 'deflate' }, { name: 'small.txt', data: text('x'), method: 'deflate' }));
    expect(entries.get('big.txt')).toEqual(big);
    expect(new TextDecoder().decode(entries.get('small.txt'))).toBe('x');
  });

  it('reads a zip with a comment after the end record', async () => {
    const bytes = zipOf({ name: 'a', data: text('a') });
    // The end record's comment length is its last two bytes.
    const withComment = new Uint8Array([...bytes, ...text('a comment')]);
    new DataView(withComment.buffer).setUint16(bytes.length - 2, 9, true);
    expect((await readAll(withComment)).size).toBe(1);
  });
});

describe('openZip on broken archives', () => {
  it('says not-a-zip for other files, empty ones included', async () => {
    expect(await readKind(text('just some text, not a zip at all'))).toBe('not-a-zip');
    expect(await readKind(new Uint8Array(0))).toBe('not-a-zip');
  });

  it('says truncated when the end is cut off', async () => {
    const bytes = zipOf({ name: 'a.bin', data: new Uint8Array(5000).fill(7) }, { name: 'b.bin', data: new Uint8Array(5000).fill(9) });
    for (const keep of [bytes.length - 1, bytes.length - 30, 6000, 100, 4]) {
      expect(await readKind(bytes.slice(0, keep))).toBe('truncated');
    }
  });

  it('says truncated when the directory or an entry points past the end', async () => {
    const bytes = zipOf({ name: 'a', data: text('aaaa') });
    expect(await readKind(buildZip([{ name: 'a', data: text('aaaa') }], { directoryOffset: bytes.length + 100 }))).toBe('truncated');
    expect(await readKind(zipOf({ name: 'a', data: text('aaaa'), localOffset: 10_000 }))).toBe('truncated');
    expect(await readKind(zipOf({ name: 'a', data: text('aaaa'), compressedSize: 1e6, size: 1e6 }))).toBe('truncated');
  });

  it('says corrupt for a wrong CRC, wrong sizes, mismatched names, duplicates and overlaps', async () => {
    const data = text('payload');
    expect(await readKind(zipOf({ name: 'a', data, crc: 12345 }))).toBe('corrupt');
    expect(await readKind(zipOf({ name: 'a', data, method: 'deflate', crc: 12345 }))).toBe('corrupt');
    expect(await readKind(zipOf({ name: 'a', data, method: 'deflate', size: data.length + 1 }))).toBe('corrupt');
    expect(await readKind(zipOf({ name: 'a', data, size: data.length - 1 }))).toBe('corrupt');
    expect(await readKind(zipOf({ name: 'a', data, localName: 'b' }))).toBe('corrupt');
    expect(await readKind(zipOf({ name: 'a', data }, { name: 'a', data }))).toBe('corrupt');
    // Two directory records pointing at the same local entry: the overlap trick of dense zip bombs.
    expect(await readKind(zipOf({ name: 'a', data }, { name: 'b', data, localOffset: 0 }))).toBe('corrupt');
  });

  it('says corrupt for deflate data that does not inflate', async () => {
    const garbage = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff);
    expect(await readKind(zipOf({ name: 'a', data: garbage, method: 'deflate', rawBody: garbage }))).toBe('corrupt');
    // A deflate stream cut short.
    const deflated = deflateRawSync(garbage);
    expect(await readKind(zipOf({ name: 'a', data: garbage, method: 'deflate', rawBody: deflated.subarray(0, deflated.length - 20) }))).toBe('corrupt');
  });

  it('says unsupported-zip for encryption and other compression methods', async () => {
    expect(await readKind(zipOf({ name: 'a', data: text('x'), flags: 0x0801 }))).toBe('unsupported-zip');
    expect(await readKind(zipOf({ name: 'a', data: text('x'), method: 12 }))).toBe('unsupported-zip');
  });

  it('says unsafe-path for names that leave the archive, wherever they are', async () => {
    for (const name of ['../evil.txt', 'samples/../../evil', '/etc/passwd', 'C:/x', 'samples\\x.jpg', 'a/./b', 'a//b', 'nul\u0000.jpg']) {
      expect(isSafeEntryName(name)).toBe(false);
      expect(await readKind(zipOf({ name: 'manifest.json', data: text('{}') }, { name, data: text('x') }))).toBe('unsafe-path');
    }
    for (const name of ['manifest.json', 'samples/a-1.jpg', 'head/', 'a..b/c']) expect(isSafeEntryName(name)).toBe(true);
  });

  it('says too-many-entries above the cap, before reading the directory', async () => {
    const entries = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, data: text('x') }));
    expect(await readKind(buildZip(entries), limits({ maxEntries: 10 }))).toBe('too-many-entries');
    expect(await readKind(buildZip(entries), limits({ maxEntries: 11 }))).toBe('resolved');
  });
});

describe('openZip on zip bombs', () => {
  // 200 MB of zeros deflate to about 200 KB: a ratio of ~1,000. Built in a function so the zeros can go.
  const bomb = (() => zipOf({ name: 'embeddings.bin', data: new Uint8Array(200 * 1024 ** 2), method: 'deflate' }))();

  it('stops a deflate bomb at the compression-ratio cap, fast and with bounded memory', async () => {
    expect(bomb.length).toBeLessThan(300_000);
    const zip = await openZip(new Blob([bomb]), DEFAULT_PROJECT_FILE_LIMITS);
    const entry = zip.entries.get('embeddings.bin');
    if (!entry) throw new Error('no entry');
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 2);
    const started = performance.now();
    const error = await zip.read(entry).catch((e: unknown) => e);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    expect(error).toBeInstanceOf(ProjectFileError);
    expect((error as ProjectFileError).kind).toBe('too-large');
    expect((error as ProjectFileError).message).toMatch(/zip bomb/);
    // The ratio cap is 100 x ~200 KB = ~20 MB; the inflater may run one feed (≤ ~17 MB) past it.
    expect(zip.bytesRead).toBeGreaterThan(20 * 1024 ** 2 * 0.9);
    expect(zip.bytesRead).toBeLessThan(40 * 1024 ** 2);
    const grown = peak - baseline;
    console.log(`bomb: stopped after ${(zip.bytesRead / 1024 ** 2).toFixed(1)} of 200 MB in ${seconds.toFixed(2)} s; ArrayBuffer memory peaked ${(grown / 1024 ** 2).toFixed(1)} MB above the start`);
    expect(grown).toBeLessThan(80 * 1024 ** 2);
  });

  it('stops at the per-entry cap by counting inflated bytes, even with the ratio check off', async () => {
    const zip = await openZip(new Blob([bomb]), limits({ maxCompressionRatio: Infinity, maxEntryBytes: 8 * 1024 ** 2 }));
    const entry = zip.entries.get('embeddings.bin');
    if (!entry) throw new Error('no entry');
    // Lie about the size, so only the count of produced bytes can catch it.
    const lying = { ...entry, size: 1000 };
    expect(await kindOf(zip.read(lying))).toBe('too-large');
    expect(zip.bytesRead).toBeLessThan(8 * 1024 ** 2 + 17 * 1024 ** 2);
  });

  it('stops at the total cap across entries', async () => {
    const chunk = new Uint8Array(3 * 1024 ** 2).fill(1);
    // Three honest entries (9 MB), then one that claims 1 byte: only the running count can stop it.
    const many = buildZip(Array.from({ length: 4 }, (_, i) => ({ name: `part${i}`, data: chunk, method: 'deflate' as const, ...(i === 3 ? { size: 1 } : {}) })));
    const l = limits({ maxCompressionRatio: Infinity, maxTotalBytes: 10 * 1024 ** 2 });
    const zip = await openZip(new Blob([many]), l);
    const reads = [...zip.entries.values()].map((entry) => () => zip.read(entry));
    for (const read of reads.slice(0, 3)) await read();
    expect(await kindOf(reads[3]())).toBe('too-large');
    expect(zip.bytesRead).toBeLessThan(10 * 1024 ** 2 + 17 * 1024 ** 2);
  });

  it('rejects early on a claimed size above the cap without inflating anything', async () => {
    const zip = await openZip(new Blob([bomb]), limits({ maxEntryBytes: 1024 ** 2 }));
    const entry = zip.entries.get('embeddings.bin');
    if (!entry) throw new Error('no entry');
    expect(await kindOf(zip.read(entry))).toBe('too-large');
    expect(zip.bytesRead).toBe(0);
  });
});
