// Generated from Gesture Studio's lib/image/crop.ts, lib/hand/landmarks.ts, lib/hand/landmark-features.ts, lib/hand/crop-box.ts, lib/hand/hand-focus.ts by scripts/gesture-geometry.mjs:
// the same hand crop and landmark features the studio computes. Do not edit; gesture-model.js imports it.

// --- lib/image/crop.ts
/**
 * The largest centred square: the backbone wants a square input, and squashing a 4:3 frame would
 * distort the hand differently from how an uploaded photo is distorted.
 */
export function centerSquare(width, height) {
    if (!(width > 0 && height > 0))
        throw new RangeError(`Cannot crop a ${width}x${height} image.`);
    const size = Math.min(width, height);
    return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
}

// --- lib/hand/landmarks.ts
export const HAND_LANDMARK_COUNT = 21;
export const WRIST = 0;
/**
 * Each finger's landmark indices from its base joint to its tip: CMC, MCP, IP, tip for the thumb;
 * MCP, PIP, DIP, tip for the others. The wrist is the joint before each chain.
 */
export const FINGERS = {
    thumb: [1, 2, 3, 4],
    index: [5, 6, 7, 8],
    middle: [9, 10, 11, 12],
    ring: [13, 14, 15, 16],
    pinky: [17, 18, 19, 20],
};
export const FINGER_NAMES = ['thumb', 'index', 'middle', 'ring', 'pinky'];
/** The hand's skeleton as landmark index pairs: each finger from the wrist to its tip, and the knuckles across the palm. */
export const HAND_CONNECTIONS = [
    ...FINGER_NAMES.flatMap((name) => {
        const [a, b, c, d] = FINGERS[name];
        return [[WRIST, a], [a, b], [b, c], [c, d]];
    }),
    [5, 9],
    [9, 13],
    [13, 17],
];

// --- lib/hand/landmark-features.ts
/**
 * Where each part of the feature vector starts and how long it is:
 * - `coordinates`: the 21 landmarks as x, y, z triples in MediaPipe order, wrist at the origin, in palm
 *   units, y down (so the wrist→middle-knuckle line points to −y when `rotation` is on);
 * - `jointAngles`: the bend at each finger joint in radians / π, 0 straight to 1 folded back, thumb
 *   CMC, MCP, IP, then MCP, PIP, DIP for index, middle, ring and pinky;
 * - `tipToWrist`: each fingertip's distance from the wrist in palm units, thumb to pinky;
 * - `thumbToTips`: the thumb tip's distance to the index, middle, ring and pinky tips in palm units.
 */
export const LANDMARK_FEATURE_LAYOUT = {
    coordinates: { offset: 0, length: 63 },
    jointAngles: { offset: 63, length: 15 },
    tipToWrist: { offset: 78, length: 5 },
    thumbToTips: { offset: 83, length: 4 },
};
export const LANDMARK_FEATURE_SIZE = 87;
/** The knuckles whose mean distance from the wrist is the palm size: index, middle and pinky MCP. */
const PALM_KNUCKLES = [5, 9, 17];
const MIDDLE_KNUCKLE = 9;
/**
 * A fixed-length description of a hand's pose (`LANDMARK_FEATURE_SIZE` values, laid out as in
 * `LANDMARK_FEATURE_LAYOUT`) that does not change when the hand moves across the frame, nears or
 * leaves the camera, or is the other hand. `imageAspect` is the frame's width / height.
 *
 * 1. Normalised x is a fraction of the width and y of the height, so x is multiplied by the aspect
 *    ratio to give both the same unit (a 4:3 frame would otherwise squash angles); z is on x's scale
 *    and gets the same factor.
 * 2. The wrist is moved to the origin, so position in the frame does not matter.
 * 3. Mirrored: a 'Left' hand has x flipped, so a gesture made with the left hand gives the same
 *    features as the same gesture made with the right (a hand labelled 'Left' gives exactly the
 *    features of its mirror image labelled 'Right'). Which hand made a gesture is therefore not a
 *    feature. MediaPipe's labels assume a selfie view, but only their consistency matters here.
 * 4. With `rotation`, the hand is turned in the image plane so the wrist→middle-knuckle line points
 *    up (−y).
 * 5. Everything, z included, is divided by the palm size (the mean image-plane distance from the
 *    wrist to the index, middle and pinky knuckles), so distance from the camera does not matter.
 *    The palm is used because, unlike the fingers, it keeps its size whatever the gesture; z is left
 *    out of its measure because MediaPipe's depth is the noisiest coordinate.
 *
 * The angles and distances are computed in 3-D from those coordinates; angles change with none of the
 * steps above, so they stay comparable with and without `rotation`.
 *
 * Throws a RangeError for a hand without exactly 21 landmarks, a coordinate or aspect ratio that is
 * not a finite number, or a palm of zero size.
 */
