/**
 * Sees each training batch without being handed it. tfjs's `fit` and `fitDataset` both call
 * `model.makeTrainFunction()` before training and then call the returned function once per step with
 * `[...inputs, ...targets, ...sampleWeights]` (tfjs-layers engine/training.ts, training_dataset.ts).
 * Wrapping that method on the model instance (as wandb.watch watches a model) gives the doctor the
 * batch at zero cost, and a chance to probe the model *before* the step updates its weights.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

export type BatchListener = (inputs: tf.Tensor[], targets: tf.Tensor[]) => void;

type TrainFunction = (data: tf.Tensor[]) => tf.Scalar[];
type WithTrainFunction = { makeTrainFunction: () => TrainFunction };

/**
 * Installs the hook on the inner model (the one whose fit runs); returns the function that removes it.
 * The hook holds the listener *weakly*: the caller must keep it alive (the doctor does, as a field). So
 * a doctor the user drops without detach() does not live on through the model: once it is collected,
 * the hook removes itself at the next fit.
 */
export function watchTrainingBatches(inner: LayersModel, listener: BatchListener): () => void {
  const target = inner as unknown as WithTrainFunction;
  const hadOwn = Object.prototype.hasOwnProperty.call(target, 'makeTrainFunction');
  const original = target.makeTrainFunction;
  const listenerRef = new WeakRef(listener);
  const unwatch = () => {
    if (target.makeTrainFunction !== hooked) return; // someone wrapped it after us; leave theirs alone
    if (hadOwn) target.makeTrainFunction = original;
    else delete (target as Partial<WithTrainFunction>).makeTrainFunction;
  };
  const hooked = function (this: LayersModel): TrainFunction {
    const train = original.call(this);
    if (!listenerRef.deref()) {
      unwatch();
      return train;
    }
    return (data: tf.Tensor[]) => {
      const nIn = this.inputs.length;
      const nOut = this.outputs.length;
      listenerRef.deref()?.(data.slice(0, nIn), data.slice(nIn, nIn + nOut));
      return train(data);
    };
  };
  target.makeTrainFunction = hooked;
  return unwatch;
}
