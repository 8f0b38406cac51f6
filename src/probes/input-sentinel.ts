/**
 * Watches every training batch's first input for NaN/Infinity — missing values rarely sit in the one
 * fixed probe batch. Per step it costs one op on the backend: Σx is NaN or ±Infinity as soon as one value
 * is (it could also overflow, but only for inputs near 1e34 — absurd inputs either way). The sums stay on
 * the backend and are read together when a probe runs or the loss turns non-finite; after the first hit
 * it stops. (Σ(x − x) avoids overflow but costs a second op per step, measurable on small MLPs.)
 */
import * as tf from '@tensorflow/tfjs-core';

export class NonFiniteInputSentinel {
  private pending: { step: number; flag: tf.Tensor }[] = [];
  /** The first step whose batch held a non-finite input, once seen. */
  found: number | undefined;

  /** Called inside fit's per-step tidy, before the step: the flag is kept out of it. */
  add(step: number, x: tf.Tensor | undefined): void {
    if (this.found !== undefined || !x || x.dtype !== 'float32') return;
    this.pending.push({ step, flag: tf.keep(tf.sum(x)) });
  }

  /** Reads the pending flags (one read); returns the first step with a non-finite input, if any. */
  check(): number | undefined {
    if (this.found === undefined && this.pending.length) {
      const stacked = tf.stack(this.pending.map((p) => p.flag));
      const values = stacked.dataSync();
      stacked.dispose();
      const i = values.findIndex((v) => !Number.isFinite(v));
      if (i >= 0) this.found = this.pending[i].step;
    }
    this.release();
    return this.found;
  }

  release(): void {
    tf.dispose(this.pending.map((p) => p.flag));
    this.pending = [];
  }
}
