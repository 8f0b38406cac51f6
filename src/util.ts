/** Tiny helpers shared across the core, checkup and the Node entries. No tfjs values, no Node imports. */
import type * as tf from '@tensorflow/tfjs-core';

/** One tensor or several, as a list (model inputs and outputs come either way). */
export const asArray = (t: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(t) ? t : [t]);

/** The first line of an error's message: enough for a one-line note, without a stack. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0] : String(e);
}

/** A small seeded PRNG (mulberry32) with Math.random's contract: uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
