/** How each sample is augmented when it is added. Every strength 0 (or `views` 0) means "no change". */
export interface AugmentSettings {
  /** Extra augmented views embedded per sample, 0..16; 0 turns augmentation off. Default 4. */
  readonly views: number;
  /** Random zoom: a crop covering (1 - u * maxZoom) of each side, u in [0, 1), anywhere in the image, 0..0.5. Default 0.15. */
  readonly maxZoom: number;
  /** Rotation about the centre, uniform in ±maxRotationDeg degrees, 0..45. Default 12. */
  readonly maxRotationDeg: number;
  /** Pixels multiplied by (1 + uniform[-brightness, brightness]), 0..1. Default 0.2. */
  readonly brightness: number;
  /** Distance from the view's mean grey scaled by (1 + uniform[-contrast, contrast]), 0..1. Default 0.2. */
  readonly contrast: number;
  /** Per-channel offset uniform in ±colorShift on the 0..255 scale, 0..128. Default 12. */
  readonly colorShift: number;
  /**
   * Flip each view left-right with probability 0.5. Default false: a mirrored right hand is a left
   * hand, so mirroring would teach the model that a gesture and its mirror image are the same class.
   */
  readonly mirror: boolean;
  /**
   * Share of the views (0..1) whose hand is cut out along its landmark outline and put in front of a
   * generated background (lib/scenes), so the head learns that what is behind the hand does not
   * matter. Only for hand crops: a whole-frame sample has no hand outline. Default 0.5.
   */
  readonly backgrounds: number;
}

export const MAX_AUGMENT_VIEWS = 16;

export const DEFAULT_AUGMENT: AugmentSettings = Object.freeze({
  views: 4,
  maxZoom: 0.15,
  maxRotationDeg: 12,
  brightness: 0.2,
  contrast: 0.2,
  colorShift: 12,
  mirror: false,
  backgrounds: 0.5,
});

type NumericKey = Exclude<keyof AugmentSettings, 'mirror'>;

/**
 * Allowed ranges. The upper limits keep a view recognisable as the same gesture: a 2x zoom can crop
 * the hand out, and past 45° an upright gesture starts to look like a different one.
 */
const RANGES: Record<NumericKey, { readonly min: number; readonly max: number; readonly what: string }> = {
  views: { min: 0, max: MAX_AUGMENT_VIEWS, what: 'The number of augmented views' },
  maxZoom: { min: 0, max: 0.5, what: 'The maximum zoom' },
  maxRotationDeg: { min: 0, max: 45, what: 'The maximum rotation (degrees)' },
  brightness: { min: 0, max: 1, what: 'The brightness strength' },
  contrast: { min: 0, max: 1, what: 'The contrast strength' },
  colorShift: { min: 0, max: 128, what: 'The colour shift' },
  backgrounds: { min: 0, max: 1, what: 'The share of views on new backgrounds' },
};

function checked(key: NumericKey, value: number): number {
  const { min, max, what } = RANGES[key];
  const whole = key === 'views';
  if (typeof value !== 'number' || !(value >= min && value <= max) || (whole && !Number.isInteger(value))) {
    throw new RangeError(`${what} must be ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}; got ${String(value)}.`);
  }
  return value;
}

/** A filled-in, range-checked copy; missing (undefined) fields take the defaults. Never mutates `partial`. */
export function resolveAugmentSettings(partial: Partial<AugmentSettings> = {}): AugmentSettings {
  const pick = <K extends keyof AugmentSettings>(key: K): AugmentSettings[K] => partial[key] ?? DEFAULT_AUGMENT[key];
  const mirror = pick('mirror');
  if (typeof mirror !== 'boolean') throw new RangeError(`Mirroring must be true or false; got ${String(mirror)}.`);
  return {
    views: checked('views', pick('views')),
    maxZoom: checked('maxZoom', pick('maxZoom')),
    maxRotationDeg: checked('maxRotationDeg', pick('maxRotationDeg')),
    brightness: checked('brightness', pick('brightness')),
    contrast: checked('contrast', pick('contrast')),
    colorShift: checked('colorShift', pick('colorShift')),
    mirror,
    backgrounds: checked('backgrounds', pick('backgrounds')),
  };
}

const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;

/** A plain-language sentence for the settings panel. */
export function describeAugment(settings: AugmentSettings): string {
  if (settings.views === 0) return 'Augmentation off: each sample is embedded once, as captured.';
  const changes = [
    settings.maxZoom > 0 && `zoom up to ${percent(settings.maxZoom)}`,
    settings.maxRotationDeg > 0 && `rotation ±${settings.maxRotationDeg}°`,
    settings.brightness > 0 && `brightness ±${percent(settings.brightness)}`,
    settings.contrast > 0 && `contrast ±${percent(settings.contrast)}`,
    settings.colorShift > 0 && `colour shift ±${settings.colorShift} per channel`,
  ].filter((part): part is string => typeof part === 'string');
  const views = `${settings.views} extra view${settings.views === 1 ? '' : 's'} per sample`;
  const moved = backgroundViews(settings);
  const backgrounds = moved > 0 ? `; in hand modes ${moved} of them ${moved === 1 ? 'shows' : 'show'} the hand in front of a new background` : '';
  const what = changes.length > 0 ? changes.join(', ') : 'no changes (every strength is 0)';
  const mirror = settings.mirror
    ? 'mirroring on: about half the views are flipped, so a right hand also shows up as a left hand'
    : 'mirroring off (it turns a right hand into a left hand)';
  return `${views}: ${what}${backgrounds}; ${mirror}.`;
}

/** How many of a sample's views move its hand onto a new background (for hand crops). */
export function backgroundViews(settings: AugmentSettings): number {
  return Math.round(settings.views * settings.backgrounds);
}

/** Backbone passes needed to add one sample: the original plus each view (e.g. 5 for 4 views). */
export function augmentCost(settings: AugmentSettings): number {
  return 1 + settings.views;
}
