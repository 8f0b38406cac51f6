/**
 * The weight penalties (L1/L2 regularizers) fit adds to the data loss: Σ of `model.calculateLosses()` at
 * the current weights. Measured at probe steps only (one read), so the checks can judge the data loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

export function weightPenalty(model: LayersModel): number {
  const terms = (model as unknown as { calculateLosses(): tf.Scalar[] }).calculateLosses();
  if (!terms.length) return 0;
  const sum = tf.addN(terms);
  const value = sum.dataSync()[0];
  tf.dispose([sum, ...terms]);
  return value;
}
