/** Shared helpers for the model-shape tests: train with the doctor attached and check what it recorded. */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { diagnose, type DiagnoseOptions, type Doctor, type Finding } from '../../src';
import type { RunRecord } from '../../src/record';
import { rng } from '../helpers/data';

export type FitArgs = Parameters<tfl.LayersModel['fit']>[2];

export interface ShapeRun {
  doctor: Doctor;
  record: RunRecord;
  findings: Finding[];
  history: tfl.History;
}

/** Attach a silent doctor, fit (unshuffled), and return what it recorded (the doctor is detached afterwards). */
export async function fitWithDoctor(
  model: tfl.LayersModel,
  x: tf.Tensor | tf.Tensor[] | { [name: string]: tf.Tensor },
  y: tf.Tensor | tf.Tensor[] | { [name: string]: tf.Tensor },
  fit: FitArgs = {},
  options: DiagnoseOptions = {},
): Promise<ShapeRun> {
  const doctor = diagnose(model, { log: false, ...options });
  // shuffle: false keeps every run's batches the same (tfjs shuffles with Math.random).
  const history = await model.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0, ...fit, callbacks: [doctor] });
  doctor.detach();
  const report = doctor.report();
  return { doctor, record: report.record, findings: doctor.findings, history };
}

/**
 * The recording contract: a loss for every step, probes at the warm-up schedule, and — for the layers
 * named — activation statistics and gradient norms on the probes after step 0.
 */
export function expectRecorded(
  record: RunRecord,
  steps: number,
  expected: { activations?: string[]; gradients?: string[] } = {},
): void {
  expect(record.steps.loss).toHaveLength(steps);
  expect(record.steps.step).toEqual(Array.from({ length: steps }, (_, i) => i));
  expect(record.steps.loss.every(Number.isFinite)).toBe(true);
  expect(record.probes.length).toBeGreaterThanOrEqual(3);
  expect(record.probes[0]).toMatchObject({ step: 0, beforeFirstUpdate: true });
  for (const probe of record.probes) {
    for (const name of expected.activations ?? []) {
      const a = probe.layers[name]?.activation;
      if (!a) throw new Error(`probe at step ${probe.step}: no activations for layer ${name} (has ${Object.keys(probe.layers).join(', ')})`);
      expect(Number.isFinite(a.mean) && Number.isFinite(a.std)).toBe(true);
    }
    for (const name of expected.gradients ?? []) {
      const g = probe.layers[name]?.gradNorm;
      if (!(g !== undefined && g > 0 && Number.isFinite(g))) {
        throw new Error(`probe at step ${probe.step}: no gradient norm for layer ${name} (got ${g})`);
      }
    }
  }
}

/** Deterministic float data in [-1, 1]. */
export function uniform(shape: number[], seed: number): tf.Tensor {
  const next = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => next() * 2 - 1), shape);
}

/** Integer class labels 0..classes-1 that depend on x's first feature sum, so they are learnable. */
export function labelsFrom(x: tf.Tensor, classes: number): number[] {
  const values = tf.tidy(() => tf.sum(tf.reshape(x, [x.shape[0], -1]), 1)).dataSync();
  const sorted = Array.from(values).sort((a, b) => a - b);
  const cuts = Array.from({ length: classes - 1 }, (_, i) => sorted[Math.floor(((i + 1) * sorted.length) / classes)]);
  return Array.from(values, (v) => cuts.filter((c) => v >= c).length);
}

export const oneHot = (labels: number[], classes: number): tf.Tensor2D =>
  tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), 'float32')) as tf.Tensor2D;
