/**
 * How a training view of a hand crop is framed unlike the sample itself. Live, a hand entering the
 * frame is cut by its edge, and the crop around it (kept inside the frame, `handBox`) shows the cut
 * hand off-centre; a hand far from the camera is a few dozen pixels across, and its crop is scaled up
 * from that, blurred. A person's samples, recorded at the desk, rarely show either.
 */
export type Framing =
  /** Moved by (dx, dy) crop pixels so that part of the hand lies past `edge`. */
  | { readonly kind: 'cut'; readonly edge: CropEdge; readonly dx: number; readonly dy: number }
  /** Drawn at `side` x `side` pixels, then scaled back up to the crop's size. */
  | { readonly kind: 'far'; readonly side: number };

export type CropEdge = 'left' | 'right' | 'top' | 'bottom';
const EDGES: readonly CropEdge[] = ['left', 'right', 'top', 'bottom'];

/** A cut hand has this share of its landmark box past the edge: from a fingertip to nearly half the hand. */
export const CUT_PAST_EDGE = [0.05, 0.45] as const;
/**
 * A far hand's crop is drawn at this share of its side: a 224-pixel crop from 27 to 112 pixels, as a
 * hand whose box is 18 to 75 pixels high in the frame (a 640x480 webcam's hand at arm's length and
 * beyond).
 */
export const FAR_RESOLUTION = [0.12, 0.5] as const;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const between = (range: readonly [number, number], u: number) => range[0] + u * (range[1] - range[0]);

/**
 * Draws one view's framing for a hand whose landmark box is `box` in a `side` x `side` crop: half the
 * views cut by one of the four edges, half far away. Always three draws from `random`.
 */
export function planFraming(box: Box, side: number, random: () => number): Framing {
  const [uKind, uEdge, uShare] = [random(), random(), random()];
  if (uKind >= 0.5) return { kind: 'far', side: Math.max(8, Math.round(side * between(FAR_RESOLUTION, uShare))) };
  const edge = EDGES[Math.floor(uEdge * EDGES.length)];
  const pastX = between(CUT_PAST_EDGE, uShare) * box.width;
  const pastY = between(CUT_PAST_EDGE, uShare) * box.height;
  if (edge === 'left') return { kind: 'cut', edge, dx: -pastX - box.x, dy: 0 };
  if (edge === 'right') return { kind: 'cut', edge, dx: side + pastX - (box.x + box.width), dy: 0 };
  if (edge === 'top') return { kind: 'cut', edge, dx: 0, dy: -pastY - box.y };
  return { kind: 'cut', edge, dx: 0, dy: side + pastY - (box.y + box.height) };
}
