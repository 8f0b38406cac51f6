/**
 * The regression targets of the training data, from the first TARGET_ROWS rows the training batches
 * carry: their mean and variance per column (the constant prediction's MSE), their range, and their
 * mean absolute deviation from the median (the constant prediction's MAE). The rows are kept on the
 * backend (one slice per early step, nothing once enough are held) and read once, at the next probe.
 */
import * as tf from '@tensorflow/tfjs-core';
import { known, readNow, type PendingRead } from './reads';
import type { TargetStats } from '../record';

export const TARGET_ROWS = 2048;

export class TargetSampler {
  private rows: tf.Tensor[] = [];
  private held = 0;
  private stats: TargetStats | undefined;

  /** Adds one training batch's targets (the first output's). Runs inside fit's per-step tidy. */
  add(y: tf.Tensor): void {
    if (this.stats || this.held >= TARGET_ROWS || y.rank === 0) return;
    const take = Math.min(y.shape[0], TARGET_ROWS - this.held);
    this.rows.push(tf.keep(tf.tidy(() => tf.reshape(tf.cast(tf.slice(y, 0, take), 'float32'), [take, -1]))));
    this.held += take;
  }

  /** The statistics of the rows held so far (fixed once TARGET_ROWS are held), undefined before any. */
  read(): TargetStats | undefined {
    return readNow(this.pendingRead());
  }

  /** The same, to read with other values. */
  pendingRead(): PendingRead<TargetStats | undefined> {
    if (this.stats || !this.rows.length) return known(this.stats);
    const all = tf.concat(this.rows);
    const width = all.shape[1] ?? 1;
    const held = this.held;
    return {
      tensors: [all],
      owned: true,
      decode: ([values]) => {
        const stats = summarizeTargets(values, held, width);
        if (held >= TARGET_ROWS && !this.stats) {
          this.stats = stats;
          this.release();
        }
        return stats;
      },
    };
  }

  release(): void {
    tf.dispose(this.rows);
    this.rows = [];
  }
}

/** The statistics of n rows of `width` target values (row-major). */
export function summarizeTargets(values: ArrayLike<number>, n: number, width: number): TargetStats {
  const mean: number[] = [];
  const variance: number[] = [];
  const meanAbsDeviation: number[] = [];
  let min = Infinity;
  let max = -Infinity;
  for (let c = 0; c < width; c++) {
    const col: number[] = [];
    for (let i = 0; i < n; i++) col.push(values[i * width + c]);
    const m = col.reduce((a, b) => a + b, 0) / n;
    mean.push(m);
    variance.push(col.reduce((a, b) => a + (b - m) * (b - m), 0) / n);
    const sorted = [...col].sort((a, b) => a - b);
    const med = n % 2 ? sorted[n >> 1] : (sorted[(n >> 1) - 1] + sorted[n >> 1]) / 2;
    meanAbsDeviation.push(col.reduce((a, b) => a + Math.abs(b - med), 0) / n);
    min = Math.min(min, sorted[0]);
    max = Math.max(max, sorted[n - 1]);
  }
  return { samples: n, mean, variance, min, max, meanAbsDeviation };
}
