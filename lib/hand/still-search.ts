import { marginView, plainView, rotationView, zoomView, type StillView } from './still-views';

/**
 * Which landmarker a try runs: MediaPipe's full model, its lite model (a different palm detector and
 * landmark network, which misses different hands), or the full model with a low palm-detection
 * threshold whose hands are kept only when the landmark network itself is sure a hand is there
 * (its hand-presence score, see `LOW_THRESHOLD`).
 */
export type StillModel = 'full' | 'lite' | 'low-threshold';

/** One named way of looking for a hand in a still image: a landmarker and a view of the image. */
export interface StillTry {
  readonly id: string;
  readonly model: StillModel;
  view(width: number, height: number): StillView;
}

/**
 * The low-threshold landmarker's options: the palm detector reports candidates from a score of
 * 0.1 (MediaPipe's default is 0.5), and the landmark network must then give the crop a
 * hand-presence score of at least 0.6 (default 0.5), so textures the detector mistakes for a palm are
 * dropped: no false hand on 200 generated hand-free scenes (`ABLATION_PART=recall npm run ablation`).
 */
export const LOW_THRESHOLD = { minHandDetectionConfidence: 0.1, minHandPresenceConfidence: 0.6 } as const;

const plain = (id: string, model: StillModel): StillTry => ({ id, model, view: plainView });
const margin = (share: number, model: StillModel = 'full'): StillTry => ({
  id: `${model === 'full' ? '' : `${model} `}margin ${share}`,
  model,
  view: (w, h) => marginView(w, h, share),
});
const rotation = (degrees: number): StillTry => ({ id: `rotated ${degrees > 0 ? '+' : ''}${degrees}°`, model: 'full', view: (w, h) => rotationView(w, h, degrees) });
/** A window of `share` of each side centred at (x, y) in 0..1 of the image, enlarged to the image's size. */
const zoom = (share: number, name: string, x: number, y: number): StillTry => ({
  id: `zoom ${Math.round(1 / share)}x ${name}`,
  model: 'full',
  view: (w, h) => zoomView(w, h, share, x, y),
});

/**
 * Zoomed windows, for hands small in the frame: half of each side (2x: the four quarters, which
 * overlap by nothing, then the centre, which covers their meeting point), then 0.36 of each side (about
 * 3x) on a 3 x 3 grid whose windows overlap by 0.04 of the side.
 */
const ZOOM_2X = [zoom(0.5, 'top left', 0.25, 0.25), zoom(0.5, 'top right', 0.75, 0.25), zoom(0.5, 'bottom left', 0.25, 0.75), zoom(0.5, 'bottom right', 0.75, 0.75), zoom(0.5, 'centre', 0.5, 0.5)];
const GRID_3X = [0.18, 0.5, 0.82];
const GRID_NAMES = ['left', 'middle', 'right'];
const ROW_NAMES = ['top', 'middle', 'bottom'];
const ZOOM_3X = GRID_3X.flatMap((y, row) => GRID_3X.map((x, column) => zoom(0.36, `${ROW_NAMES[row]} ${GRID_NAMES[column]}`, x, y)));

/**
 * Margins tried around a still image, in order, until a hand is found (as shares of its longer side).
 * In photos the hand often fills the frame and is cut by its edges, where MediaPipe's palm detector
 * misses it; a margin shows it whole. But a margin also shrinks a hand that is already small in a
 * wide scene, so the image is tried as it is first. On 280 sign-digit photos: 251 hands found as
 * they are, 275 with a 0.5 margin, 280 trying 0, 0.5 and 0.15 in turn.
 */
export const STILL_IMAGE_MARGINS: readonly number[] = [0, 0.5, 0.15];

/** The search stills had before issue 11: the image as it is, then with each margin (`STILL_IMAGE_MARGINS`). */
export const MARGIN_SEARCH: readonly StillTry[] = STILL_IMAGE_MARGINS.map((share) => (share === 0 ? plain('as is', 'full') : margin(share)));

/**
 * The still-image search, in order; it stops at the first try that finds a hand. Each try is one
 * landmarker call of about the same cost (30-45 ms here), so the order is by hands a try added per
 * call where it stood, measured by `ABLATION_PART=recall npm run ablation` (README, "Finding the
 * hand"): the margins, rotations by ±30° for tilted hands, the lite model with a margin, zoomed
 * windows for small hands, the upside-down image, the lite model and the low palm threshold, then
 * the finer zoom grid and the tries that added least. The order changes only the cost: every try
 * runs on an image where nothing is found, so the recall and the false hands of the whole search
 * are the same in any order.
 */
export const STILL_SEARCH: readonly StillTry[] = [
  ...MARGIN_SEARCH,
  rotation(30),
  rotation(-30),
  margin(0.5, 'lite'),
  ...ZOOM_2X,
  rotation(180),
  plain('lite as is', 'lite'),
  margin(0.15, 'lite'),
  plain('low threshold as is', 'low-threshold'),
  ...ZOOM_3X,
  rotation(60),
  rotation(-60),
  margin(0.5, 'low-threshold'),
];

/** The first try of `tries` for which `detect` finds something, and what it found; null when none does. */
export function searchStill<T>(tries: readonly StillTry[], detect: (attempt: StillTry) => T | null): { found: T; attempt: StillTry } | null {
  for (const attempt of tries) {
    const found = detect(attempt);
    if (found !== null) return { found, attempt };
  }
  return null;
}
