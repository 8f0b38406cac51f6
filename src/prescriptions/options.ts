/**
 * The options of `doctor.tryFixes()`, checked by hand like diagnose()'s (the method ships with every
 * doctor, so no zod): each bad option is named with what was expected and what was given, before any
 * copy is made or trained.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { CnnDoctorError } from '../errors';
import { check, describeValue, integer, invalidType, isPlainObject, tensors, type Issue, type Rule } from '../options';
import { asArray } from '../util';

/**
 * What you pass to `doctor.tryFixes(options)`: the training data (the doctor does not keep fit's batches)
 * and the budget.
 *
 * @example
 * ```ts
 * const tried = await doctor.tryFixes({ x, y, steps: 200, seconds: 30 });
 * ```
 */
export interface TryFixesOptions {
  /** Training inputs, as passed to fit (one tensor per model input). Required. Tensors stay yours. */
  x: tf.Tensor | tf.Tensor[];
  /** Training labels, as passed to fit. Required. */
  y: tf.Tensor | tf.Tensor[];
  /** Training steps (K) of every copy, 10–100000. Default 300. */
  steps?: number;
  /** Training-time budget for all copies together; K is cut to fit it, measured from the first steps. Default 60. */
  seconds?: number;
  /** Samples per step. Default: the batch size of the doctor's last fit, else 32. */
  batchSize?: number;
}

export interface ResolvedTryFixesOptions {
  xs: tf.Tensor[];
  ys: tf.Tensor[];
  steps: number;
  seconds: number;
  batchSize?: number;
}

const positive: Rule = (v) => {
  if (typeof v !== 'number' || Number.isNaN(v)) return invalidType('number', v);
  return v > 0 ? undefined : 'Too small: expected number to be >0';
};

const RULES: Record<keyof TryFixesOptions, Rule> = { x: tensors, y: tensors, steps: integer(10, 100000), seconds: positive, batchSize: integer(1, 4096) };
const REQUIRED = new Set(['x', 'y']);

/** Checks tryFixes()'s options and applies the defaults; throws a CnnDoctorError (`invalid_options`) naming every problem. */
export function parseTryFixesOptions(options: unknown): ResolvedTryFixesOptions {
  const issues: Issue[] = [];
  if (!isPlainObject(options)) issues.push({ path: '(options)', message: `expected { x, y } (the training data), got ${describeValue(options)}` });
  else check(options, RULES, '', issues, REQUIRED);
  if (issues.length) {
    const text = issues.map((i) => `\`${i.path}\`: ${i.message}`).join('; ');
    throw new CnnDoctorError(
      'invalid_options',
      `tryFixes: invalid options: ${text}`,
      `call doctor.tryFixes({ x, y }) with the data you pass to fit(); the other options are ${Object.keys(RULES).filter((k) => !REQUIRED.has(k)).join(', ')} (see the README's API section)`,
      issues,
    );
  }
  const o = options as unknown as TryFixesOptions;
  return { xs: asArray(o.x), ys: asArray(o.y), steps: o.steps ?? 300, seconds: o.seconds ?? 60, batchSize: o.batchSize };
}
