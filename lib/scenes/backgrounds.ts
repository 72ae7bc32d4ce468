import type { AnyContext2D } from '../image';
import type { BackgroundKind } from './plan';

/**
 * Paints a generated background over the whole canvas: a noisy colour texture, a two-colour gradient,
 * stripes at a random angle, a room (a floor and furniture), or `scenery` — a close-up of another
 * photo, blurred like an out-of-focus room. Everything is drawn from `random`, so a seed repeats it.
 */
export function drawBackground(ctx: AnyContext2D, kind: BackgroundKind, random: () => number, scenery?: CanvasImageSource & { width: number; height: number }): void {
  const { width: SCENE_WIDTH, height: SCENE_HEIGHT } = ctx.canvas;
  const colour = () => `hsl(${Math.floor(random() * 360)} ${30 + Math.floor(random() * 50)}% ${25 + Math.floor(random() * 50)}%)`;
  ctx.save();
  ctx.fillStyle = colour();
  ctx.fillRect(0, 0, SCENE_WIDTH, SCENE_HEIGHT);
  if (kind === 'texture') {
    for (let y = 0; y < SCENE_HEIGHT; y += 8) {
      for (let x = 0; x < SCENE_WIDTH; x += 8) {
        ctx.fillStyle = `rgba(${Math.floor(random() * 256)}, ${Math.floor(random() * 256)}, ${Math.floor(random() * 256)}, 0.35)`;
        ctx.fillRect(x, y, 8, 8);
      }
    }
  } else if (kind === 'gradient') {
    const angle = random() * Math.PI;
    const dx = (Math.cos(angle) * SCENE_WIDTH) / 2;
    const dy = (Math.sin(angle) * SCENE_HEIGHT) / 2;
    const gradient = ctx.createLinearGradient(SCENE_WIDTH / 2 - dx, SCENE_HEIGHT / 2 - dy, SCENE_WIDTH / 2 + dx, SCENE_HEIGHT / 2 + dy);
    gradient.addColorStop(0, colour());
    gradient.addColorStop(1, colour());
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, SCENE_WIDTH, SCENE_HEIGHT);
  } else if (kind === 'stripes') {
    const stripe = 10 + Math.floor(random() * 20);
    ctx.translate(SCENE_WIDTH / 2, SCENE_HEIGHT / 2);
    ctx.rotate(random() * Math.PI);
    ctx.fillStyle = colour();
    for (let x = -SCENE_WIDTH; x < SCENE_WIDTH; x += 2 * stripe) ctx.fillRect(x, -SCENE_WIDTH, stripe, 2 * SCENE_WIDTH);
  } else if (kind === 'room') {
    ctx.fillStyle = colour();
    ctx.fillRect(0, SCENE_HEIGHT * (0.55 + 0.2 * random()), SCENE_WIDTH, SCENE_HEIGHT);
    for (let n = 0; n < 6; n += 1) {
      ctx.fillStyle = colour();
      ctx.fillRect(random() * SCENE_WIDTH, random() * SCENE_HEIGHT, 30 + random() * 120, 30 + random() * 100);
    }
  } else if (scenery) {
    // A quarter of the other photo, from a random corner, filling the frame and out of focus.
    const sw = scenery.width / 2;
    const sh = scenery.height / 2;
    ctx.filter = 'blur(4px)';
    ctx.drawImage(scenery, random() < 0.5 ? 0 : sw, random() < 0.5 ? 0 : sh, sw, sh, -8, -8, SCENE_WIDTH + 16, SCENE_HEIGHT + 16);
  }
  ctx.restore();
}
