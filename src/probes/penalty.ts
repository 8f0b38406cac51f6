/**
 * The weight penalties (L1/L2 regularizers) fit adds to the data loss: Σ of `model.calculateLosses()` at
 * the current weights. Measured every step of a model that has penalties (read with the step's loss), so
 * the checks can judge the data loss; a model without them pays nothing.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { known, readNow, type PendingRead } from './reads';

export function weightPenalty(model: LayersModel): number {
  return readNow(weightPenaltyRead(model));
}

/** The same, to read later (the sum is kept out of any tidy the caller runs in until it is read). */
export function weightPenaltyRead(model: LayersModel): PendingRead<number> {
  const terms = (model as unknown as { calculateLosses(): tf.Scalar[] }).calculateLosses();
  if (!terms.length) return known(0);
  const sum = tf.keep(tf.addN(terms));
  tf.dispose(terms);
  return { tensors: [sum], owned: true, decode: ([values]) => values[0] };
}
