/**
 * findLearningRate(): the LR range test (Smith 2017) on a copy of the model. Sweeps the learning rate
 * exponentially (default 1e-7 → 10 over 100 mini-batches of 32), smooths the loss (EMA, β = 0.95,
 * bias-corrected), stops when the smoothed loss exceeds 4× its best, and suggests the learning rate
 * of steepest descent of the smoothed curve (see lr-curve.ts; measured against grid search in
 * docs/checkup.md) — always a rate the sweep tried. When no rate of the sweep makes the smoothed loss fall
 * by 10%, it refuses to suggest one (`verdict: 'no_learning_rate_works'`: fix the model or data first).
 * When the optimizer's current rate is ≥ 10× the suggestion, the result carries an `lr_too_high` warning
 * (rule `range_test`: a risk, not a failure). The user's model and optimizer are never touched.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { lrRangeTest } from '../checks/lr-range-test';
import type { Finding } from '../findings';
import { innerModel, summarizeModel } from '../model-info';
import { readLearningRate } from '../probes/scalars';
import type { RunRecord } from '../record';
import { emptyRecord } from '../record';
import { assertReady } from './checkup';
import { asArray, validateData } from './data';
import { SUGGESTION_RULE_TEXT, suggestLr, verdictOf, type SuggestionRule } from './lr-curve';
import { lrFinderOptionsSchema, parseWith, type LrFinderOptions } from './options';
import { runAllChecks } from './run-checks';
import { sweep } from './sweep';

/** The suggestion rule (chosen by the grid-search comparison in docs/checkup.md). */
export const LR_RULE: SuggestionRule = 'steepest';

export interface LrFinderResult {
  /** One point per sweep step: the learning rate, the raw loss and the smoothed loss. */
  curve: { lr: number; loss: number; smoothed: number }[];
  /**
   * The suggested learning rate, always one the sweep tried; NaN when the sweep was too short to judge or
   * no rate made the loss fall (`verdict` says which).
   */
  suggested: number;
  /** suggested, no_learning_rate_works (fix the model or data first), or too_short. */
  verdict: 'suggested' | 'no_learning_rate_works' | 'too_short';
  /** How `suggested` was chosen. */
  rule: string;
  /** The optimizer's current learning rate (NaN when it cannot be read). */
  learningRate: number;
  /** True when the sweep stopped early because the loss diverged. */
  stoppedEarly: boolean;
  /** `lr_too_high` (rule range_test) when the current rate is ≥ 10× the suggestion. */
  findings: Finding[];
  record: RunRecord;
}

/**
 * The learning-rate range test, on a copy of the model.
 *
 * @example
 * ```ts
 * const { suggested } = await findLearningRate(model, { x, y });
 * model.compile({ optimizer: tf.train.adam(suggested), loss: 'categoricalCrossentropy' });
 * ```
 */
export async function findLearningRate(model: LayersModel, options: LrFinderOptions): Promise<LrFinderResult> {
  assertReady(model, 'findLearningRate');
  const opts = parseWith(lrFinderOptionsSchema, options, 'findLearningRate');
  validateData(model, opts.x, opts.y, 'findLearningRate');
  const summary = summarizeModel(model);
  const learningRate = readLearningRate(innerModel(model).optimizer);
  const { curve, stoppedEarly } = await sweep(model, asArray(opts.x), asArray(opts.y), opts);
  const verdict = verdictOf(curve);
  const suggested = verdict === 'suggested' ? suggestLr(curve, LR_RULE) : NaN;
  const record = emptyRecord(summary);
  const rule = SUGGESTION_RULE_TEXT[LR_RULE];
  record.checkup = { lrRange: { curve, suggested, learningRate, rule, verdict } };
  // Only the range-test rule: the record holds nothing but the sweep, which no other check reads.
  const findings = runAllChecks(record, { only: [lrRangeTest] });
  return { curve, suggested, verdict, rule, learningRate, stoppedEarly, findings, record };
}
