/**
 * Everything that can be wrong with a file a person picks to import. The UI shows `message` (one
 * sentence: what is wrong and what to do) and may branch on `kind`; `entry` names the file inside
 * the zip when one is to blame.
 */
export type ProjectFileErrorKind =
  /** Not a zip archive at all. */
  | 'not-a-zip'
  /** A zip cut short: no end-of-central-directory record, or entries that run past the end. */
  | 'truncated'
  /** A zip whose bytes contradict themselves: wrong CRC-32, wrong sizes, overlapping or broken entries. */
  | 'corrupt'
  /** A valid zip using features this reader leaves out (encryption, zip64, methods other than stored/deflate). */
  | 'unsupported-zip'
  /** Unpacks to more than the limits allow (total, per entry, or a compression ratio only a zip bomb has). */
  | 'too-large'
  | 'too-many-entries'
  /** An entry name that climbs out of the archive (`../`), is absolute, or uses backslashes or control characters. */
  | 'unsafe-path'
  | 'missing-manifest'
  /** manifest.json is not JSON, or a field is missing, of the wrong type or out of range. */
  | 'bad-manifest'
  /** manifest.json names another format than "gesture-studio-project". */
  | 'unknown-format'
  /** Saved by a newer app, in a project format version this app does not read. */
  | 'newer-version'
  /** Embeddings made by a backbone this app does not have. */
  | 'unknown-backbone'
  /** A file the manifest lists is not in the zip. */
  | 'missing-file'
  /** A sample file that is not a JPEG, PNG or WebP image. */
  | 'bad-image'
  /** A sample image whose header claims more pixels than a sample can have. */
  | 'image-too-large'
  /** embeddings.bin does not hold exactly the claimed vectors of the backbone's size, or holds non-finite values. */
  | 'bad-embeddings'
  | 'bad-landmarks'
  /** Two classes whose names differ only in case (or not at all). */
  | 'duplicate-class'
  /** A class name the app would not accept: empty or too long. */
  | 'bad-class-name'
  /** The trained head's files do not describe a model (weights of the wrong size, bad specs). */
  | 'bad-head'
  /** A gesture action of a kind this app does not know (saved by a newer app). */
  | 'unknown-action'
  /** The motion clips' rows do not fit the manifest (wrong length, rows of another size, non-finite values). */
  | 'bad-motion-clips'
  /** The trained motion model's files do not describe a motion model this app loads. */
  | 'bad-motion-model';

export class ProjectFileError extends Error {
  constructor(
    readonly kind: ProjectFileErrorKind,
    message: string,
    /** The zip entry at fault, when there is one. */
    readonly entry?: string,
  ) {
    super(message);
    this.name = 'ProjectFileError';
  }
}

/** Text from the file, quoted in a message: shortened so a hostile name cannot flood the page. */
export function quoted(text: string, max = 60): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return `"${shown}"`;
}

/** The way out offered for a file that was damaged or changed after Gesture Studio wrote it. */
export const EXPORT_AGAIN = 'import a project file exactly as Gesture Studio exported it';
