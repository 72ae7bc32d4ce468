import type * as tf from '@tensorflow/tfjs';

/*
 * Test-only (Node): the bundle's runnable module, public/gesture-model/gesture-model.js, imported as a
 * consumer of a bundle imports it, with the types of what the tests use (allowJs is off, so they are
 * written out here). index.ts does not export this, and app code must not import it.
 */

type Landmark = { x: number; y: number; z: number };
type Hand = { landmarks: readonly Landmark[]; handedness: 'Left' | 'Right' };
type CropBox = { x: number; y: number; size: number };

export interface BundleClassifier {
  readonly needsPixels: boolean;
  classify(pixels: tf.Tensor4D | null, landmarks: tf.Tensor2D | null): tf.Tensor2D;
  predict(rgb: Float32Array | null, features: Float32Array | null): Promise<Float32Array>;
  dispose(): void;
}

export interface GestureModelModule {
  readonly MODEL_FORMAT: string;
  readonly READS_FORMAT_VERSION: number;
  readonly LANDMARK_FEATURES_VERSION: number;
  readonly LANDMARK_FEATURE_SIZE: number;
  readonly INPUT_SIZE: number;
  checkMetadata(metadata: unknown): unknown;
  loadClassifier(metadata: unknown, read: (path: string) => Promise<Uint8Array>): Promise<BundleClassifier>;
  readArtifacts(read: (path: string) => Promise<Uint8Array>, modelJsonPath: string): Promise<tf.io.ModelArtifacts>;
  landmarkFeatures(hand: Hand, options: { rotation: boolean }, imageAspect?: number): Float32Array;
  handBox(landmarks: readonly Landmark[], width: number, height: number, options?: { padding?: number }): CropBox;
  createBoxSmoother(options: { frameWidth: number; frameHeight: number; alpha?: number; resetDistance?: number }): { next(box: CropBox | null): CropBox | null; reset(): void };
  handFocus(hand: Hand, width: number, height: number): { box: CropBox; landmarks: Float32Array };
  centerSquare(width: number, height: number): CropBox;
}

export const MODULE_DIR = new URL('../../public/gesture-model/', import.meta.url);

export const gestureModel: GestureModelModule = await import(new URL('gesture-model.js', MODULE_DIR).href);
