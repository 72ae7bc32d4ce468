import { crc32 } from './crc32';
import { RATIO_FREE_BYTES, type ProjectFileLimits } from './limits';
import { EXPORT_AGAIN, ProjectFileError, quoted } from './project-error';

/*
 * Just enough zip for project files. Writing makes stored (uncompressed) entries only: the images
 * are JPEGs already and the float data barely compresses. Reading takes stored and deflate entries,
 * so a project re-zipped by an operating system's "compress" still opens, and treats every number in
 * the file as hostile: sizes from headers are only ever used to reject early, and each entry is
 * capped by counting the bytes that really come out of it.
 */

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const END_SIZE = 22;
const MAX_COMMENT = 0xffff;
const STORED = 0;
const DEFLATE = 8;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_UTF8 = 0x0800;
/** A central directory bigger than this is not one a project needs (50,000 entries take ~4 MB). */
const MAX_DIRECTORY_BYTES = 64 * 1024 ** 2;
/**
 * Compressed bytes handed to the inflater at a time. Deflate expands at most ~1,032x, so one write
 * can produce at most ~16 MB before the byte counters get a look at it.
 */
const INFLATE_FEED_BYTES = 16 * 1024;
const MAX_OFFSET = 0xffffffff;

export interface ZipInput {
  readonly name: string;
  readonly data: Uint8Array | Blob;
}

export interface WriteZipOptions {
  /** Stamped on every entry (as UTC). */
  readonly date: Date;
  readonly signal?: AbortSignal;
  /** Called after each entry with how many of `entries` are written. */
  readonly onEntry?: (done: number) => void;
}

/**
 * A zip of stored entries, in order. Blob data is read once for its CRC-32 and then passed to the
 * result as the Blob itself, so at most one entry's bytes are held at a time.
 */
export async function createStoredZip(entries: readonly ZipInput[], options: WriteZipOptions): Promise<Blob> {
  const { time, date } = dosDateTime(options.date);
  const parts: BlobPart[] = [];
  const directory: Uint8Array<ArrayBuffer>[] = [];
  const names = new Set<string>();
  let offset = 0;
  for (const [index, entry] of entries.entries()) {
    options.signal?.throwIfAborted();
    if (!isSafeEntryName(entry.name) || entry.name.endsWith('/')) throw new RangeError(`${quoted(entry.name)} cannot name a file in a project zip.`);
    if (names.has(entry.name)) throw new RangeError(`Two entries are both named ${quoted(entry.name)}.`);
    names.add(entry.name);
    const bytes = entry.data instanceof Blob ? new Uint8Array(await entry.data.arrayBuffer()) : entry.data;
    const name = new TextEncoder().encode(entry.name);
    const crc = crc32(bytes);
    const size = bytes.length;
    if (offset + LOCAL_HEADER_SIZE + name.length + size > MAX_OFFSET) throw new RangeError('The project is too large for one zip file (over 4 GB).');

    const local = new Uint8Array(LOCAL_HEADER_SIZE + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, LOCAL_HEADER, true);
    l.setUint16(4, 10, true); // version needed: 1.0, stored only
    l.setUint16(6, FLAG_UTF8, true);
    l.setUint16(8, STORED, true);
    l.setUint16(10, time, true);
    l.setUint16(12, date, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, size, true);
    l.setUint32(22, size, true);
    l.setUint16(26, name.length, true);
    local.set(name, LOCAL_HEADER_SIZE);

    const central = new Uint8Array(CENTRAL_HEADER_SIZE + name.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, CENTRAL_HEADER, true);
    c.setUint16(4, 20, true); // made by: zip 2.0
    c.setUint16(6, 10, true);
    c.setUint16(8, FLAG_UTF8, true);
    c.setUint16(10, STORED, true);
    c.setUint16(12, time, true);
    c.setUint16(14, date, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, size, true);
    c.setUint32(24, size, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offset, true);
    central.set(name, CENTRAL_HEADER_SIZE);

    parts.push(local, entry.data instanceof Blob ? entry.data : (bytes as Uint8Array<ArrayBuffer>));
    directory.push(central);
    offset += local.length + size;
    options.onEntry?.(index + 1);
  }
  const directorySize = directory.reduce((sum, d) => sum + d.length, 0);
  if (entries.length > 0xffff || offset + directorySize > MAX_OFFSET) throw new RangeError('The project is too large for one zip file.');
  const end = new Uint8Array(END_SIZE);
  const e = new DataView(end.buffer);
  e.setUint32(0, END_OF_DIRECTORY, true);
  e.setUint16(8, entries.length, true);
  e.setUint16(10, entries.length, true);
  e.setUint32(12, directorySize, true);
  e.setUint32(16, offset, true);
  return new Blob([...parts, ...directory, end], { type: 'application/zip' });
}

