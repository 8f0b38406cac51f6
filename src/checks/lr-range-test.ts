/**
 * lr_too_high (rule range_test) — the learning rate the optimizer is set to is far above what the
 * LR range test suggests for this model and data.
 *
 * Rule, on `findLearningRate()`'s sweep, when it gave a suggestion: the optimizer's current learning rate
 * is ≥ 10 × the suggestion → warning (a cause: a risk for training, judged on a copy, not harm seen). The suggestion rule and its measured accuracy are in
 * src/checkup/lr-curve.ts and docs/checkup.md. Source: Smith, "Cyclical Learning Rates for Training
 * Neural Networks" (2017), §3.3.
 */
import type { Check } from './check';
import { now } from './check';

const WARN_FACTOR = 10;

export const lrRangeTest: Check<'lr_too_high'> = {
  code: 'lr_too_high',
  run(record) {
    const test = record.checkup?.lrRange;
    if (!test || test.verdict !== 'suggested' || !(test.suggested > 0) || !(test.learningRate > 0)) return [];
    const factor = test.learningRate / test.suggested;
    if (factor < WARN_FACTOR) return [];
    const smoothed = test.curve.map((p) => p.smoothed).filter(Number.isFinite);
    // The smoothed loss where the sweep passed the current learning rate (NaN if it stopped before).
    const atCurrent = test.curve.filter((p) => p.lr <= test.learningRate).pop();
    const reached = test.curve.length > 0 && test.curve[test.curve.length - 1].lr >= test.learningRate;
    return [
      {
        code: 'lr_too_high',
        severity: 'warning',
        ...now(record),
        evidence: {
          rule: 'range_test',
          learningRate: test.learningRate,
          recentLoss: reached && atCurrent ? atCurrent.smoothed : NaN,
          bestLoss: smoothed.length ? Math.min(...smoothed) : NaN,
          medianUpdateRatio: NaN,
          suggestedLearningRate: test.suggested,
        },
      },
    ];
  },
};
