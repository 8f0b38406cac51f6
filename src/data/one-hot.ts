import * as tf from '@tensorflow/tfjs-core';
import { NUM_CLASSES } from './constants';
import { CifarDataError } from './errors';

/**
 * One-hot encodes integer labels as a float32 `[n, numClasses]` tensor, the target format of
 * `categoricalCrossentropy`. Unlike `tf.oneHot`, an out-of-range label is an error, not a silent
 * all-zero row.
 *
 * @example
 * ```ts
 * const { train } = await loadCifar10Subset();
 * const yTrain = oneHot(train.y, 10); // [1420, 10] float32
 * ```
 */
export function oneHot(labels: tf.Tensor1D | ArrayLike<number>, numClasses: number = NUM_CLASSES): tf.Tensor2D {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new CifarDataError('invalid_options', `oneHot: numClasses must be a positive integer, got ${numClasses}.`, 'Pass the number of classes, e.g. oneHot(labels, 10).');
  }
  const values = labels instanceof tf.Tensor ? labels.dataSync() : labels;
  const indices = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const label = values[i];
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new CifarDataError('bad_label', `oneHot: label ${label} at index ${i} is outside 0–${numClasses - 1}.`, 'Check numClasses and the labels passed in.');
    }
    indices[i] = label;
  }
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(indices, 'int32'), numClasses), 'float32') as tf.Tensor2D);
}
