import { groupByClassFolder } from '../dataset';
import { createRandom } from '../train';

/** The size of the made-up camera frames the photos are pasted into. */
export const SCENE_WIDTH = 320;
export const SCENE_HEIGHT = 240;

/**
 * The same photos, each pasted at a random place and size (45–75% of the frame's height) onto a
 * generated background: a noisy colour texture, coloured stripes, or a clutter of boxes ("a room").
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
    drawBackground(ctx, i % 3, random);
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

function drawBackground(ctx: CanvasRenderingContext2D, kind: number, random: () => number): void {
  const colour = () => `hsl(${Math.floor(random() * 360)} ${30 + Math.floor(random() * 50)}% ${25 + Math.floor(random() * 50)}%)`;
  ctx.fillStyle = colour();
  ctx.fillRect(0, 0, SCENE_WIDTH, SCENE_HEIGHT);
  if (kind === 0) {
    // Noisy texture: small random blocks.
    for (let y = 0; y < SCENE_HEIGHT; y += 8) {
      for (let x = 0; x < SCENE_WIDTH; x += 8) {
        ctx.fillStyle = `rgba(${Math.floor(random() * 256)}, ${Math.floor(random() * 256)}, ${Math.floor(random() * 256)}, 0.35)`;
        ctx.fillRect(x, y, 8, 8);
      }
    }
  } else if (kind === 1) {
    // Stripes at a random angle.
    const stripe = 10 + Math.floor(random() * 20);
    ctx.save();
    ctx.translate(SCENE_WIDTH / 2, SCENE_HEIGHT / 2);
    ctx.rotate(random() * Math.PI);
    ctx.fillStyle = colour();
    for (let x = -SCENE_WIDTH; x < SCENE_WIDTH; x += 2 * stripe) ctx.fillRect(x, -SCENE_WIDTH, stripe, 2 * SCENE_WIDTH);
    ctx.restore();
  } else {
    // A room: a floor and a few pieces of furniture.
    ctx.fillStyle = colour();
    ctx.fillRect(0, SCENE_HEIGHT * (0.55 + 0.2 * random()), SCENE_WIDTH, SCENE_HEIGHT);
    for (let n = 0; n < 6; n += 1) {
      ctx.fillStyle = colour();
      ctx.fillRect(random() * SCENE_WIDTH, random() * SCENE_HEIGHT, 30 + random() * 120, 30 + random() * 100);
    }
  }
}
