// `npm run bench:libraries`: the project's own zip reader/writer (lib/project/zip.ts) and IndexedDB
// plumbing (lib/storage/idb.ts) measured against the well-kept libraries that do the same, fflate and
// idb: code of ours that would remain, bytes added to the bundle, speed on a large project (1,000
// images of ~30 KB), and what each does with the hostile archives the reader's tests refuse.
// README "Libraries we use, and what we kept" has a run's figures and the decision they led to.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { Unzip, UnzipInflate, unzipSync, Zip, ZipPassThrough } from 'fflate';
// idb reaches IndexedDB through the globals (indexedDB, IDBRequest…): fake-indexeddb's, in Node.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { NO_ACTIONS } from '../lib/actions/actions';
import { resolveAugmentSettings } from '../lib/augment';
import { jpegHeaderClaiming } from '../lib/image/test-images';
import { DEFAULT_PROJECT_FILE_LIMITS, ProjectFileError, readProjectFile, writeProjectFile, type ProjectData } from '../lib/project';
import { buildZip, text, type TestEntry } from '../lib/project/test-zip';
import { createStoredZip, isSafeEntryName, openZip, type ZipInput } from '../lib/project/zip';
import { inTransaction, openDatabase } from '../lib/storage/idb';
import { resolveTrainParams } from '../lib/train';
import { createRandom } from '../lib/train/random';

const ROOT = path.resolve(__dirname, '..');
const IMAGES = Number(process.env.LIBRARIES_IMAGES ?? 1000);
const IMAGE_BYTES = 30 * 1024;
const RUNS = 5;

/** Lines that are neither blank nor only a comment. */
function codeLines(file: string): number {
  return fs
    .readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .filter((line) => {
      const t = line.trim();
      return t !== '' && !t.startsWith('//') && !t.startsWith('/*') && !t.startsWith('*');
    }).length;
}

/** Minified and gzipped bytes of a bundle of `source` (tree-shaken as the app's build would). */
async function bundleBytes(source: string): Promise<string> {
  const result = await build({ stdin: { contents: source, resolveDir: ROOT, loader: 'ts' }, bundle: true, minify: true, format: 'esm', write: false, platform: 'browser', logLevel: 'silent' });
  const code = result.outputFiles[0].contents;
  return `${(code.length / 1024).toFixed(1)} KB min, ${(gzipSync(code).length / 1024).toFixed(1)} KB gz`;
}

/** The same contract as createStoredZip (Blobs in, one Blob out, one entry's bytes held at a time) on fflate's streaming Zip. */
async function fflateStoredZip(entries: readonly ZipInput[], date: Date): Promise<Blob> {
  const parts: Blob[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else parts.push(new Blob([chunk]));
  });
  for (const entry of entries) {
    const file = new ZipPassThrough(entry.name);
    file.mtime = date;
    zip.add(file);
    file.push(entry.data instanceof Blob ? new Uint8Array(await entry.data.arrayBuffer()) : entry.data, true);
  }
  zip.end();
  if (failure) throw failure;
  return new Blob(parts, { type: 'application/zip' });
}

/** fflate's reader with every check its filter can make before inflating (names, declared sizes, duplicates). */
async function fflateRead(file: Blob): Promise<Record<string, Uint8Array>> {
  const seen = new Set<string>();
  let total = 0;
  return unzipSync(new Uint8Array(await file.arrayBuffer()), {
    filter: ({ name, size, originalSize }) => {
      if (!isSafeEntryName(name)) throw new Error('unsafe name');
      if (seen.has(name)) throw new Error('duplicate name');
      seen.add(name);
      total += originalSize;
      if (originalSize > DEFAULT_PROJECT_FILE_LIMITS.maxEntryBytes || total > DEFAULT_PROJECT_FILE_LIMITS.maxTotalBytes) throw new Error('too large');
      if (originalSize > 1024 ** 2 && originalSize > DEFAULT_PROJECT_FILE_LIMITS.maxCompressionRatio * size) throw new Error('ratio');
      return true;
    },
  });
}

async function oursRead(file: Blob): Promise<Map<string, Uint8Array>> {
  const zip = await openZip(file, DEFAULT_PROJECT_FILE_LIMITS);
  const out = new Map<string, Uint8Array>();
  for (const [name, entry] of zip.entries) out.set(name, await zip.read(entry));
  return out;
}

