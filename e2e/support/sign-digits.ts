/**
 * Access to the real hand photos (Sign Language Digits, train split) that live
 * outside the repository in `../shared/data/sign-digits` (relative to the
 * project root, i.e. the folder holding package.json). The photos must never be
 * committed; tests that need them call `hasSignDigits()` and skip with
 * `SKIP_REASON` when they are absent.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The project root (the folder holding package.json). */
export const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** Absolute path to `../shared/data/sign-digits/train` (one sub-folder per class). */
export const SIGN_DIGITS_DIR = path.resolve(PROJECT_ROOT, '../shared/data/sign-digits/train');

export const SKIP_REASON = 'the real hand photos in ../shared/data/sign-digits are absent on this machine';

/** The class folder names, in order. */
export const SIGN_DIGIT_CLASSES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function pngFilesIn(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.png'))
    .map((e) => e.name);
}

/** True when every class folder 0..9 exists and holds at least one PNG. */
export function hasSignDigits(): boolean {
  if (!isDirectory(SIGN_DIGITS_DIR)) return false;
  try {
    return SIGN_DIGIT_CLASSES.every((c) => {
      const dir = path.join(SIGN_DIGITS_DIR, c);
      return isDirectory(dir) && pngFilesIn(dir).length > 0;
    });
  } catch {
    return false;
  }
}

/** Sorted absolute paths of the PNG photos of one class (e.g. "3"). */
export function listClassImages(className: string): string[] {
  if (!/^[A-Za-z0-9_-]+$/.test(className)) {
    throw new Error(`listClassImages: invalid class name ${JSON.stringify(className)}`);
  }
  const dir = path.join(SIGN_DIGITS_DIR, className);
  if (!isDirectory(dir)) {
    throw new Error(`listClassImages: no folder for class ${JSON.stringify(className)} at ${dir}`);
  }
  // Plain code-unit order (not locale order) so the result is identical everywhere.
  return pngFilesIn(dir)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => path.join(dir, name));
}

/** mulberry32: a tiny, fast, deterministic 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string, used to give every class its own shuffle stream. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Deterministic Fisher–Yates shuffle (returns a new array). */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  const rand = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

export interface SplitOptions {
  /** Photos per class copied to `holdout/<class>/`. */
  holdoutPerClass: number;
  /** Photos per class copied to `train/<class>/`; default: all photos not held out. */
  trainPerClass?: number;
  /** Class folder names; default all 10 ("0".."9"). */
  classes?: string[];
  /** Seed of the per-class shuffle; the same seed gives the same split. */
  seed: number;
}

export interface Split {
  /** The fresh temp folder holding `train/` and `holdout/` (delete it when done). */
  root: string;
  trainDir: string;
  holdoutDir: string;
  /** Total photos copied, over all classes. */
  counts: { train: number; holdout: number };
}

function checkCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) {
    throw new Error(`makeSplit: ${name} must be a non-negative integer, got ${v}`);
  }
}

/**
 * Copies a deterministic, disjoint train/holdout split of the photos into a
 * fresh folder under os.tmpdir(): `train/<class>/<file>.png` and
 * `holdout/<class>/<file>.png`. Each class is shuffled with its own stream
 * derived from `seed` and the class name; the first `holdoutPerClass` photos
 * go to holdout, the next `trainPerClass` (default: the rest) to train.
 */
export function makeSplit(opts: SplitOptions): Split {
  const classes = opts.classes ?? SIGN_DIGIT_CLASSES.slice();
  checkCount('holdoutPerClass', opts.holdoutPerClass);
  if (opts.trainPerClass !== undefined) checkCount('trainPerClass', opts.trainPerClass);
  if (!Number.isFinite(opts.seed)) throw new Error(`makeSplit: seed must be a number, got ${opts.seed}`);
  if (classes.length === 0) throw new Error('makeSplit: classes is empty');
  if (new Set(classes).size !== classes.length) throw new Error('makeSplit: classes has duplicates');

  // Plan everything first so a bad request fails before anything is written.
  const plan = classes.map((c) => {
    const files = listClassImages(c);
    const holdoutN = opts.holdoutPerClass;
    const trainN = opts.trainPerClass ?? files.length - holdoutN;
    if (holdoutN + Math.max(trainN, 0) > files.length || trainN < 0) {
      throw new Error(
        `makeSplit: class ${c} has ${files.length} photos, asked for ${holdoutN} holdout + ${
          opts.trainPerClass ?? 'the rest'
        } train`,
      );
    }
    const shuffled = seededShuffle(files, (opts.seed ^ fnv1a(c)) >>> 0);
    return {
      cls: c,
      holdout: shuffled.slice(0, holdoutN),
      train: shuffled.slice(holdoutN, holdoutN + trainN),
    };
  });

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sign-digits-split-'));
  const trainDir = path.join(root, 'train');
  const holdoutDir = path.join(root, 'holdout');
  const counts = { train: 0, holdout: 0 };
  for (const { cls, holdout, train } of plan) {
    for (const [dir, files, key] of [
      [trainDir, train, 'train'],
      [holdoutDir, holdout, 'holdout'],
    ] as const) {
      const classDir = path.join(dir, cls);
      fs.mkdirSync(classDir, { recursive: true });
      for (const f of files) {
        fs.copyFileSync(f, path.join(classDir, path.basename(f)));
        counts[key]++;
      }
    }
  }
  return { root, trainDir, holdoutDir, counts };
}
