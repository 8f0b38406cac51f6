/**
 * Checks an explicit probe batch (`diagnose(model, { probe: { x, y } })`) before training starts, so a
 * mis-shaped batch fails with the fix instead of deep inside a probe.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CnnDoctorError } from './errors';
import type { ResolvedOptions } from './options';
import { asArray } from './util';

/** The probe batch must be what fit() would accept: tfjs's own rules (training.ts standardizeInputData). */
export function validateProbeBatch(inner: LayersModel, probe: NonNullable<ResolvedOptions['probe']>): void {
  const xs = asArray(probe.x);
  const fail = (message: string, fix: string) => {
    throw new CnnDoctorError('invalid_probe', `invalid probe batch: ${message}`, fix);
  };
  const label = (what: 'x' | 'y', i: number, n: number) => `probe.${what}${n > 1 ? `[${i}]` : ''}`;
  const show = (shape: (number | null)[]) => `[${shape.map((d) => d ?? 'batch').join(', ')}]`;
  /** tfjs feeds a rank-1 tensor as [n, 1]; `null` dimensions take any size. */
  const fits = (t: tf.Tensor, expected: (number | null)[]) => {
    const shape = t.rank === 1 ? [t.shape[0], 1] : t.shape;
    return shape.length === expected.length && expected.every((d, j) => j === 0 || d === null || d === shape[j]);
  };
  const usable = (t: tf.Tensor, name: string) => {
    if (t.isDisposed) fail(`${name} has been disposed`, 'keep the probe tensors alive while the doctor is attached (the doctor never disposes them)');
    if (t.rank === 0 || t.shape[0] === 0) fail(`${name} has no samples (shape [${t.shape.join(', ')}])`, 'pass a batch of at least one sample, e.g. the first 64 samples of your training data');
  };
  if (xs.length !== inner.inputs.length) {
    fail(`the model has ${inner.inputs.length} input(s) but probe.x has ${xs.length} tensor(s)`, 'pass one tensor per model input, in model.inputs order');
  }
  xs.forEach((x, i) => {
    usable(x, label('x', i, xs.length));
    const expected = inner.inputs[i].shape;
    if (!fits(x, expected)) {
      fail(`${label('x', i, xs.length)} has shape [${x.shape.join(', ')}] but the model expects ${show(expected)}`, 'pass a batch shaped like your training inputs');
    }
    if (x.shape[0] !== xs[0].shape[0]) fail(`probe.x[0] has ${xs[0].shape[0]} samples but probe.x[${i}] has ${x.shape[0]}`, 'give every probe tensor the same number of samples');
  });
  if (probe.y) {
    const ys = asArray(probe.y);
    if (ys.length !== inner.outputs.length) fail(`the model has ${inner.outputs.length} output(s) but probe.y has ${ys.length} tensor(s)`, 'pass one label tensor per model output');
    const lossFunctions = (inner as unknown as { lossFunctions?: { name?: string }[] }).lossFunctions ?? [];
    ys.forEach((y, i) => {
      const name = label('y', i, ys.length);
      usable(y, name);
      if (y.shape[0] !== xs[0].shape[0]) fail(`probe.x has ${xs[0].shape[0]} samples but ${name} has ${y.shape[0]}`, 'give probe.x and probe.y the same number of samples');
      const output = inner.outputs[i].shape;
      // sparseCategoricalCrossentropy takes one class index per sample: tfjs expects [batch, 1] there.
      const sparse = /^sparseCategoricalCrossentropy/.test(lossFunctions[i]?.name ?? '');
      const expected = sparse ? [...output.slice(0, -1), 1] : output;
      if (!fits(y, expected)) {
        fail(`${name} has shape [${y.shape.join(', ')}] but the model's output "${inner.outputNames[i]}" takes labels of shape ${show(expected)}`, 'pass labels shaped like the ones you give fit() (one-hot rows for categoricalCrossentropy, class indices for sparseCategoricalCrossentropy)');
      }
    });
  }
}
