/**
 * Watches every training batch's first input for NaN/Infinity — missing values rarely sit in the one
 * fixed probe batch. Per step it costs one op on the backend: Σx is NaN or ±Infinity as soon as one value
 * is (it could also overflow, but only for inputs near 1e34 — absurd inputs either way). The sums stay on
 * the backend and are read together when a probe runs or the loss turns non-finite; after the first hit
 * it stops. (Σ(x − x) avoids overflow but costs a second op per step, measurable on small MLPs.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { known, readNow, type PendingRead } from './reads';

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
    return readNow(this.pendingCheck());
  }

  /** The same, to read with other values; the flags are consumed now (stacked into the read's tensor). */
  pendingCheck(): PendingRead<number | undefined> {
    if (this.found !== undefined || !this.pending.length) {
      this.release();
      return known(this.found);
    }
    const steps = this.pending.map((p) => p.step);
    const stacked = tf.stack(this.pending.map((p) => p.flag));
    this.release();
    return {
      tensors: [stacked],
      owned: true,
      decode: ([values]) => {
        const i = Array.prototype.findIndex.call(values, (v: number) => !Number.isFinite(v));
        if (i >= 0 && this.found === undefined) this.found = steps[i];
        return this.found;
      },
    };
  }

  release(): void {
    tf.dispose(this.pending.map((p) => p.flag));
    this.pending = [];
  }
}
