/**
 * nan_loss — the training loss is NaN or ±Infinity.
 *
 * Rule: the newest step's loss is not finite. Severity error; training stops by default
 * (`stopOn: 'nan'`), since every later step only spreads NaN through the weights.
 * Source: the Keras TerminateOnNaN callback (tfjs has none).
 */
import type { Check } from './check';
import { now } from './check';

export const nanLoss: Check<'nan_loss'> = {
  code: 'nan_loss',
  run(record) {
    const losses = record.steps.loss;
    const n = losses.length;
    if (n === 0 || Number.isFinite(losses[n - 1])) return [];
    let lastFinite = n - 1;
    while (lastFinite >= 0 && !Number.isFinite(losses[lastFinite])) lastFinite--;
    return [
      {
        code: 'nan_loss',
        severity: 'error',
        ...now(record),
        evidence: {
          loss: String(losses[n - 1]),
          lastFiniteLoss: lastFinite >= 0 ? losses[lastFinite] : NaN,
          lastFiniteStep: lastFinite >= 0 ? record.steps.step[lastFinite] : -1,
        },
      },
    ];
  },
};
