import { createRandom } from '../train';

/**
 * A 640x480 stand-in for a webcam frame: a lit background, a skin-toned hand shape in the middle and
 * sensor-like noise. Timing does not depend on what the picture shows, but JPEG encoding does depend
 * on detail, so the frame is not flat. Reproducible from `seed`.
 */
export function createSyntheticFrame(width = 640, height = 480, seed = 1): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  const random = createRandom(seed);

  const wall = ctx.createLinearGradient(0, 0, width, height);
  wall.addColorStop(0, '#d8d2c4');
  wall.addColorStop(1, '#6f7a86');
  ctx.fillStyle = wall;
  ctx.fillRect(0, 0, width, height);
  for (let i = 0; i < 12; i += 1) {
    ctx.fillStyle = `hsla(${Math.floor(random() * 360)}, 35%, ${40 + Math.floor(random() * 40)}%, 0.5)`;
    ctx.fillRect(random() * width, random() * height, 30 + random() * 160, 20 + random() * 120);
  }

  const cx = width / 2;
  const cy = height * 0.6;
  const skin = ctx.createRadialGradient(cx - 20, cy - 30, 10, cx, cy, 140);
  skin.addColorStop(0, '#f1c7a5');
  skin.addColorStop(1, '#b87c5a');
  ctx.fillStyle = skin;
  ctx.beginPath();
  ctx.ellipse(cx, cy, 70, 85, 0, 0, Math.PI * 2); // palm
  ctx.fill();
  ctx.lineCap = 'round';
  ctx.strokeStyle = skin;
  ctx.lineWidth = 26;
  for (let finger = 0; finger < 5; finger += 1) {
    const angle = -Math.PI / 2 + (finger - 2) * 0.33 + (finger === 0 ? -0.5 : 0);
    const length = finger === 0 ? 80 : 110 + random() * 40;
    ctx.beginPath();
    ctx.moveTo(cx + Math.cos(angle) * 50, cy + Math.sin(angle) * 60);
    ctx.lineTo(cx + Math.cos(angle) * (50 + length), cy + Math.sin(angle) * (60 + length));
    ctx.stroke();
  }

  const image = ctx.getImageData(0, 0, width, height);
  for (let i = 0; i < image.data.length; i += 4) {
    const grain = (random() - 0.5) * 24;
    image.data[i] += grain;
    image.data[i + 1] += grain;
    image.data[i + 2] += grain;
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}
