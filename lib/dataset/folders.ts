/**
 * Groups files picked from a folder (`<input webkitdirectory>`) by their parent folder name, which
 * names the class: picking `digits/` with `digits/3/a.png` → class "3". Files directly in the picked
 * folder have no class and are reported as skipped.
 */
export interface FolderGroups<F> {
  readonly groups: Map<string, F[]>;
  /** Files not inside a class subfolder, or not images by name. */
  readonly skipped: F[];
}

const IMAGE_NAME = /\.(png|jpe?g|webp|gif|bmp|avif)$/i;

export function groupByClassFolder<F extends { name: string; webkitRelativePath?: string }>(files: readonly F[]): FolderGroups<F> {
  const groups = new Map<string, F[]>();
  const skipped: F[] = [];
  for (const file of files) {
    const parts = (file.webkitRelativePath || file.name).split('/').filter(Boolean);
    // parts[0] is the picked folder itself; its first-level subfolders are the classes.
    const className = parts.length >= 3 ? parts[1] : null;
    if (!className || !IMAGE_NAME.test(file.name) || file.name.startsWith('.')) {
      skipped.push(file);
      continue;
    }
    const list = groups.get(className) ?? [];
    list.push(file);
    groups.set(className, list);
  }
  return { groups: new Map([...groups].sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))), skipped };
}

/**
 * Gives a made file (a scene, a stored sample's image) the relative path of a picked folder,
 * `<root>/<className>/<name>`, so groupByClassFolder and the folder tools read its class from it.
 * Returns the same file. Throws a RangeError for a class name with a "/", which no folder can have.
 */
export function inClassFolder(file: File, root: string, className: string): File {
  if (className.includes('/')) throw new RangeError(`The class “${className}” cannot be a folder: its name has a “/”. Rename it and try again.`);
  return atRelativePath(file, `${root}/${className}/${file.name}`);
}

/** Gives `file` the relative path `path` (as a folder pick would), which structured cloning drops. Returns the same file. */
export function atRelativePath(file: File, path: string): File {
  Object.defineProperty(file, 'webkitRelativePath', { value: path });
  return file;
}
