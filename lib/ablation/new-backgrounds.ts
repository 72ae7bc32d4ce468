import { groupByClassFolder } from '../dataset';
import { drawBackground, SCENE_HEIGHT, SCENE_WIDTH, type BackgroundKind } from '../scenes';
import { createRandom } from '../train';

/** The kinds of background the photos are pasted onto, in turn. */
const KINDS: readonly BackgroundKind[] = ['texture', 'stripes', 'room'];

/**
 * The same photos, each pasted at a random place and size (45–75% of the frame's height) onto a
 * generated background (lib/scenes): a noisy colour texture, coloured stripes, or a clutter of boxes
 * ("a room"). Unlike lib/scenes' scene sets the photo is pasted whole, wall and all.
 * A whole-frame classifier has only ever seen the photos' plain walls centred; a hand-focused one
 * should not care. Seeded, so every run makes the same scenes. Keeps each file's class folder.
 */
export async function onNewBackgrounds(files: readonly File[], seed: number): Promise<File[]> {
  const random = createRandom(seed);
  const canvas = document.createElement('canvas');
  canvas.width = SCENE_WIDTH;
  canvas.height = SCENE_HEIGHT;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  const classOf = new Map([...groupByClassFolder(files).groups].flatMap(([name, list]) => list.map((f) => [f, name] as const)));
  const out: File[] = [];
  for (const [i, file] of files.entries()) {
    drawBackground(ctx, KINDS[i % KINDS.length], random);
    const photo = await createImageBitmap(file);
    const size = Math.round(SCENE_HEIGHT * (0.45 + 0.3 * random()));
    ctx.drawImage(photo, Math.floor(random() * (SCENE_WIDTH - size)), Math.floor(random() * (SCENE_HEIGHT - size)), size, size);
    photo.close();
    const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The browser could not encode a PNG.'))), 'image/png'));
    const scene = new File([blob], file.name.replace(/\.\w+$/, '.png'), { type: 'image/png' });
    // Keep the class folder: groupByClassFolder reads it from the relative path.
    Object.defineProperty(scene, 'webkitRelativePath', { value: `moved/${classOf.get(file) ?? 'unknown'}/${scene.name}` });
    out.push(scene);
  }
  return out;
}