async function medianMs(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

async function speed(): Promise<void> {
  const random = createRandom(3);
  // Random bytes: JPEG samples barely compress either, and both writers store.
  const images = Array.from({ length: IMAGES }, () => new Blob([Uint8Array.from({ length: IMAGE_BYTES }, () => Math.floor(random() * 256))], { type: 'image/jpeg' }));
  const entries: ZipInput[] = [{ name: 'manifest.json', data: text(JSON.stringify({ samples: IMAGES })) }, ...images.map((data, i) => ({ name: `samples/s-${i}.jpg`, data }))];
  const date = new Date('2026-01-02T03:04:05Z');
  const ours = await createStoredZip(entries, { date });
  const theirs = await fflateStoredZip(entries, date);
  // Each writer's file must open in each reader with the same bytes, or the timings compare nothing.
  const a = await oursRead(theirs);
  const b = await fflateRead(ours);
  for (const [i, image] of images.entries()) {
    const want = new Uint8Array(await image.arrayBuffer());
    const name = `samples/s-${i}.jpg`;
    if (Buffer.compare(a.get(name) ?? new Uint8Array(), want) !== 0 || Buffer.compare(b[name] ?? new Uint8Array(), want) !== 0) throw new Error(`${name} differs across writer and reader`);
  }
  const mb = (ours.size / 1024 ** 2).toFixed(1);
  console.log(`\n## Speed: ${IMAGES} images of ${IMAGE_BYTES / 1024} KB (${mb} MB zip), median of ${RUNS} runs, Node ${process.version}`);
  console.log('| step | ours | fflate |');
  console.log('| --- | ---: | ---: |');
  console.log(`| write (Blobs in, Blob out) | ${(await medianMs(() => createStoredZip(entries, { date }))).toFixed(0)} ms | ${(await medianMs(() => fflateStoredZip(entries, date))).toFixed(0)} ms |`);
  console.log(`| read every entry | ${(await medianMs(() => oursRead(ours))).toFixed(0)} ms | ${(await medianMs(() => fflateRead(ours))).toFixed(0)} ms (unzipSync, whole file in memory) |`);

  // The same images as samples of a whole project file, through lib/project as the app writes and reads it.
  const header = jpegHeaderClaiming(224, 224);
  const project: ProjectData = {
    name: 'Scale',
    inputMode: 'fused',
    settings: { train: resolveTrainParams(), augment: resolveAugmentSettings(), threshold: 0.7 },
    actions: NO_ACTIONS,
    dataset: {
      backboneId: 'mobilenet_v1_025',
      framing: 'hand',
      classes: [0, 1].map((c) => ({
        id: `class-${c}`,
        name: `Class ${c}`,
        samples: images.slice((c * IMAGES) / 2, ((c + 1) * IMAGES) / 2).map((image, i) => ({
          id: `s-${c}-${i}`,
          // A JPEG header claiming 224x224 (what the reader checks), then the random bytes.
          image: new Blob([header.subarray(0, header.length - 2), image, header.subarray(header.length - 2)], { type: 'image/jpeg' }),
          embedding: Float32Array.from({ length: 256 }, () => random()),
          landmarks: Float32Array.from({ length: 42 }, () => random()),
          source: 'camera' as const,
        })),
      })),
    },
    head: null,
  };
  const file = await writeProjectFile(project);
  const back = await readProjectFile(file);
  if (back.dataset.classes.flatMap((c) => c.samples).length !== IMAGES) throw new Error('The project file did not read back whole.');
  console.log(`| a whole project file (ours: writeProjectFile / readProjectFile, every check), ${(file.size / 1024 ** 2).toFixed(1)} MB | write ${(await medianMs(() => writeProjectFile(project))).toFixed(0)} ms, read ${(await medianMs(() => readProjectFile(file))).toFixed(0)} ms | |`);
}

/** What a reader did with a file: the error kind, or what it handed back. */
async function outcome(read: () => Promise<Map<string, Uint8Array> | Record<string, Uint8Array>>): Promise<string> {
  try {
    const result = await read();
    const entries = result instanceof Map ? [...result] : Object.entries(result);
    return `opened: ${entries.map(([name, bytes]) => `${name} (${bytes.length} B)`).join(', ')}`;
  } catch (error) {
    return error instanceof ProjectFileError ? `refused: ${error.kind}` : `refused: ${(error as Error).message}`;
  }
}

async function safety(): Promise<void> {
  const data = text('payload');
  const zip = (...entries: TestEntry[]) => buildZip(entries);
  const two = zip({ name: 'a', data: new Uint8Array(5000).fill(7) }, { name: 'b', data: new Uint8Array(5000).fill(9) });
  const cases: [string, Uint8Array<ArrayBuffer>][] = [
    ['not a zip', text('just some text, not a zip at all')],
    ['cut off: the last 30 bytes', two.slice(0, two.length - 30)],
    ['an entry claims to run past the end', zip({ name: 'a', data: text('aaaa'), compressedSize: 1e6, size: 1e6 })],
    ['wrong CRC-32 (stored)', zip({ name: 'a', data, crc: 12345 })],
    ['wrong CRC-32 (deflate)', zip({ name: 'a', data, method: 'deflate', crc: 12345 })],
    ['declared size 1 byte too big (deflate)', zip({ name: 'a', data, method: 'deflate', size: data.length + 1 })],
    ['the same name twice', zip({ name: 'a', data: text('one') }, { name: 'a', data: text('two') })],
    ['two names for one payload (overlap)', zip({ name: 'a', data }, { name: 'b', data, localOffset: 0 })],
    ['local and central names differ', zip({ name: 'a', data, localName: '../b' })],
    ['path traversal ../evil', zip({ name: '../evil.txt', data })],
    ['bomb: 200 MB of zeros, sizes honest', zip({ name: 'e.bin', data: new Uint8Array(200 * 1024 ** 2), method: 'deflate' })],
    ['bomb: 20 MB of zeros declared as 1,000 B', zip({ name: 'e.bin', data: new Uint8Array(20 * 1024 ** 2), method: 'deflate', size: 1000 })],
  ];
  console.log('\n## Hostile files: ours (openZip + read) against fflate (unzipSync, with a filter checking names, duplicates and declared sizes)');
  console.log('| file | ours | fflate |');
  console.log('| --- | --- | --- |');
  for (const [what, bytes] of cases) {
    const blob = new Blob([bytes]);
    console.log(`| ${what} | ${await outcome(() => oursRead(blob))} | ${await outcome(() => fflateRead(blob))} |`);
  }
  // fflate's streaming reader sees actual bytes, but inflates each pushed chunk whole before its callback runs.
  const bomb = zip({ name: 'e.bin', data: new Uint8Array(50 * 1024 ** 2), method: 'deflate', size: 1000 });
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  let firstChunk = 0;
  unzip.onfile = (file) => {
    file.ondata = (_error, chunk) => {
      firstChunk ||= chunk.length;
      file.terminate();
    };
    file.start();
  };
  unzip.push(bomb, true);
  console.log(`\nfflate's streaming Unzip on a ${(bomb.length / 1024).toFixed(0)} KB bomb pushed at once: its first callback already held ${(firstChunk / 1024 ** 2).toFixed(1)} MB.`);
}

/** A write that fails aborts its transaction; the writes queued beside it then fail too. Counts the rejections nobody handles. */
async function idbAbort(): Promise<void> {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const upgrade = (db: IDBDatabase) => db.createObjectStore('samples', { keyPath: 'id' });
  const ours = await openDatabase({ factory: new IDBFactory(), name: 'ours', version: 1, upgrade });
  await inTransaction(ours, ['samples'], 'readwrite', (tx) => void tx.objectStore('samples').add({ id: 'taken' }));
  const oursError = await inTransaction(ours, ['samples'], 'readwrite', (tx) => {
    for (let i = 0; i < 10; i += 1) tx.objectStore('samples').put({ id: `s-${i}` });
    tx.objectStore('samples').add({ id: 'taken' });
  }).catch((error: Error) => error.name);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const oursUnhandled = unhandled.length;

  const theirs = await openDB('idb', 1, { upgrade: (db) => upgrade(db as unknown as IDBDatabase) });
  await theirs.add('samples', { id: 'taken' });
  const tx = theirs.transaction('samples', 'readwrite');
  for (let i = 0; i < 10; i += 1) void tx.store.put({ id: `s-${i}` });
  void tx.store.add({ id: 'taken' });
  const theirsError = await tx.done.catch((error: Error) => error.name);
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.off('unhandledRejection', onUnhandled);
  console.log('\n## IndexedDB: a transaction of 10 puts and one add that fails (fake-indexeddb)');
  console.log(`ours (inTransaction): rejects with ${oursError}, ${oursUnhandled} unhandled rejections`);
  console.log(`idb (tx.done), writes not awaited as project-store writes them: rejects with ${theirsError}, ${unhandled.length - oursUnhandled} unhandled rejections (each one a page error in the app)`);
}

async function main(): Promise<void> {
  console.log('## Code and bundle');
  console.log('| what | ours: code lines | ours: bundle | library: bundle |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| zip writer (createStoredZip) | | ${await bundleBytes("export { createStoredZip } from './lib/project/zip';")} | fflate Zip + ZipPassThrough: ${await bundleBytes("export { Zip, ZipPassThrough } from 'fflate';")} |`);
  console.log(`| zip reader (openZip) | | ${await bundleBytes("export { openZip } from './lib/project/zip';")} | fflate unzipSync: ${await bundleBytes("export { unzipSync } from 'fflate';")}; Unzip + UnzipInflate: ${await bundleBytes("export { Unzip, UnzipInflate } from 'fflate';")} |`);
  console.log(`| zip reader + writer | ${codeLines('lib/project/zip.ts')} in zip.ts, ${codeLines('lib/project/crc32.ts')} in crc32.ts | ${await bundleBytes("export { openZip, createStoredZip } from './lib/project/zip';")} | ${await bundleBytes("export { unzipSync, Zip, ZipPassThrough } from 'fflate';")} |`);
  console.log(`| IndexedDB plumbing | ${codeLines('lib/storage/idb.ts')} in idb.ts | ${await bundleBytes("export * from './lib/storage/idb';")} | idb openDB + wrap: ${await bundleBytes("export { openDB, wrap } from 'idb';")} |`);
  await speed();
  await safety();
  await idbAbort();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
