// Pure helpers for scripts/prepare-assets.mjs, kept apart so they can be unit-tested.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** @typedef {{ sha256: string, path: string }} Entry  path is relative, without the leading "./" */
/** @typedef {{ path: string, problem: 'missing' | 'corrupt' }} Problem */

/**
 * Parses `sha256sum` output ("<hex>  ./relative/path" per line; "*" marks binary mode).
 * @param {string} text
 * @returns {Entry[]}
 */
export function parseChecksums(text) {
  const entries = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const match = /^([0-9a-f]{64}) [ *](?:\.\/)?(.+)$/.exec(line);
    // The paths become write targets under public/models, so they must stay inside it.
    if (!match || match[2].startsWith('/') || match[2].split('/').includes('..')) {
      throw new Error(`line ${index + 1} is not "<sha256>  ./relative/path"`);
    }
    entries.push({ sha256: match[1], path: match[2] });
  }
  if (entries.length === 0) throw new Error('it lists no files');
  return entries;
}

// Google's official copies of the same files: the layers models live in the tfjs-models bucket,
// the graph model (the one @tensorflow-models/mobilenet loads by default) on TF Hub.
const LAYERS_MODELS = new Map([
  ['mobilenet_v1_025_224', 'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_0.25_224'],
  ['mobilenet_v1_075_224', 'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_0.75_224'],
]);
const GRAPH_MODELS = new Map([
  ['mobilenet_v1_025_224/imagenet', 'https://tfhub.dev/google/imagenet/mobilenet_v1_025_224/classification/1'],
]);

/**
 * Maps a path from the checksum list to the URL Google publishes that file at.
 * @param {string} path
 * @returns {string}
 */
export function officialUrl(path) {
  const slash = path.lastIndexOf('/');
  const folder = path.slice(0, slash);
  const file = path.slice(slash + 1);
  // TF Hub serves the raw file only with this query; without it, it answers with an archive.
  const graph = GRAPH_MODELS.get(folder);
  if (graph) return `${graph}/${file}?tfjs-format=file`;
  const layers = LAYERS_MODELS.get(folder);
  if (layers) return `${layers}/${file}`;
  throw new Error(`no official download location is known for ${path}`);
}

/**
 * @param {Buffer} data
 * @returns {string} hex SHA-256
 */
export function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Checks every listed file under `dir`; returns the missing and corrupt ones, in list order.
 * @param {string} dir
 * @param {Entry[]} entries
 * @returns {Promise<Problem[]>}
 */
export async function verifyFolder(dir, entries) {
  const results = await Promise.all(
    entries.map(async ({ sha256: expected, path }) => {
      try {
        return sha256(await readFile(join(dir, path))) === expected ? null : { path, problem: 'corrupt' };
      } catch (err) {
        if (/** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT') return { path, problem: 'missing' };
        throw err;
      }
    }),
  );
  return /** @type {Problem[]} */ (results.filter(Boolean));
}
