/**
 * A perceptual dark-blue → teal → yellow ramp (five stops, linearly blended), so a strong response
 * reads as bright and the eye sees the map's shape rather than a grey mush.
 */
const STOPS: readonly (readonly [number, number, number])[] = [
  [20, 12, 60],
  [50, 80, 150],
  [30, 150, 140],
  [120, 200, 80],
  [250, 230, 40],
];

/** RGB for each value 0..255, computed once. */
const TABLE: Uint8ClampedArray = (() => {
  const table = new Uint8ClampedArray(256 * 3);
  for (let v = 0; v < 256; v += 1) {
    const position = (v / 255) * (STOPS.length - 1);
    const i = Math.min(Math.floor(position), STOPS.length - 2);
    const t = position - i;
    for (let c = 0; c < 3; c += 1) table[v * 3 + c] = Math.round(STOPS[i][c] * (1 - t) + STOPS[i + 1][c] * t);
  }
  return table;
})();

/** Writes `values` (0..255, one per pixel) as opaque RGBA colours into `rgba` (4 per pixel). */
export function colourise(values: Uint8Array, rgba: Uint8ClampedArray): void {
  if (rgba.length !== values.length * 4) throw new RangeError(`Need ${values.length * 4} RGBA values, got ${rgba.length}.`);
  for (let i = 0; i < values.length; i += 1) {
    const t = values[i] * 3;
    rgba[i * 4] = TABLE[t];
    rgba[i * 4 + 1] = TABLE[t + 1];
    rgba[i * 4 + 2] = TABLE[t + 2];
    rgba[i * 4 + 3] = 255;
  }
}