export function landmarkFeatures(hand, options, imageAspect = 1) {
    const { landmarks } = hand;
    if (landmarks.length !== HAND_LANDMARK_COUNT) {
        throw new RangeError(`A hand has ${HAND_LANDMARK_COUNT} landmarks, not ${landmarks.length}.`);
    }
    if (!(imageAspect > 0 && Number.isFinite(imageAspect))) {
        throw new RangeError(`The image aspect ratio must be a positive number, not ${imageAspect}.`);
    }
    const flip = hand.handedness === 'Left' ? -1 : 1;
    const wrist = landmarks[WRIST];
    const points = new Float64Array(HAND_LANDMARK_COUNT * 3); // [21 landmarks × (x, y, z)]
    for (let i = 0; i < HAND_LANDMARK_COUNT; i += 1) {
        const p = landmarks[i];
        points[3 * i] = flip * (p.x - wrist.x) * imageAspect;
        points[3 * i + 1] = p.y - wrist.y;
        points[3 * i + 2] = (p.z - wrist.z) * imageAspect;
    }
    if (!points.every(Number.isFinite))
        throw new RangeError('A hand landmark coordinate is not a finite number.');
    let palm = 0;
    for (const k of PALM_KNUCKLES)
        palm += Math.hypot(points[3 * k], points[3 * k + 1]) / PALM_KNUCKLES.length;
    if (!(palm > 0))
        throw new RangeError('The hand has no palm size: its wrist and knuckles coincide.');
    // The rotation that takes the unit wrist→middle-knuckle vector (ux, uy) to (0, −1) has
    // cos = −uy and sin = −ux. If that knuckle sits on the wrist there is no direction to align.
    let cos = 1;
    let sin = 0;
    const up = Math.hypot(points[3 * MIDDLE_KNUCKLE], points[3 * MIDDLE_KNUCKLE + 1]);
    if (options.rotation && up > 0) {
        cos = -points[3 * MIDDLE_KNUCKLE + 1] / up;
        sin = -points[3 * MIDDLE_KNUCKLE] / up;
    }
    for (let i = 0; i < HAND_LANDMARK_COUNT; i += 1) {
        const x = points[3 * i];
        const y = points[3 * i + 1];
        points[3 * i] = (x * cos - y * sin) / palm;
        points[3 * i + 1] = (x * sin + y * cos) / palm;
        points[3 * i + 2] /= palm;
    }
    const out = new Float32Array(LANDMARK_FEATURE_SIZE);
    out.set(points, LANDMARK_FEATURE_LAYOUT.coordinates.offset);
    let at = LANDMARK_FEATURE_LAYOUT.jointAngles.offset;
    for (const name of FINGER_NAMES) {
        const chain = [WRIST, ...FINGERS[name]];
        for (let j = 1; j <= 3; j += 1)
            out[at++] = bend(points, chain[j - 1], chain[j], chain[j + 1]) / Math.PI;
    }
    at = LANDMARK_FEATURE_LAYOUT.tipToWrist.offset;
    for (const name of FINGER_NAMES)
        out[at++] = distance(points, FINGERS[name][3], WRIST);
    at = LANDMARK_FEATURE_LAYOUT.thumbToTips.offset;
    for (const name of FINGER_NAMES.slice(1))
        out[at++] = distance(points, FINGERS.thumb[3], FINGERS[name][3]);
    return out;
}
/** The angle (0..π) between bone a→b and bone b→c: 0 when they continue in a straight line. */
function bend(points, a, b, c) {
    const ux = points[3 * b] - points[3 * a];
    const uy = points[3 * b + 1] - points[3 * a + 1];
    const uz = points[3 * b + 2] - points[3 * a + 2];
    const vx = points[3 * c] - points[3 * b];
    const vy = points[3 * c + 1] - points[3 * b + 1];
    const vz = points[3 * c + 2] - points[3 * b + 2];
    // atan2(|u × v|, u · v) stays accurate near 0 and π, where acos of the cosine does not;
    // a zero-length bone gives atan2(0, 0) = 0, i.e. "straight", rather than NaN.
    const cross = Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx);
    return Math.atan2(cross, ux * vx + uy * vy + uz * vz);
}
function distance(points, a, b) {
    return Math.hypot(points[3 * a] - points[3 * b], points[3 * a + 1] - points[3 * b + 1], points[3 * a + 2] - points[3 * b + 2]);
}

