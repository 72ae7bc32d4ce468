import { crc32, deflateRawSync } from 'node:zlib';
import { DEFAULT_PROJECT_FILE_LIMITS } from './limits';
import { openZip } from './zip';

/*
 * Test-only helpers (Node): a zip builder that can also make the broken and hostile archives the
 * reader must refuse. index.ts does not export them, and browser code must not import them.
 */

export interface TestEntry {
  readonly name: string;
  readonly data: Uint8Array;
  /** Default 'stored'. */
  readonly method?: 'stored' | 'deflate' | number;
  /** Overrides, to make lies: the CRC, the sizes and flags the headers claim, the local header's name. */
  readonly crc?: number;
  readonly size?: number;
  readonly compressedSize?: number;
  readonly flags?: number;
  readonly localName?: string;
  /** Stored as the entry's body as is, whatever `method` says (for data that does not inflate). */
  readonly rawBody?: Uint8Array;
  /** Where the central directory says the local header is (default: where it really is). */
  readonly localOffset?: number;
}

export interface TestZipOptions {
  /** Overrides the entry count the end record states. */
  readonly count?: number;
  /** Overrides the central directory offset the end record states. */
  readonly directoryOffset?: number;
}

/** A zip of `entries`, deflated with node:zlib where asked. */
export function buildZip(entries: readonly TestEntry[], options: TestZipOptions = {}): Uint8Array<ArrayBuffer> {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const method = entry.method === undefined || entry.method === 'stored' ? 0 : entry.method === 'deflate' ? 8 : entry.method;
    const body = entry.rawBody ? Buffer.from(entry.rawBody) : method === 8 ? deflateRawSync(entry.data) : Buffer.from(entry.data);
    const name = Buffer.from(entry.name);
    const localName = Buffer.from(entry.localName ?? entry.name);
    const crc = entry.crc ?? crc32(entry.data);
    const size = entry.size ?? entry.data.length;
    const compressedSize = entry.compressedSize ?? body.length;
    const flags = entry.flags ?? 0x0800;
    const local = Buffer.alloc(30 + localName.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressedSize, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(localName.length, 26);
    localName.copy(local, 30);
    const central = Buffer.alloc(46 + name.length);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressedSize, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(entry.localOffset ?? offset, 42);
    name.copy(central, 46);
    parts.push(local, body);
    directory.push(central);
    offset += local.length + body.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(options.count ?? entries.length, 8);
  end.writeUInt16LE(options.count ?? entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(options.directoryOffset ?? offset, 16);
  const out = Buffer.concat([...parts, directoryBytes, end]);
  return new Uint8Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.length));
}

/** Every entry of a zip by name, read with the reader under test. */
export async function zipEntries(zip: Blob): Promise<Map<string, Uint8Array>> {
  const reader = await openZip(zip, DEFAULT_PROJECT_FILE_LIMITS);
  const out = new Map<string, Uint8Array>();
  for (const [name, entry] of reader.entries) out.set(name, await reader.read(entry));
  return out;
}

export const text = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s);
