import * as tf from '@tensorflow/tfjs';
import { BACKBONES, toModelLoadError, type BackboneId } from '../backbone';
import { createFeatureProbe, MOBILENET_FEATURE_LAYERS, type FeatureProbe } from './feature-probe';

export interface LoadFeatureProbeOptions {
  /** Where `public/models` is served; the app's own origin by default. */
  modelBaseUrl?: string;
  /** The seam unit tests stub. */
  loadLayersModel?: (url: string) => Promise<tf.LayersModel>;
}

/**
 * Loads the Keras layers model of a backbone's MobileNet (same architecture as the backbone; for
 * alpha 0.25 the app classifies with Google's TF-Hub graph of it, which has no named layers to probe)
 * and makes a probe over every block's activations. Missing or damaged files become the backbone's
 * `ModelLoadError`. The caller disposes the probe.
 */
export async function loadFeatureProbe(id: BackboneId, options: LoadFeatureProbeOptions = {}): Promise<FeatureProbe> {
  const base = options.modelBaseUrl ?? '/models';
  const load = options.loadLayersModel ?? ((url: string) => tf.loadLayersModel(url));
  let model: tf.LayersModel;
  try {
    model = await load(`${base}/${id}_224/model.json`);
  } catch (error) {
    throw toModelLoadError(BACKBONES[id], error);
  }
  try {
    return createFeatureProbe(model, MOBILENET_FEATURE_LAYERS);
  } catch (error) {
    model.dispose();
    throw toModelLoadError(BACKBONES[id], error);
  }
}
