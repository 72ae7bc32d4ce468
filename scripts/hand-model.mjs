// Builds MediaPipe HandLandmarker `.task` bundles from the tflite files that the npm package
// @mediapipe/hands ships, so the hand tracker never needs Google's storage. The shipped models lack
// the TFLite metadata that tasks-vision insists on (how to normalise the input image), so this adds
// it, then zips the palm detector and the landmark model the way a `.task` bundle expects them.
// Pure functions over bytes; scripts/prepare-assets.mjs reads and writes the files.
import { crc32 } from 'node:zlib';

/**
 * A value to lay out in a flatbuffer. `at` is a table or vector already inside the original model;
 * it stays where it is and is only pointed at.
 * @typedef {{ table: Field[] } | { refs: Node[] } | { floats: number[] } | { string: string } | { bytes: Uint8Array } | { at: number }} Node
 */
/**
 * One table field, by field id (schema order); null leaves the field out. `u8` is for enums and
 * union type tags, `u32` for uint scalars, `ref` for every table, vector and string.
 * @typedef {null | { u8: number } | { u32: number } | { ref: Node }} Field
 */

/**
 * Lays a flatbuffer out front to back: the root table first, each child after the table or vector
 * that points at it. Flatbuffer offsets are unsigned, so every pointer must point forward, and a
 * breadth-first layout guarantees that. The result is padded to a multiple of 16 bytes, and an
 * `at` node points into bytes to be appended after it: at (the result's length + at).
 * @param {Node} root
 * @param {string} identifier the schema's four-character file_identifier
 * @returns {Buffer}
 */
function layOutForward(root, identifier) {
  // Positions are decided first and bytes written at the end, into a buffer of the final size.
  let size = 0;
  /** @type {((out: Buffer) => void)[]} */
  const writes = [];
  const take = (/** @type {number} */ n) => {
    size += n;
    return size - n;
  };
  const alignTo = (/** @type {number} */ multiple, remainder = 0) => {
    while (size % multiple !== remainder) take(1);
  };
  /** @type {[slot: number, node: Node][]} */
  const queue = [];
  /** @type {[slot: number, at: number][]} */
  const external = [];
  const pointTo = (/** @type {number} */ slot, /** @type {Node} */ node) => {
    if ('at' in node) external.push([slot, node.at]);
    else queue.push([slot, node]);
  };
  const vector = (/** @type {number} */ length) => {
    const at = take(4);
    writes.push((out) => out.writeUInt32LE(length, at));
    return at;
  };

  /** Places one node at the end and returns its position (a table's, not its vtable's). */
  const place = (/** @type {Node} */ node) => {
    if ('table' in node) {
      // Word-sized fields first, then bytes, so each sits at its natural alignment.
      const present = node.table.flatMap((field, id) => (field ? [{ field, id }] : []));
      const ordered = [...present.filter((f) => !('u8' in f.field)), ...present.filter((f) => 'u8' in f.field)];
      const vtableSize = 4 + 2 * node.table.length;
      const inlineSize = 4 + ordered.reduce((sum, { field }) => sum + ('u8' in field ? 1 : 4), 0);
      alignTo(4, (4 - (vtableSize % 4)) % 4); // the table right after the vtable is then 4-aligned
      const vtable = take(vtableSize);
      const table = take(inlineSize);
      writes.push((out) => {
        out.writeUInt16LE(vtableSize, vtable);
        out.writeUInt16LE(inlineSize, vtable + 2);
        out.writeInt32LE(table - vtable, table); // the vtable lies at table - this
      });
      let offset = 4;
      for (const { field, id } of ordered) {
        const at = table + offset;
        writes.push((out) => out.writeUInt16LE(at - table, vtable + 4 + 2 * id));
        if ('u8' in field) writes.push((out) => out.writeUInt8(field.u8, at));
        else if ('u32' in field) writes.push((out) => out.writeUInt32LE(field.u32, at));
        else pointTo(at, field.ref);
        offset += 'u8' in field ? 1 : 4;
      }
      return table;
    }
    if ('refs' in node) {
      alignTo(4);
      const at = vector(node.refs.length);
      for (const child of node.refs) pointTo(take(4), child);
      return at;
    }
    if ('floats' in node) {
      alignTo(4);
      const at = vector(node.floats.length);
      const start = take(4 * node.floats.length);
      writes.push((out) => node.floats.forEach((value, i) => out.writeFloatLE(value, start + 4 * i)));
      return at;
    }
    if ('string' in node) {
      alignTo(4);
      const text = Buffer.from(node.string);
      const at = vector(text.length);
      const start = take(text.length + 1); // flatbuffer strings end in a NUL: the zeroed byte after
      writes.push((out) => out.set(text, start));
      return at;
    }
    if ('bytes' in node) {
      alignTo(16, 12); // TFLite's Buffer.data is force_align: 16 (the data, after its length)
      const at = vector(node.bytes.length);
      const start = take(node.bytes.length);
      writes.push((out) => out.set(node.bytes, start));
      return at;
    }
    throw new Error('an existing table or vector cannot be placed again');
  };

  take(8); // the root offset and the file identifier
  writes.push((out) => out.write(identifier, 4, 'latin1'));
  queue.push([0, root]);
  while (queue.length > 0) {
    const [slot, node] = /** @type {[number, Node]} */ (queue.shift());
    const at = place(node);
    writes.push((out) => out.writeUInt32LE(at - slot, slot));
  }
  alignTo(16);
  const out = Buffer.alloc(size);
  for (const write of writes) write(out);
  for (const [slot, at] of external) out.writeUInt32LE(size + at - slot, slot);
  return out;
}