/** MS-DOS time and date fields; zip cannot say anything before 1980. */
function dosDateTime(when: Date): { time: number; date: number } {
  const year = Math.min(Math.max(when.getUTCFullYear(), 1980), 2107);
  return {
    time: (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | Math.floor(when.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate(),
  };
}

/**
 * A name that stays inside the archive: relative, forward slashes only, no `.` or `..` segment, no
 * empty segment (a trailing `/` marks a directory entry), no control characters, no drive letter.
 */
export function isSafeEntryName(name: string): boolean {
  if (name === '' || name.length > 1024) return false;
  if (name.startsWith('/') || name.includes('\\') || /^[A-Za-z]:/.test(name)) return false;
  for (let i = 0; i < name.length; i += 1) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  return segments.every((s) => s !== '' && s !== '.' && s !== '..');
}

export interface ZipEntry {
  readonly name: string;
  readonly method: typeof STORED | typeof DEFLATE;
  readonly crc32: number;
  readonly compressedSize: number;
  /** As the central directory claims: checked against what really comes out, never trusted. */
  readonly size: number;
  readonly localOffset: number;
  /** Where the next entry (or the central directory) starts: this entry's data must end by then. */
  readonly end: number;
}

export interface ZipReader {
  /** File entries by name; directory entries are left out. */
  readonly entries: ReadonlyMap<string, ZipEntry>;
  /** Uncompressed bytes produced by `read` so far, across all entries. */
  readonly bytesRead: number;
  /**
   * The entry's bytes, CRC-checked. Throws a `ProjectFileError` once the entry passes `maxBytes`
   * (default `limits.maxEntryBytes`), the total passes `limits.maxTotalBytes`, or its compression
   * ratio passes `limits.maxCompressionRatio`, stopping the inflater there.
   */
  read(entry: ZipEntry, maxBytes?: number): Promise<Uint8Array<ArrayBuffer>>;
}

/** Reads the central directory of `file` and checks every entry's name, method and position. */
export async function openZip(file: Blob, limits: ProjectFileLimits): Promise<ZipReader> {
  const { directoryOffset, directorySize, count } = await findDirectory(file, limits);
  const directory = await bytesOf(file, directoryOffset, directorySize);
  const view = new DataView(directory.buffer);
  const decoder = new TextDecoder('utf-8');
  const all: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i += 1) {
    if (at + CENTRAL_HEADER_SIZE > directory.length || view.getUint32(at, true) !== CENTRAL_HEADER) {
      throw corrupt('its table of contents is damaged');
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    const recordEnd = at + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
    if (recordEnd > directory.length) throw corrupt('its table of contents is damaged');
    const name = decoder.decode(directory.subarray(at + CENTRAL_HEADER_SIZE, at + CENTRAL_HEADER_SIZE + nameLength));
    at = recordEnd;
    if (!isSafeEntryName(name)) {
      throw new ProjectFileError('unsafe-path', `This file contains an entry named ${quoted(name)} that points outside the project, so it was not opened; ${EXPORT_AGAIN}.`, name);
    }
    if (compressedSize === MAX_OFFSET || size === MAX_OFFSET || localOffset === MAX_OFFSET) throw unsupported('zip64 sizes', name);
    if (flags & FLAG_ENCRYPTED) throw unsupported('encryption', name);
    if (method !== STORED && method !== DEFLATE) throw unsupported(`compression method ${method}`, name);
    if (method === STORED && compressedSize !== size) throw corrupt(`the sizes recorded for ${quoted(name)} disagree`, name);
    if (localOffset + LOCAL_HEADER_SIZE + nameLength + compressedSize > file.size) {
      throw new ProjectFileError('truncated', `This project file is incomplete (${quoted(name)} runs past its end), probably cut off while downloading or copying; import a complete copy.`, name);
    }
    all.push({ name, method, crc32: crc, compressedSize, size, localOffset, end: directoryOffset });
  }

  // Entries must not overlap: overlapping entries are how the densest zip bombs reuse one payload.
  const byOffset = [...all].sort((a, b) => a.localOffset - b.localOffset);
  const bounded = byOffset.map((entry, i) => ({ ...entry, end: byOffset[i + 1]?.localOffset ?? directoryOffset }));
  const entries = new Map<string, ZipEntry>();
  for (const entry of bounded) {
    if (entry.localOffset === entry.end) throw corrupt('two of its entries start at the same place', entry.name);
    if (entries.has(entry.name)) throw corrupt(`it holds ${quoted(entry.name)} twice`, entry.name);
    if (!entry.name.endsWith('/')) entries.set(entry.name, entry);
  }

  let bytesRead = 0;
  return {
    entries,
    get bytesRead() {
      return bytesRead;
    },
    async read(entry, maxBytes = limits.maxEntryBytes) {
      const cap = Math.min(maxBytes, limits.maxEntryBytes);
      // The claimed size may only reject early; what decides is the count of bytes produced below.
      if (entry.size > cap) throw tooLarge(entry.name, cap);
      if (bytesRead + entry.size > limits.maxTotalBytes) throw tooLargeTotal(limits.maxTotalBytes);
      const header = await bytesOf(file, entry.localOffset, LOCAL_HEADER_SIZE);
      const h = new DataView(header.buffer);
      if (h.getUint32(0, true) !== LOCAL_HEADER) throw corrupt(`the header of ${quoted(entry.name)} is missing`, entry.name);
      const dataStart = entry.localOffset + LOCAL_HEADER_SIZE + h.getUint16(26, true) + h.getUint16(28, true);
      const dataEnd = dataStart + entry.compressedSize;
      if (dataEnd > file.size) {
        throw new ProjectFileError('truncated', `This project file is incomplete (${quoted(entry.name)} runs past its end), probably cut off while downloading or copying; import a complete copy.`, entry.name);
      }
      if (dataEnd > entry.end) throw corrupt(`${quoted(entry.name)} overlaps the next entry`, entry.name);
      const localName = await bytesOf(file, entry.localOffset + LOCAL_HEADER_SIZE, h.getUint16(26, true));
      if (decoder.decode(localName) !== entry.name) throw corrupt(`the two names recorded for ${quoted(entry.name)} disagree`, entry.name);

      const compressed = await bytesOf(file, dataStart, entry.compressedSize);
      let data: Uint8Array<ArrayBuffer>;
      if (entry.method === STORED) {
        data = compressed;
        bytesRead += data.length;
      } else {
        const ratioCap = Math.max(RATIO_FREE_BYTES, limits.maxCompressionRatio * entry.compressedSize);
        const chunks: Uint8Array[] = [];
        let produced = 0;
        await inflateRaw(compressed, entry.name, (chunk) => {
          produced += chunk.length;
          bytesRead += chunk.length;
          if (produced > cap) throw tooLarge(entry.name, cap);
          if (bytesRead > limits.maxTotalBytes) throw tooLargeTotal(limits.maxTotalBytes);
          if (produced > ratioCap) {
            throw new ProjectFileError(
              'too-large',
              `${quoted(entry.name)} expands more than ${limits.maxCompressionRatio} times, as only a zip bomb does, so the file was not opened; ${EXPORT_AGAIN}.`,
              entry.name,
            );
          }
          chunks.push(chunk);
        });
        data = concat(chunks, produced);
      }
      if (data.length !== entry.size) throw corrupt(`${quoted(entry.name)} is not the size its header records`, entry.name);
      if (crc32(data) !== entry.crc32) throw corrupt(`${quoted(entry.name)} fails its checksum`, entry.name);
      return data;
    },
  };
}

async function findDirectory(file: Blob, limits: ProjectFileLimits): Promise<{ directoryOffset: number; directorySize: number; count: number }> {
  const tailStart = Math.max(0, file.size - END_SIZE - MAX_COMMENT);
  const tail = await bytesOf(file, tailStart, file.size - tailStart);
  const view = new DataView(tail.buffer);
  let end = -1;
  // The record's comment must reach exactly to the end of the file, or the match is chance bytes.
  for (let i = tail.length - END_SIZE; i >= 0; i -= 1) {
    if (view.getUint32(i, true) === END_OF_DIRECTORY && i + END_SIZE + view.getUint16(i + 20, true) === tail.length) {
      end = i;
      break;
    }
  }
  if (end < 0) {
    const head = await bytesOf(file, 0, Math.min(4, file.size));
    const looksLikeZip = head.length === 4 && new DataView(head.buffer).getUint32(0, true) === LOCAL_HEADER;
    if (looksLikeZip) {
      throw new ProjectFileError('truncated', 'This project file is incomplete (its end is missing), probably cut off while downloading or copying; import a complete copy.');
    }
    throw new ProjectFileError('not-a-zip', 'This file is not a Gesture Studio project (it is not a zip archive); choose a project file that Gesture Studio exported.');
  }
  const endOffset = tailStart + end;
  if (end >= 20 && view.getUint32(end - 20, true) === ZIP64_LOCATOR) throw unsupported('zip64');
  const disk = view.getUint16(end + 4, true);
  const directoryDisk = view.getUint16(end + 6, true);
  const entriesHere = view.getUint16(end + 8, true);
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (disk !== 0 || directoryDisk !== 0 || entriesHere !== count) throw unsupported('a zip split over several files');
  if (count > limits.maxEntries) {
    throw new ProjectFileError(
      'too-many-entries',
      `This file holds ${count} files, more than the ${limits.maxEntries} Gesture Studio opens at once; import a project file that Gesture Studio exported.`,
    );
  }
  if (directoryOffset + directorySize > endOffset) {
    throw new ProjectFileError('truncated', 'This project file is incomplete (its table of contents points past its end); import a complete copy.');
  }
  if (directorySize > MAX_DIRECTORY_BYTES) throw corrupt('its table of contents is far larger than a project needs');
  if (count > 0 && directorySize < count * CENTRAL_HEADER_SIZE) throw corrupt('its table of contents is damaged');
  return { directoryOffset, directorySize, count };
}

/**
 * Inflates raw deflate data with the platform's DecompressionStream, handing each output chunk to
 * `onChunk` as it comes. When `onChunk` throws, inflation stops there: nothing past that chunk is
 * made, which is what keeps a zip bomb's memory bounded.
 */
async function inflateRaw(compressed: Uint8Array<ArrayBuffer>, name: string, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const feeding = (async () => {
    for (let at = 0; at < compressed.length; at += INFLATE_FEED_BYTES) {
      await writer.ready;
      await writer.write(compressed.subarray(at, at + INFLATE_FEED_BYTES));
    }
    await writer.close();
  })();
  // A failed write also fails the reader, which reports it; this only keeps the rejection handled.
  feeding.catch(() => undefined);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onChunk(value);
    }
    await feeding;
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    await writer.abort().catch(() => undefined);
    if (error instanceof ProjectFileError) throw error;
    throw corrupt(`${quoted(name)} cannot be unpacked`, name);
  }
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

async function bytesOf(file: Blob, start: number, length: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await file.slice(start, start + length).arrayBuffer());
}

function corrupt(what: string, entry?: string): ProjectFileError {
  return new ProjectFileError('corrupt', `This project file is damaged (${what}); import an undamaged copy, or export the project from Gesture Studio again.`, entry);
}

function unsupported(feature: string, entry?: string): ProjectFileError {
  return new ProjectFileError(
    'unsupported-zip',
    `This zip uses ${feature}, which Gesture Studio does not read; import the project file exactly as Gesture Studio exported it, without repacking it.`,
    entry,
  );
}

function tooLarge(name: string, cap: number): ProjectFileError {
  return new ProjectFileError('too-large', `${quoted(name)} unpacks to more than ${formatBytes(cap)}, more than a project file holds, so the file was not opened; ${EXPORT_AGAIN}.`, name);
}

function tooLargeTotal(cap: number): ProjectFileError {
  return new ProjectFileError('too-large', `This file unpacks to more than ${formatBytes(cap)}, more than Gesture Studio opens, so it was not opened; ${EXPORT_AGAIN}.`);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
