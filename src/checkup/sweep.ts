/**
 * The LR range test's sweep: train a copy of the model for up to `steps` mini-batches while the
 * learning rate grows exponentially from `startLr` to `endLr`, recording each step's loss; stop once
 * the smoothed loss diverges. Runs on a copy (clone-model.ts): the user's model is never touched.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { setLearningRate, trainingCopy, trainStep } from './clone-model';
import { permutation, takeRows, unwrap } from './data';
import type { LrPoint } from './lr-curve';
import { diverged, smoothLosses, sweepLr } from './lr-curve';

export interface SweepSettings {
  startLr: number;
  endLr: number;
  steps: number;
  batchSize: number;
  /** EMA coefficient β of the smoothed loss. */
  smoothing: number;
  /** Stop when the smoothed loss exceeds this × the best smoothed loss. */
  divergence: number;
}

export interface SweepResult {
  curve: LrPoint[];
  stoppedEarly: boolean;
}

export async function sweep(model: LayersModel, xs: tf.Tensor[], ys: tf.Tensor[], s: SweepSettings): Promise<SweepResult> {
  const n = xs[0].shape[0];
  const bs = Math.min(s.batchSize, n);
  const batches = Math.max(1, Math.floor(n / bs));
  // One shuffled copy of the data, sliced per step: sorted data still gives mixed batches.
  const order = permutation(n, 7).slice(0, batches * bs);
  const copy = await trainingCopy(model, { learningRate: s.startLr }); // first: a failed copy leaves no slices behind
  const [px, py] = [takeRows(xs, order), takeRows(ys, order)];
  const curve: LrPoint[] = [];
  const losses: number[] = [];
  let stoppedEarly = false;
  try {
    for (let i = 0; i < s.steps; i++) {
      const lr = sweepLr(s.startLr, s.endLr, s.steps, i);
      setLearningRate(copy.optimizer, lr);
      const b = i % batches;
      const bx = px.map((t) => tf.slice(t, b * bs, bs));
      const by = py.map((t) => tf.slice(t, b * bs, bs));
      let loss: number;
      try {
        loss = await trainStep(copy.model, unwrap(bx), unwrap(by));
      } finally {
        tf.dispose([...bx, ...by]);
      }
      losses.push(Number.isFinite(loss) ? loss : NaN);
      const smoothed = smoothLosses(losses, s.smoothing);
      curve.push({ lr, loss, smoothed: smoothed[smoothed.length - 1] });
      if (diverged(smoothed, s.divergence)) {
        stoppedEarly = i < s.steps - 1;
        break;
      }
    }
  } finally {
    copy.dispose();
    tf.dispose([...px, ...py]);
  }
  return { curve, stoppedEarly };
}
