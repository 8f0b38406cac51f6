/** Tiny helpers shared across the core, checkup and the Node entries. No tfjs values, no Node imports. */
import type * as tf from '@tensorflow/tfjs-core';

/** One tensor or several, as a list (model inputs and outputs come either way). */
export const asArray = (t: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(t) ? t : [t]);

/** The first line of an error's message: enough for a one-line note, without a stack. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0] : String(e);
}
