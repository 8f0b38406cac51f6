/**
 * Trial training never touches the user's model: every trial runs on a *copy* — the same topology
 * (`model.toJSON()` → `tf.models.modelFromJSON`), the same weight values (copied, not shared), and a
 * fresh optimizer of the same class and configuration (`Optimizer.fromConfig(cls, getConfig())`), so
 * the user's weights and optimizer state stay bit-identical.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CnnDoctorError } from '../errors';
import { errorText } from '../util';
import { innerModel } from '../model-info';

type OptimizerClass = tf.serialization.SerializableConstructor<tf.Optimizer> & {
  fromConfig(cls: tf.serialization.SerializableConstructor<tf.Optimizer>, config: tf.serialization.ConfigDict): tf.Optimizer;
};

/**
 * A new optimizer of the same class and configuration as `optimizer`, with no state; optionally another LR.
 * A subclass stays that subclass (`fromConfig(cls, …)` calls `new cls`), but only what its `getConfig()`
 * returns is carried over — tfjs's own serialization contract.
 */
export function freshOptimizer(optimizer: tf.Optimizer, learningRate?: number): tf.Optimizer {
  const cls = optimizer.constructor as OptimizerClass;
  const config = { ...optimizer.getConfig() };
  if (learningRate !== undefined) config.learningRate = learningRate;
  if (typeof cls.fromConfig !== 'function') {
    throw new CnnDoctorError('model_not_cloneable', `the optimizer ${optimizer.getClassName()} cannot be re-created from its config.`, 'compile the model with a built-in tf.train optimizer (adam, sgd, momentum, rmsprop, …)');
  }
  return cls.fromConfig(cls, config);
}

/**
 * Set the learning rate of an optimizer the doctor owns. SGD and Momentum cache the rate in a scalar
 * that only `setLearningRate()` updates; the others read the field each step (tfjs-core optimizers/sgd_optimizer.ts).
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as { setLearningRate?: (lr: number) => void; learningRate: number };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

export interface TrainingCopy {
  model: LayersModel;
  optimizer: tf.Optimizer;
  /** Disposes the copy's weights and optimizer state (never the user's). */
  dispose(): void;
}

/** A trainable copy of a compiled model: same topology, copied weight values, fresh optimizer. */
export async function trainingCopy(model: LayersModel, opts: { learningRate?: number } = {}): Promise<TrainingCopy> {
  const inner = innerModel(model);
  let copy: LayersModel;
  try {
    copy = (await tfl.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'] })) as LayersModel;
  } catch (e) {
    throw new CnnDoctorError(
      'model_not_cloneable',
      `could not copy model "${model.name}" for trial training: ${errorText(e)}.`,
      'register custom layers with tf.serialization.registerClass so model.toJSON() round-trips, or run checkup() without overfitBatch/baseline',
    );
  }
  let optimizer: tf.Optimizer;
  try {
    const values = model.getWeights().map((w) => tf.clone(w));
    copy.setWeights(values);
    tf.dispose(values);
    optimizer = freshOptimizer(inner.optimizer, opts.learningRate);
    copy.compile({ optimizer, loss: (inner as unknown as { loss: tfl.ModelCompileArgs['loss'] }).loss });
  } catch (e) {
    copy.dispose(); // a half-made copy must not keep its weights alive
    throw e;
  }
  return {
    model: copy,
    optimizer,
    dispose() {
      copy.dispose();
      optimizer.dispose();
    },
  };
}

/** One training step on the copy; returns the loss (NaN when it is not finite or cannot be read). */
export async function trainStep(copy: LayersModel, x: tf.Tensor | tf.Tensor[], y: tf.Tensor | tf.Tensor[]): Promise<number> {
  const out = await copy.trainOnBatch(x, y);
  const loss = Array.isArray(out) ? out[0] : out;
  return typeof loss === 'number' ? loss : NaN;
}