/** Field positions of the table at `table` (0 where a field is absent), from its vtable. */
function fieldsOf(/** @type {Buffer} */ bytes, /** @type {number} */ table) {
  const vtable = table - bytes.readInt32LE(table);
  const count = (bytes.readUInt16LE(vtable) - 4) / 2;
  return Array.from({ length: count }, (_, id) => {
    const offset = bytes.readUInt16LE(vtable + 4 + 2 * id);
    return offset === 0 ? 0 : table + offset;
  });
}

const follow = (/** @type {Buffer} */ bytes, /** @type {number} */ slot) => slot + bytes.readUInt32LE(slot);

/** Positions of the tables a vector of tables points at. */
function tablesIn(/** @type {Buffer} */ bytes, /** @type {number} */ vector) {
  return Array.from({ length: bytes.readUInt32LE(vector) }, (_, i) => follow(bytes, vector + 4 + 4 * i));
}

// tflite-support metadata_schema.fbs: union tags count from 1 in declaration order.
const IMAGE_PROPERTIES = 2; // ContentProperties: FeatureProperties, ImageProperties, ...
const NORMALIZATION_OPTIONS = 1; // ProcessUnitOptions: NormalizationOptions, ...
const RGB = 1; // ColorSpaceType: UNKNOWN, RGB, GRAYSCALE

/**
 * The ModelMetadata flatbuffer ("M001") saying the one input is an RGB image to be normalised as
 * (x - 0) / 255, i.e. to [0, 1], which is how MediaPipe's legacy graphs fed these models.
 * Without it tasks-vision refuses a float32 input tensor.
 */
function imageInputMetadata() {
  const content = { table: [{ u8: IMAGE_PROPERTIES }, { ref: { table: [{ u8: RGB }] } }] };
  const normalization = { table: [{ ref: { floats: [0] } }, { ref: { floats: [255] } }] };
  // TensorMetadata: name, description, dimension_names, content, process_units
  const input = { table: [null, null, null, { ref: content }, { ref: { refs: [{ table: [{ u8: NORMALIZATION_OPTIONS }, { ref: normalization }] }] } }] };
  // SubGraphMetadata: name, description, input_tensor_metadata
  const subgraph = { table: [null, null, { ref: { refs: [input] } }] };
  // ModelMetadata: name, description, version, subgraph_metadata, author, license, associated_files,
  // min_parser_version (what tflite-support's populator records; these fields all date from 1.0.0).
  return layOutForward({ table: [null, null, null, { ref: { refs: [subgraph] } }, null, null, null, { ref: { string: '1.0.0' } }] }, 'M001');
}

// tensorflow/lite/schema/schema.fbs, table Model, in field-id order.
const MODEL_FIELDS = ['version', 'operator_codes', 'subgraphs', 'description', 'buffers', 'metadata_buffer', 'metadata', 'signature_defs'];

/**
 * Returns a copy of a TFLite model with image-input metadata attached the standard way: one more
 * Buffer holding the metadata flatbuffer and a `TFLITE_METADATA` entry in `Model.metadata` naming it.
 * A new root Model table is written in front of the untouched original bytes and points forward
 * into them for every field it keeps; the original's offsets are all relative, so they stay valid,
 * and the front part is a multiple of 16 bytes long, so every weight buffer stays 16-byte aligned.
 * @param {Uint8Array} tflite
 * @param {string} [label] names the model in error messages
 * @returns {Buffer}
 */
