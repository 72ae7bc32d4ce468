import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Typed through a URL import for the same reason as in assets.test.ts (allowJs is off).
const { handLandmarkerTask, packedAssetRanges, withImageMetadata }: {
  handLandmarkerTask(models: { detector: Uint8Array; landmarks: Uint8Array }): Buffer;
  packedAssetRanges(loaderSource: string): Map<string, { start: number; end: number }>;
  withImageMetadata(tflite: Uint8Array, label?: string): Buffer;
} = await import(new URL('./hand-model.mjs', import.meta.url).href);

const HANDS = fileURLToPath(new URL('../node_modules/@mediapipe/hands/', import.meta.url));

type Table = {
  at: number;
  has(id: number): boolean;
  u8(id: number): number;
  u32(id: number): number;
  table(id: number): Table;
  vector(id: number): Vector;
  string(id: number): string;
};
type Vector = { at: number; length: number; tables(): Table[]; floats(): number[]; bytes(): Buffer };

/**
 * A minimal flatbuffer reader, written apart from the script's writer so the test does not trust
 * it. It notes every table, vtable and vector it reaches, for the alignment checks.
 */
function readFlatbuffer(bytes: Buffer) {
  const reached = { tables: [] as number[], vtables: [] as number[], vectors: [] as number[] };
  const follow = (slot: number) => slot + bytes.readUInt32LE(slot);
  const vectorAt = (at: number): Vector => {
    reached.vectors.push(at);
    const length = bytes.readUInt32LE(at);
    return {
      at,
      length,
      tables: () => Array.from({ length }, (_, i) => tableAt(follow(at + 4 + 4 * i))),
      floats: () => Array.from({ length }, (_, i) => bytes.readFloatLE(at + 4 + 4 * i)),
      bytes: () => bytes.subarray(at + 4, at + 4 + length),
    };
  };
  const tableAt = (at: number): Table => {
    reached.tables.push(at);
    const vtable = at - bytes.readInt32LE(at);
    reached.vtables.push(vtable);
    const vtableSize = bytes.readUInt16LE(vtable);
    const slot = (id: number) => (4 + 2 * id < vtableSize ? bytes.readUInt16LE(vtable + 4 + 2 * id) : 0);
    const field = (id: number) => {
      if (slot(id) === 0) throw new Error(`field ${id} of the table at ${at} is absent`);
      return at + slot(id);
    };
    return {
      at,
      has: (id) => slot(id) !== 0,
      u8: (id) => bytes.readUInt8(field(id)),
      u32: (id) => bytes.readUInt32LE(field(id)),
      table: (id) => tableAt(follow(field(id))),
      vector: (id) => vectorAt(follow(field(id))),
      string: (id) => {
        const text = vectorAt(follow(field(id)));
        expect(bytes[text.at + 4 + text.length]).toBe(0); // flatbuffer strings are NUL-terminated
        return text.bytes().toString('utf8');
      },
    };
  };
  return { identifier: bytes.toString('latin1', 4, 8), root: () => tableAt(bytes.readUInt32LE(0)), reached };
}

// Field ids from tensorflow/lite/schema/schema.fbs.
const MODEL = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadataBuffer: 5, metadata: 6 };

/** What the test compares between a model and its rewritten copy. */
function summarise(tflite: Buffer) {
  const file = readFlatbuffer(tflite);
  const model = file.root();
  const buffers = model.vector(MODEL.buffers).tables();
  return {
    file,
    model,
    version: model.u32(MODEL.version),
    operatorCodes: model.vector(MODEL.operatorCodes).length,
    subgraphs: model.vector(MODEL.subgraphs).tables(),
    description: model.string(MODEL.description),
    metadataBuffer: model.vector(MODEL.metadataBuffer).bytes(),
    buffers: buffers.map((buffer) => (buffer.has(0) ? buffer.vector(0) : null)),
    metadata: model
      .vector(MODEL.metadata)
      .tables()
      .map((entry) => ({ name: entry.string(0), buffer: entry.u32(1) })),
  };
}

/** CRC-32 (the zip polynomial), independent of the zlib one the script uses. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Uint8Array) {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Entries of a zip, read from its central directory, with where each one's data starts. */
function readZip(zip: Buffer) {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  return Array.from({ length: count }, () => {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const entry = {
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      localCrc: zip.readUInt32LE(local + 14),
      compressedSize: zip.readUInt32LE(at + 20),
      dataStart,
      data: zip.subarray(dataStart, dataStart + zip.readUInt32LE(at + 24)),
    };
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    return entry;
  });
}

