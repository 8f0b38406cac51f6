/**
 * The label distribution of the training data, counted from the training batches themselves.
 *
 * chance_plateau compares the loss with the entropy of the label prior and the accuracy with the
 * majority share. Estimated from the probe batch alone (32 samples) both are biased: on 10 balanced
 * classes the plug-in entropy of 32 labels averages ≈ 2.16 instead of ln 10 = 2.30, and the largest
 * class share ≈ 0.19 instead of 0.10 — enough to call a slow but learning CIFAR-10 CNN (loss 2.21,
 * accuracy 17.5% at step 189) "at chance" (detection zoo, healthy/cifar-cnn). Counting every training
 * batch of the first LABEL_STEPS steps (3,200 labels at batch 32) removes that bias for the cost of two
 * tiny ops per step, on the backend, read only when a probe runs.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelSummary } from '../model-info';

/** Steps whose batches are counted; the prior of a shuffled data set is settled long before. */
export const LABEL_STEPS = 100;

export class LabelPriorCounter {
  /** Counts still on the backend (this fit) and already read back (earlier fits of the same doctor). */
  private counts: tf.Tensor | null = null;
  private settled: number[] | null = null;
  private steps = 0;

  constructor(private readonly summary: ModelSummary) {}

  /** Whether the model's labels can be counted (single-label classification with a known class count). */
  get applies(): boolean {
    return (this.summary.task === 'multiclass' || this.summary.task === 'binary') && (this.summary.numClasses ?? 0) >= 2;
  }

  /** Adds one training batch's targets (the first output's), for the first LABEL_STEPS steps. */
  add(y: tf.Tensor): void {
    if (!this.applies || this.steps >= LABEL_STEPS) return;
    this.steps++;
    const classes = this.summary.numClasses!;
    const oneHot = y.rank === 2 && y.shape[1] === classes;
    const column = y.size === y.shape[0];
    if (!oneHot && !column) return;
    const batch = tf.tidy((): tf.Tensor => {
      if (oneHot) return tf.sum(y.dtype === 'float32' ? y : tf.cast(y, 'float32'), 0);
      if (this.summary.task === 'binary') {
        const positive = tf.sum(tf.cast(tf.greater(tf.reshape(y, [-1]), 0.5), 'float32'));
        return tf.stack([tf.sub(y.shape[0], positive), positive]);
      }
      return tf.sum(tf.oneHot(tf.cast(tf.reshape(y, [-1]), 'int32'), classes), 0);
    });
    // add() runs inside fit's per-step tidy: the running counts must be kept out of it.
    if (!this.counts) {
      this.counts = tf.keep(batch);
      return;
    }
    const total = tf.keep(tf.add(this.counts, batch));
    tf.dispose([this.counts, batch]);
    this.counts = total;
  }

  /** The prior so far and how many labels it rests on, or undefined before the first batch. */
  read(): { prior: number[]; samples: number } | undefined {
    const counts = this.total();
    const samples = counts?.reduce((a, b) => a + b, 0) ?? 0;
    return counts && samples > 0 ? { prior: counts.map((c) => c / samples), samples } : undefined;
  }

  /** Reads the counts back and frees the backend tensor (at the end of a fit: nothing may outlive it). */
  settle(): void {
    this.settled = this.total();
    this.counts?.dispose();
    this.counts = null;
  }

  private total(): number[] | null {
    const live = this.counts ? Array.from(this.counts.dataSync()) : null;
    if (!live) return this.settled;
    return this.settled ? live.map((c, i) => c + (this.settled![i] ?? 0)) : live;
  }
}
