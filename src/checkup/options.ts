/** Options of checkup() and findLearningRate(), validated with zod/mini (shared pieces in ../option-schemas). */
import type * as tf from '@tensorflow/tfjs-core';
import * as z from 'zod/mini';
import { CnnDoctorError } from '../errors';
import { describeIssue, tensors } from '../option-schemas';
import { zodMessage } from '../zod-messages';

const trial = (samples: { min: number; max: number; def: number }, steps: number) =>
  z.pipe(
    z._default(
      z.union([
        z.boolean(),
        z.strictObject({
          samples: z._default(z.number().check(z.int(), z.minimum(samples.min), z.maximum(samples.max)), samples.def),
          steps: z._default(z.number().check(z.int(), z.minimum(5), z.maximum(10000)), steps),
        }),
      ]),
      false,
    ),
    z.transform((v: boolean | { samples: number; steps: number }) => (v === false ? null : v === true ? { samples: samples.def, steps } : v)),
  );

export const checkupOptionsSchema = z.strictObject({
  /** Inputs, as passed to fit (one tensor per model input). */
  x: tensors,
  /** Labels, as passed to fit. */
  y: tensors,
  /**
   * Overfit a tiny batch (2–16 samples, default 8) on a copy of the model, until memorised or `steps`
   * (default 300); when the user's learning rate fails, also at ÷10 and ×10.
   */
  overfitBatch: trial({ min: 2, max: 16, def: 8 }, 300),
  /** Input-independent baseline: train a copy on real vs zeroed inputs (default 32 samples, 150 steps). */
  baseline: trial({ min: 2, max: 1024, def: 32 }, 150),
  /** Samples of x the activation probe and the initial loss use (a fixed-seed random subset of x). */
  probeSamples: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(4096)), 64),
  /** Number of classes, when it cannot be read off the output layer. */
  numClasses: z.optional(z.number().check(z.int(), z.minimum(2))),
});

/**
 * What you may pass to `checkup(model, options)`: the data, and which trial runs to make.
 *
 * @example
 * ```ts
 * const result = await checkup(model, { x, y, overfitBatch: true, baseline: true });
 * const longer = await checkup(model, { x, y, overfitBatch: { samples: 8, steps: 600 } });
 * ```
 */
export interface CheckupOptions {
  /** Inputs, as passed to fit (one tensor per model input). */
  x: tf.Tensor | tf.Tensor[];
  /** Labels, as passed to fit. */
  y: tf.Tensor | tf.Tensor[];
  /**
   * Overfit a tiny batch on a copy of the model, until memorised or `steps` (default 300); when the user's
   * learning rate fails, also at ÷10 and ×10. `true` = 8 samples; or `{ samples: 2–16, steps }`. Default off.
   */
  overfitBatch?: boolean | { samples?: number; steps?: number };
  /**
   * Input-independent baseline: train a copy on real vs zeroed inputs (and, when real inputs do no better,
   * at ×10 and ÷10 the learning rate). `true` = 32 samples, 150 steps; or `{ samples: 2–1024, steps }`. Default off.
   */
  baseline?: boolean | { samples?: number; steps?: number };
  /** Samples of x the activation probe and the initial loss use (a fixed-seed random subset of x). Default 64. */
  probeSamples?: number;
  /** Number of classes, when it cannot be read off the output layer. */
  numClasses?: number;
}
export type ResolvedCheckupOptions = z.output<typeof checkupOptionsSchema>;

export const lrFinderOptionsSchema = z
  .strictObject({
    x: tensors,
    y: tensors,
    /** First learning rate of the sweep. */
    startLr: z._default(z.number().check(z.positive()), 1e-7),
    /** Last learning rate of the sweep. */
    endLr: z._default(z.number().check(z.positive()), 10),
    /** Mini-batch steps of the sweep (it stops earlier when the loss diverges). */
    steps: z._default(z.number().check(z.int(), z.minimum(10), z.maximum(10000)), 100),
    batchSize: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(4096)), 32),
    /** EMA coefficient of the smoothed loss. */
    smoothing: z._default(z.number().check(z.minimum(0), z.maximum(0.999)), 0.95),
    /** Stop once the smoothed loss exceeds this × its best. */
    divergence: z._default(z.number().check(z.minimum(1.5)), 4),
  })
  .check(z.refine((o) => o.endLr > o.startLr, { message: 'endLr must be larger than startLr', path: ['endLr'] }));

/**
 * What you may pass to `findLearningRate(model, options)`: the data, and the sweep.
 *
 * @example
 * ```ts
 * const { suggested } = await findLearningRate(model, { x, y, startLr: 1e-6, endLr: 1, steps: 200 });
 * ```
 */
export interface LrFinderOptions {
  x: tf.Tensor | tf.Tensor[];
  y: tf.Tensor | tf.Tensor[];
  /** First learning rate of the sweep. Default 1e-7. */
  startLr?: number;
  /** Last learning rate of the sweep (larger than startLr). Default 10. */
  endLr?: number;
  /** Mini-batch steps of the sweep (10–10000; it stops earlier when the loss diverges). Default 100. */
  steps?: number;
  /** Default 32. */
  batchSize?: number;
  /** EMA coefficient of the smoothed loss (0–0.999). Default 0.95. */
  smoothing?: number;
  /** Stop once the smoothed loss exceeds this × its best (≥ 1.5). Default 4. */
  divergence?: number;
}

// The interfaces above are what users read; the schemas are what runs. They must describe the same options.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _checkupMatches: Same<Required<CheckupOptions>, Required<z.input<typeof checkupOptionsSchema>>> = true;
const _lrFinderMatches: Same<Required<LrFinderOptions>, Required<z.input<typeof lrFinderOptionsSchema>>> = true;
void [_checkupMatches, _lrFinderMatches];
export type ResolvedLrFinderOptions = z.output<typeof lrFinderOptionsSchema>;

export function parseWith<S extends z.ZodMiniType>(schema: S, options: unknown, fn: string): z.output<S> {
  const parsed = schema.safeParse(options ?? {}, { reportInput: true, error: zodMessage });
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map(describeIssue);
  const text = issues.map((i) => `\`${i.path}\`: ${i.message}`).join('; ');
  throw new CnnDoctorError('invalid_options', `${fn}: invalid options: ${text}`, `call ${fn}(model, { x, y, … }) — see docs/checkup.md for the options`, issues);
}