describe.skipIf(!existsSync(HANDS))('hand models from @mediapipe/hands', () => {
  const ranges = packedAssetRanges(readFileSync(join(HANDS, 'hands_solution_packed_assets_loader.js'), 'utf8'));
  const packed = readFileSync(join(HANDS, 'hands_solution_packed_assets.data'));
  const detector = (name: string) => {
    const range = ranges.get(name);
    if (!range) throw new Error(`the loader script does not list ${name}`);
    return packed.subarray(range.start, range.end);
  };
  const models = {
    'full landmark model': readFileSync(join(HANDS, 'hand_landmark_full.tflite')),
    'lite landmark model': readFileSync(join(HANDS, 'hand_landmark_lite.tflite')),
    'full palm detector': detector('palm_detection_full.tflite'),
    'lite palm detector': detector('palm_detection_lite.tflite'),
  };

  it('reads the palm detectors’ byte ranges from the loader script (the figures in HAND_MODEL.md)', () => {
    expect(ranges.get('palm_detection_full.tflite')).toEqual({ start: 11, end: 2341291 });
    expect(ranges.get('palm_detection_lite.tflite')).toEqual({ start: 2341291, end: 4326731 });
    expect(() => packedAssetRanges('var nothing = 1;')).toThrow(/loadPackage/);
  });

  describe.each(Object.entries(models))('withImageMetadata on the %s', (_, original) => {
    const before = summarise(original);
    const rewritten = withImageMetadata(original);
    const after = summarise(rewritten);

    it('keeps a TFLite Model with every original field, plus one buffer and one metadata entry', () => {
      expect(rewritten.toString('latin1', 4, 8)).toBe('TFL3');
      expect(after.version).toBe(before.version);
      expect(after.operatorCodes).toBe(before.operatorCodes);
      expect(after.subgraphs).toHaveLength(before.subgraphs.length);
      // The very same tables, moved along with the original bytes to the end of the file.
      expect(after.subgraphs.map((s) => s.at - rewritten.length)).toEqual(before.subgraphs.map((s) => s.at - original.length));
      expect(after.description).toBe(before.description);
      expect(after.metadataBuffer.equals(before.metadataBuffer)).toBe(true);
      expect(after.buffers).toHaveLength(before.buffers.length + 1);
      expect(after.metadata).toEqual([...before.metadata, { name: 'TFLITE_METADATA', buffer: before.buffers.length }]);
      expect(before.metadata.map((m) => m.name)).toEqual(['min_runtime_version', 'reduced_precision_support']);
    });

    it('leaves every original buffer’s bytes as they were', () => {
      const weights = before.buffers.filter((data) => data && data.length > 1000);
      expect(weights.length).toBeGreaterThan(10);
      before.buffers.forEach((data, index) => {
        const copy = after.buffers[index];
        if (data === null) expect(copy).toBeNull();
        else expect(copy?.bytes().equals(data.bytes())).toBe(true);
      });
    });

    it('attaches ModelMetadata saying the one input is an RGB image normalised by mean 0, std 255', () => {
      const data = after.buffers[before.buffers.length]?.bytes();
      if (!data) throw new Error('the TFLITE_METADATA buffer has no data');
      const metadata = readFlatbuffer(data);
      expect(metadata.identifier).toBe('M001');
      const root = metadata.root();
      const subgraphs = root.vector(3).tables(); // subgraph_metadata
      expect(subgraphs).toHaveLength(1);
      const inputs = subgraphs[0].vector(2).tables(); // input_tensor_metadata
      expect(inputs).toHaveLength(before.subgraphs[0].vector(1).length); // one per SubGraph.inputs
      expect(inputs).toHaveLength(1);
      const content = inputs[0].table(3);
      expect(content.u8(0)).toBe(2); // content_properties_type: ImageProperties
      expect(content.table(1).u8(0)).toBe(1); // color_space: RGB
      const units = inputs[0].vector(4).tables(); // process_units
      expect(units).toHaveLength(1);
      expect(units[0].u8(0)).toBe(1); // options_type: NormalizationOptions
      const normalization = units[0].table(1);
      expect(normalization.vector(0).floats()).toEqual([0]); // mean
      expect(normalization.vector(1).floats()).toEqual([255]); // std
      expect(root.string(7)).toBe('1.0.0'); // min_parser_version
      for (const at of [...metadata.reached.tables, ...metadata.reached.vectors]) expect(at % 4).toBe(0);
    });

    it('keeps tables and vectors 4-byte aligned and every buffer’s data 16-byte aligned', () => {
      for (const data of after.buffers) if (data) expect((data.at + 4) % 16).toBe(0);
      for (const subgraph of after.subgraphs) subgraph.vector(0).tables(); // reach the tensors too
      const { tables, vtables, vectors } = after.file.reached;
      expect(tables.length).toBeGreaterThan(before.buffers.length);
      for (const at of [...tables, ...vectors]) expect(at % 4).toBe(0);
      for (const at of vtables) expect(at % 2).toBe(0);
    });
  });

  it('refuses bytes that are not a TFLite model, and a model that already has metadata', () => {
    expect(() => withImageMetadata(Buffer.from('not a model at all'), 'the palm detector')).toThrow(/the palm detector is not a TFLite model/);
    const once = withImageMetadata(models['lite palm detector']);
    expect(() => withImageMetadata(once)).toThrow(/already carries TFLITE_METADATA/);
  });

  it('zips both models, stored, 16-byte aligned, with correct CRCs, the same bytes every time', () => {
    const inputs = { detector: models['full palm detector'], landmarks: models['full landmark model'] };
    const task = handLandmarkerTask(inputs);
    const entries = readZip(task);
    expect(entries.map((entry) => entry.name)).toEqual(['hand_detector.tflite', 'hand_landmarks_detector.tflite']);
    for (const entry of entries) {
      expect(entry.method).toBe(0);
      expect(entry.compressedSize).toBe(entry.data.length);
      expect(entry.crc).toBe(crc32(entry.data));
      expect(entry.localCrc).toBe(entry.crc);
      expect(entry.dataStart % 16).toBe(0);
    }
    expect(entries[0].data.equals(withImageMetadata(inputs.detector))).toBe(true);
    expect(entries[1].data.equals(withImageMetadata(inputs.landmarks))).toBe(true);
    expect(handLandmarkerTask(inputs).equals(task)).toBe(true);
  });
});
