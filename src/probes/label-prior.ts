/**
 * The labels of the training data, counted from the training batches themselves (classification).
 *
 * chance_plateau compares the loss with the entropy of the label prior and the accuracy with the
 * majority share. Estimated from the probe batch alone (32 samples) both are biased: on 10 balanced
 * classes the plug-in entropy of 32 labels averages ≈ 2.16 instead of ln 10 = 2.30. label_problems needs
 * the whole first epoch: a class no training batch holds (a validationSplit of sorted data) and label
 * values the loss cannot read (fractional ids, integer labels for one sigmoid unit).
 * Per step, for the fit's first epoch (at least LABEL_STEPS steps, at most MAX_LABEL_STEPS): one packed
 * reduction [per-class counts, min, max, Σ|y − round(y)|] on the backend, summed there and read only when
 * a probe runs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { known, readNow, type PendingRead } from './reads';
import type { ModelSummary } from '../model-info';
import type { LabelCounts } from '../record';

/** Steps whose batches are counted at least (the prior is settled long before), and at most. */
export const LABEL_STEPS = 100;
export const MAX_LABEL_STEPS = 2000;

export class LabelCounter {
  /** [counts…, min, max, nonInteger] on the backend. */
  private packed: tf.Tensor | null = null;
  private samples = 0;
  private steps = 0;
  private settled: LabelCounts | undefined;

  private firstEpochSteps: number;

  /** @param stepsPerEpoch the fit's steps per epoch, NaN when fit did not say (then `epochEnded` tells). */
  constructor(private readonly summary: ModelSummary, stepsPerEpoch: number) {
    this.firstEpochSteps = stepsPerEpoch;
  }

  /** The first epoch ended: counting stops once LABEL_STEPS steps are counted too. */
  epochEnded(): void {
    if (!Number.isFinite(this.firstEpochSteps)) this.firstEpochSteps = this.steps;
  }

  /** Whether the model's labels can be counted (single-label classification with a known class count). */
  get applies(): boolean {
    return (this.summary.task === 'multiclass' || this.summary.task === 'binary') && (this.summary.numClasses ?? 0) >= 2;
  }

  private get limit(): number {
    return Math.min(MAX_LABEL_STEPS, Math.max(LABEL_STEPS, Number.isFinite(this.firstEpochSteps) ? this.firstEpochSteps : Infinity));
  }

  /** Adds one training batch's targets (the first output's). Runs inside fit's per-step tidy. */
  add(y: tf.Tensor): void {
    if (!this.applies || this.steps >= this.limit) return;
    this.steps++;
    const classes = this.summary.numClasses!;
    const oneHot = y.rank === 2 && y.shape[1] === classes && classes > 1;
    const column = y.size === y.shape[0];
    if (!oneHot && !column) return;
    const batch = tf.tidy((): tf.Tensor => {
      const values = tf.reshape(y.dtype === 'float32' ? y : tf.cast(y, 'float32'), [-1]);
      let counts: tf.Tensor;
      if (oneHot) counts = tf.sum(tf.reshape(values, [-1, classes]), 0);
      else if (this.summary.task === 'binary') {
        const positive = tf.sum(tf.cast(tf.greater(values, 0.5), 'float32'));
        counts = tf.stack([tf.sub(y.shape[0], positive), positive]);
      } else {
        // Ids outside [0, C) one-hot to all-zero rows: they count nowhere, and min/max show them.
        counts = tf.sum(tf.cast(tf.oneHot(tf.cast(values, 'int32'), classes), 'float32'), 0);
      }
      const fractional = tf.sum(tf.abs(tf.sub(values, tf.round(values))));
      return tf.concat([counts, tf.stack([tf.min(values), tf.max(values), fractional])]);
    });
    this.samples += y.shape[0];
    // add() runs inside fit's per-step tidy: the running totals must be kept out of it.
    if (!this.packed) {
      this.packed = tf.keep(batch);
      return;
    }
    const classesN = classes;
    const total = tf.keep(
      tf.tidy(() => {
        const prev = this.packed!;
        const counts = tf.add(tf.slice(prev, 0, classesN), tf.slice(batch, 0, classesN));
        const min = tf.minimum(tf.slice(prev, classesN, 1), tf.slice(batch, classesN, 1));
        const max = tf.maximum(tf.slice(prev, classesN + 1, 1), tf.slice(batch, classesN + 1, 1));
        const frac = tf.add(tf.slice(prev, classesN + 2, 1), tf.slice(batch, classesN + 2, 1));
        return tf.concat([counts, min, max, frac]);
      }),
    );
    tf.dispose([this.packed, batch]);
    this.packed = total;
  }

  /** The counts so far, or undefined before the first batch. */
  read(): LabelCounts | undefined {
    return readNow(this.pendingRead());
  }

  /** The counts so far, to read with other values (the running totals stay the counter's). */
  pendingRead(): PendingRead<LabelCounts | undefined> {
    if (!this.packed) return known(this.settled);
    const samples = this.samples;
    return {
      tensors: [this.packed],
      owned: false,
      decode: ([values]) => {
        const v = Array.from(values);
        const k = v.length - 3;
        return { samples, counts: v.slice(0, k), min: v[k], max: v[k + 1], integerValued: v[k + 2] === 0 };
      },
    };
  }

  /** Reads the counts back and frees the backend tensor (at the end of a fit: nothing may outlive it). */
  settle(): LabelCounts | undefined {
    this.settled = this.read();
    this.packed?.dispose();
    this.packed = null;
    return this.settled;
  }
}
