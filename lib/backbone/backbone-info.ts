/** The backbones the app can run. Both are ImageNet MobileNet v1 at 224x224 input. */
export type BackboneId = 'mobilenet_v1_025' | 'mobilenet_v1_075';

export interface BackboneInfo {
  readonly id: BackboneId;
  readonly label: string;
  readonly alpha: 0.25 | 0.75;
  /** Square input side in pixels. */
  readonly inputSize: number;
  /** Length of the embedding vector (channels of the last block, globally average-pooled). */
  readonly embeddingSize: number;
}

export const BACKBONES: Readonly<Record<BackboneId, BackboneInfo>> = {
  mobilenet_v1_025: { id: 'mobilenet_v1_025', label: 'MobileNet v1 0.25 (fast)', alpha: 0.25, inputSize: 224, embeddingSize: 256 },
  mobilenet_v1_075: { id: 'mobilenet_v1_075', label: 'MobileNet v1 0.75 (accurate)', alpha: 0.75, inputSize: 224, embeddingSize: 768 },
};

export const DEFAULT_BACKBONE: BackboneId = 'mobilenet_v1_025';

export function isBackboneId(value: string): value is BackboneId {
  return Object.hasOwn(BACKBONES, value);
}
