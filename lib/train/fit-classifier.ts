import * as tf from '@tensorflow/tfjs';
import { createEarlyStopping, restoreWeights, snapshotWeights } from './early-stopping';
import { DEFAULT_DECAY, decayedLearningRate, setLearningRate } from './schedule';
import type { EpochReport, TrainCallbacks, TrainParams } from './train-head';

/** What `fitClassifier` trains on: inputs and one-hot targets, and the held-out rows when there are any. */
export interface ClassifierData {
  readonly inputs: tf.Tensor | tf.Tensor[];
  readonly targets: tf.Tensor;
  readonly validation: readonly [inputs: tf.Tensor | tf.Tensor[], targets: tf.Tensor] | null;
}

export interface FitOutcome {
  readonly history: readonly EpochReport[];
  /** The epoch whose weights the model carries: the best validation epoch under early stopping, else the last. */
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  /** The signal aborted: the model holds partly trained weights and should be discarded. */
  readonly cancelled: boolean;
}

export type FitSettings = Pick<TrainParams, 'epochs' | 'batchSize' | 'learningRate' | 'learningRateDecay' | 'earlyStopping' | 'patience'> & {
  /**
   * Shuffle the rows before every epoch (the default). TF.js shuffles with Math.random, so a caller
   * that wants a run reproducible from its seed shuffles the rows once itself and turns this off.
   */
  readonly shuffle?: boolean;
  /**
   * Early stopping looks only from this epoch on (1, the default: from the start): where the held-out
   * set is a clip or two a class, its loss is noisy enough to pick an epoch before the network has
   * learned much.
   */
  readonly minEpochs?: number;
};

/**
 * Trains a softmax classifier in place with Adam and categorical cross-entropy, the way every model
 * of the studio is trained: the learning rate stepped down per epoch (`learningRateDecay`), a report
 * per epoch, early stopping on the validation loss that hands back the best epoch's weights, and
 * Cancel through `callbacks.signal` (after the current batch). Frees what it made (optimizer state,
 * weight snapshots); the data and the model stay the caller's.
 */
export async function fitClassifier(model: tf.LayersModel, data: ClassifierData, p: FitSettings, callbacks: TrainCallbacks = {}): Promise<FitOutcome> {
  const optimizer = tf.train.adam(p.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const { validation } = data;
  const stopper = validation && p.earlyStopping ? createEarlyStopping({ patience: p.patience }) : null;
  // The weights of the best epoch so far, while early stopping runs; one tensor per model weight.
  let best: tf.Tensor[] = [];
  let learningRate = p.learningRate;
  let stoppedEarly = false;
  const history: EpochReport[] = [];
  const onAbort = () => {
    model.stopTraining = true;
  };
  callbacks.signal?.addEventListener('abort', onAbort);
  try {
    await model.fit(data.inputs, data.targets, {
      epochs: p.epochs,
      batchSize: p.batchSize,
      shuffle: p.shuffle ?? true,
      validationData: validation ? [validation[0], validation[1]] : undefined,
      callbacks: {
        onEpochBegin: async (epoch) => {
          learningRate = p.learningRateDecay ? decayedLearningRate(p.learningRate, epoch + 1, DEFAULT_DECAY) : p.learningRate;
          setLearningRate(optimizer, learningRate);
        },
        onEpochEnd: async (epoch, logs = {}) => {
          const report: EpochReport = {
            epoch: epoch + 1,
            epochs: p.epochs,
            loss: logs.loss,
            accuracy: logs.acc ?? logs.accuracy,
            validationLoss: validation ? logs.val_loss : null,
            validationAccuracy: validation ? (logs.val_acc ?? logs.val_accuracy) : null,
            learningRate,
          };
          history.push(report);
          if (stopper && report.validationLoss !== null && report.epoch >= (p.minEpochs ?? 1)) {
            // fit measures validation after the epoch's last update, so these weights are the ones scored.
            const { improved, stop } = stopper.update(report.epoch, report.validationLoss);
            if (improved) {
              tf.dispose(best);
              best = snapshotWeights(model.weights);
            }
            if (stop && report.epoch < p.epochs) {
              stoppedEarly = true;
              model.stopTraining = true;
            }
          }
          callbacks.onEpoch?.(report);
          if (callbacks.signal?.aborted) model.stopTraining = true;
        },
      },
    });
    const cancelled = callbacks.signal?.aborted === true;
    if (!cancelled && stopper && best.length > 0 && stopper.bestEpoch !== history.length) {
      restoreWeights(model.weights, best);
    }
    const bestEpoch = stopper && stopper.bestEpoch > 0 ? stopper.bestEpoch : history.length;
    return { history, bestEpoch, stoppedEarly, cancelled };
  } finally {
    callbacks.signal?.removeEventListener('abort', onAbort);
    tf.dispose(best);
    // Disposing a model leaves the optimizer's slots (Adam's moments) alive: free them explicitly.
    optimizer.dispose();
  }
}