export function withImageMetadata(tflite, label = 'the model') {
  const model = Buffer.from(tflite.buffer, tflite.byteOffset, tflite.byteLength);
  if (model.length < 8 || model.toString('latin1', 4, 8) !== 'TFL3') throw new Error(`${label} is not a TFLite model: it has no TFL3 identifier`);
  const fields = fieldsOf(model, model.readUInt32LE(0));
  if (fields.length > MODEL_FIELDS.length) throw new Error(`${label} has Model fields newer than this script knows`);
  const slot = (/** @type {string} */ name) => fields[MODEL_FIELDS.indexOf(name)] ?? 0;
  const kept = (/** @type {string} */ name) => (slot(name) ? { ref: { at: follow(model, slot(name)) } } : null);

  const buffers = slot('buffers') ? tablesIn(model, follow(model, slot('buffers'))) : [];
  // Buffer.offset (field 1) places data relative to the file start, which the shift would break.
  const outside = (/** @type {number} */ buffer) => {
    const offset = fieldsOf(model, buffer)[1];
    return offset !== undefined && offset !== 0 && model.readBigUInt64LE(offset) !== 0n;
  };
  if (buffers.some(outside)) throw new Error(`${label} keeps buffer data outside the flatbuffer`);
  const metadata = slot('metadata') ? tablesIn(model, follow(model, slot('metadata'))) : [];
  const names = metadata.map((entry) => {
    const nameSlot = fieldsOf(model, entry)[0];
    if (!nameSlot) return '';
    const name = follow(model, nameSlot);
    return model.toString('utf8', name + 4, name + 4 + model.readUInt32LE(name));
  });
  if (names.includes('TFLITE_METADATA')) throw new Error(`${label} already carries TFLITE_METADATA`);

  const front = layOutForward(
    {
      table: [
        slot('version') ? { u32: model.readUInt32LE(slot('version')) } : null,
        kept('operator_codes'),
        kept('subgraphs'),
        kept('description'),
        { ref: { refs: [...buffers.map((at) => ({ at })), { table: [{ ref: { bytes: imageInputMetadata() } }] }] } },
        kept('metadata_buffer'),
        // Metadata: name, buffer (an index into buffers: the one just appended)
        { ref: { refs: [...metadata.map((at) => ({ at })), { table: [{ ref: { string: 'TFLITE_METADATA' } }, { u32: buffers.length }] }] } },
        kept('signature_defs'),
      ],
    },
    'TFL3',
  );
  return Buffer.concat([front, model]);
}

/**
 * A zip archive of stored (uncompressed) entries, as MediaPipe requires: it reads each entry in
 * place. Each entry's data starts 16-byte aligned (padding in the local header's extra field, as
 * Android's zipalign does) so the aligned tflite buffers stay aligned in memory.
 * @param {[name: string, data: Uint8Array][]} entries
 * @returns {Buffer}
 */
function storedZip(entries) {
  const DOS_DATE = (1 << 5) | 1; // 1980-01-01, the earliest a zip can say
  /** @type {Buffer[]} */
  const parts = [];
  /** @type {Buffer[]} */
  const directory = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const fileName = Buffer.from(name);
    const crc = crc32(data);
    // Extra field 0xD935 (zipalign's): its id, its size, the alignment, then zero padding.
    const extraSize = 6 + ((16 - ((offset + 30 + fileName.length + 6) % 16)) % 16);
    const local = Buffer.alloc(30 + fileName.length + extraSize);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4); // version needed: 1.0, stored entries only
    // Flags and method (0 = stored) stay 0; a fixed date keeps a rebuild byte-identical.
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    local.writeUInt16LE(extraSize, 28);
    fileName.copy(local, 30);
    local.writeUInt16LE(0xd935, 30 + fileName.length);
    local.writeUInt16LE(extraSize - 4, 32 + fileName.length);
    local.writeUInt16LE(16, 34 + fileName.length);

    const central = Buffer.alloc(46 + fileName.length);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: zip 2.0
    central.writeUInt16LE(10, 6);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    fileName.copy(central, 46);

    parts.push(local, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    directory.push(central);
    offset += local.length + data.length;
  }
  const directorySize = directory.reduce((sum, entry) => sum + entry.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...directory, end]);
}

/**
 * The `.task` bundle HandLandmarker loads: the palm detector and the landmark model under the
 * names its graph looks for, each with image-input metadata.
 * @param {{ detector: Uint8Array, landmarks: Uint8Array }} models tflite bytes as @mediapipe/hands ships them
 * @returns {Buffer}
 */
export function handLandmarkerTask({ detector, landmarks }) {
  return storedZip([
    ['hand_detector.tflite', withImageMetadata(detector, 'the palm detector')],
    ['hand_landmarks_detector.tflite', withImageMetadata(landmarks, 'the hand landmark model')],
  ]);
}

/**
 * Where each file packed into hands_solution_packed_assets.data lies, read from the
 * `loadPackage({"files": [...]})` call in hands_solution_packed_assets_loader.js.
 * @param {string} loaderSource
 * @returns {Map<string, { start: number, end: number }>} keyed by file name without its folder
 */
export function packedAssetRanges(loaderSource) {
  const match = /loadPackage\((\{"files":.*?\})\);/.exec(loaderSource);
  if (!match) throw new Error('its loader script has no loadPackage({"files": ...}) call');
  /** @type {{ files: { filename: string, start: number, end: number }[] }} */
  const listing = JSON.parse(match[1]);
  return new Map(listing.files.map(({ filename, start, end }) => [filename.slice(filename.lastIndexOf('/') + 1), { start, end }]));
}
