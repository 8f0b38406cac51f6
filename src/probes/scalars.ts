/**
 * Loss, metrics and learning rate: free, read every step from fit's logs and the optimizer.
 * In a class callback tfjs hands over logs as scalar tensors that it disposes right after the hook
 * returns, so they are read here, synchronously, and never kept.
 */
import * as tf from '@tensorflow/tfjs-core';

type LogValue = number | tf.Tensor | undefined;

export const ACCURACY_KEYS = ['acc', 'accuracy', 'categoricalAccuracy', 'sparseCategoricalAccuracy', 'binaryAccuracy'] as const;

export function readScalar(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value instanceof tf.Tensor) return value.isDisposed ? NaN : value.dataSync()[0];
  return NaN;
}

/** Logs as plain numbers (tensors read, other values dropped). */
export function readLogs(logs: Record<string, unknown> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(logs ?? {})) {
    if (typeof value === 'number' || value instanceof tf.Tensor) out[key] = readScalar(value as LogValue);
  }
  return out;
}

/** The training accuracy in a set of logs, whatever the metric was called; NaN when there is none. */
export function accuracyOf(logs: Record<string, number>): number {
  for (const key of ACCURACY_KEYS) if (key in logs) return logs[key];
  return NaN;
}

/**
 * The optimizer's current learning rate. tfjs keeps it in the protected `learningRate` field
 * (SGD and Momentum also cache a scalar copy, which `setLearningRate()` keeps in sync).
 */
export function readLearningRate(optimizer: unknown): number {
  const lr = (optimizer as { learningRate?: unknown } | null)?.learningRate;
  return typeof lr === 'number' ? lr : NaN;
}