// --- lib/hand/crop-box.ts
/** The margin around the hand, as a share of its longer side on each side. */
export const DEFAULT_HAND_BOX_PADDING = 0.25;
/** The newest box's share of the smoothed box. */
export const DEFAULT_BOX_SMOOTHING = 0.5;
/** How far, in box sides, the hand's centre may jump before the smoothed box snaps to it. */
export const DEFAULT_BOX_RESET_DISTANCE = 0.5;
/**
 * The square, in frame pixels, to crop a hand from (a `CropBox`, as `drawCrop` takes): the
 * landmarks' bounding box made square on its longer side about its centre, grown by `padding` of that
 * side on each side, then fitted into the frame. A square wider than the frame's shorter side shrinks
 * to that side; otherwise it is shifted, never shrunk, to lie inside the frame, so the hand keeps the
 * same scale in the crop near an edge. Coordinates are not rounded, so smoothing stays sub-pixel;
 * the side is at least one pixel (where the frame allows) so the box can always be drawn.
 */
export function handBox(landmarks, frameWidth, frameHeight, options = {}) {
    checkFrame(frameWidth, frameHeight);
    const padding = options.padding ?? DEFAULT_HAND_BOX_PADDING;
    if (!(padding >= 0 && Number.isFinite(padding)))
        throw new RangeError(`The hand box padding must be 0 or more, not ${padding}.`);
    if (landmarks.length === 0)
        throw new RangeError('A hand box needs at least one landmark.');
    let left = Infinity;
    let right = -Infinity;
    let top = Infinity;
    let bottom = -Infinity;
    for (const { x, y } of landmarks) {
        if (!(Number.isFinite(x) && Number.isFinite(y)))
            throw new RangeError('A hand landmark coordinate is not a finite number.');
        left = Math.min(left, x * frameWidth);
        right = Math.max(right, x * frameWidth);
        top = Math.min(top, y * frameHeight);
        bottom = Math.max(bottom, y * frameHeight);
    }
    const side = Math.max(right - left, bottom - top);
    const size = Math.max(side * (1 + 2 * padding), 1);
    return fitSquare((left + right) / 2, (top + bottom) / 2, size, frameWidth, frameHeight);
}
export function createBoxSmoother(options) {
    const { frameWidth, frameHeight, alpha = DEFAULT_BOX_SMOOTHING, resetDistance = DEFAULT_BOX_RESET_DISTANCE } = options;
    checkFrame(frameWidth, frameHeight);
    if (!(alpha > 0 && alpha <= 1))
        throw new RangeError(`The box smoothing alpha must be in (0, 1], not ${alpha}.`);
    if (!(resetDistance > 0))
        throw new RangeError(`The box reset distance must be positive, not ${resetDistance}.`);
    // The box last returned, so a jump is measured from what was shown.
    let state = null;
    return {
        next(box) {
            if (box === null) {
                state = null;
                return null;
            }
            if (!(Number.isFinite(box.x) && Number.isFinite(box.y) && box.size > 0 && Number.isFinite(box.size))) {
                throw new RangeError(`Cannot smooth the box ${JSON.stringify(box)}.`);
            }
            let cx = box.x + box.size / 2;
            let cy = box.y + box.size / 2;
            let size = box.size;
            if (state !== null) {
                const sx = state.x + state.size / 2;
                const sy = state.y + state.size / 2;
                if (Math.hypot(cx - sx, cy - sy) <= resetDistance * state.size) {
                    cx = sx + alpha * (cx - sx);
                    cy = sy + alpha * (cy - sy);
                    size = state.size + alpha * (size - state.size);
                }
            }
            state = fitSquare(cx, cy, size, frameWidth, frameHeight);
            return state;
        },
        reset() {
            state = null;
        },
    };
}
function checkFrame(width, height) {
    if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) {
        throw new RangeError(`Cannot place a hand box in a ${width}x${height} frame.`);
    }
}
/** The square of side `size` centred on (cx, cy), shrunk to the frame's shorter side if wider, then shifted inside the frame. */
function fitSquare(cx, cy, size, width, height) {
    const side = Math.min(size, width, height);
    return { x: clamp(cx - side / 2, 0, width - side), y: clamp(cy - side / 2, 0, height - side), size: side };
}
function clamp(value, low, high) {
    return Math.min(Math.max(value, low), high);
}

// --- lib/hand/hand-focus.ts
/**
 * Tilt is kept in the features: for many gestures (pointing left vs right, thumb up vs down) it is
 * the gesture. Live frames, uploads and imports all use these, so their features agree.
 */
export const LANDMARK_OPTIONS = { rotation: false };
/** A still image's hand focus (unsmoothed: there is no previous frame), for uploads, imports and evaluation. */
export function handFocus(hand, width, height) {
    return { box: handBox(hand.landmarks, width, height), landmarks: landmarkFeatures(hand, LANDMARK_OPTIONS, width / height) };
}
/** Locates the hand in still images with `detect` (a tracker's `detectImage`): null when there is none. */
export function stillImageLocator(detect) {
    return (image) => {
        const hand = detect(image);
        return hand ? handFocus(hand, image.width, image.height) : null;
    };
}
