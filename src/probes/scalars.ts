/**
 * Loss, metrics and learning rate: free, read every step from fit's logs and the optimizer.
 * In a class callback tfjs hands over logs as scalar tensors that it disposes once the (awaited) hook
 * has returned: the doctor reads them inside the hook, with the step's other reads (`logsRead`, one
 * `await`), and never keeps them. `readLogs` reads synchronously, for callers outside fit's hooks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ACCURACY_KEYS } from '../record';
import { readNow, type PendingRead } from './reads';

/** Logs as plain numbers, read now (`dataSync`): for callers outside fit's per-step path. See `logsRead`. */
export function readLogs(logs: Record<string, unknown> | undefined): Record<string, number> {
  return readNow(logsRead(logs));
}

/**
 * Logs as plain numbers, read later with the step's other reads: numbers as they are, scalar tensors
 * read (NaN when already disposed), other values dropped; keys keep their order. The tensors stay fit's.
 */
export function logsRead(logs: Record<string, unknown> | undefined): PendingRead<Record<string, number>> {
  const out: Record<string, number> = {};
  const keys: string[] = [];
  const tensors: tf.Tensor[] = [];
  for (const [key, value] of Object.entries(logs ?? {})) {
    if (typeof value === 'number') out[key] = value;
    else if (value instanceof tf.Tensor) {
      out[key] = NaN;
      if (value.isDisposed) continue;
      keys.push(key);
      tensors.push(value);
    }
  }
  return {
    tensors,
    owned: false,
    decode: (values) => {
      keys.forEach((key, i) => (out[key] = values[i][0]));
      return out;
    },
  };
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
