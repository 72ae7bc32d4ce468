/**
 * What the head looks at. A whole-frame classifier (Teachable Machine's approach) learns the room as
 * much as the hand; MediaPipe's gesture recognizer keeps only the 21 landmarks and throws appearance
 * away. The hand modes crop the backbone's input to the hand, and can add the landmarks beside it.
 */
export type InputMode = 'frame' | 'crop' | 'landmarks' | 'fused';

/** What the stored images (and their embeddings) show: the centre of the frame, or a crop around the hand. */
export type Framing = 'frame' | 'hand';

export interface InputModeInfo {
  readonly id: InputMode;
  readonly label: string;
  readonly description: string;
}

export const INPUT_MODES: readonly InputModeInfo[] = [
  { id: 'fused', label: 'Hand crop + landmarks (fused)', description: 'The backbone sees a crop around your hand, and the head also gets the 21 hand landmarks.' },
  { id: 'crop', label: 'Hand crop', description: 'The backbone sees a crop around your hand; the background matters much less.' },
  { id: 'landmarks', label: 'Landmarks only', description: 'Only the 21 hand landmarks, like MediaPipe’s gesture recognizer: fast, but blind to appearance.' },
  { id: 'frame', label: 'Whole frame', description: 'The backbone sees the centre of the whole frame, background and all. Works without the hand model.' },
];

/** The default when the hand model is available; without it only 'frame' works. */
export const DEFAULT_HAND_MODE: InputMode = 'fused';

export function framingOf(mode: InputMode): Framing {
  return mode === 'frame' ? 'frame' : 'hand';
}

/** Which features the head's input row is made of, in this order: embedding, then landmarks. */
export function headFeatures(mode: InputMode): { readonly embedding: boolean; readonly landmarks: boolean } {
  return { embedding: mode !== 'landmarks', landmarks: mode === 'landmarks' || mode === 'fused' };
}

/**
 * One head input row. Null when the mode needs landmarks that the sample or frame does not have
 * (no hand was found in it), so such rows are left out rather than padded with made-up numbers.
 */
export function featureRow(mode: InputMode, embedding: Float32Array | null, landmarks: Float32Array | null | undefined): Float32Array | null {
  const wants = headFeatures(mode);
  if (wants.landmarks && !landmarks) return null;
  if (wants.embedding && !embedding) throw new Error(`Mode ${mode} needs the backbone embedding.`);
  if (!wants.landmarks) return embedding;
  if (!wants.embedding) return landmarks as Float32Array;
  const row = new Float32Array((embedding as Float32Array).length + (landmarks as Float32Array).length);
  row.set(embedding as Float32Array, 0);
  row.set(landmarks as Float32Array, (embedding as Float32Array).length);
  return row;
}
