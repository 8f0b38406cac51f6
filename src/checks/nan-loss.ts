/**
 * nan_loss — the training loss, or the weights behind it, are NaN or ±Infinity.
 *
 * Rule: the newest step's loss is not finite; or the newest probe measured a non-finite weight or
 * gradient norm. The second half matters because a probability loss can hide NaN weights: tfjs clips
 * predictions before the log, and on the wasm backend a NaN prediction comes out of the clip as a
 * finite −ln ε = 16.12, so the loss looks sane while the network is already gone. When a training batch at or
 * before this step held NaN/Infinity inputs (probes/input-sentinel.ts), the evidence names that step: the
 * data, not the learning rate, is the cause.
 * Severity error; training stops by default (`stopOn: 'nan'`), since every later step only spreads
 * NaN through the weights. Source: the Keras TerminateOnNaN callback (tfjs has none).
 */
import type { FindingDraft } from '../findings';
import type { Check } from './check';
import { now } from './check';
import { nonFiniteInputStep, nonFiniteLayerNow } from './series';

export const nanLoss: Check<'nan_loss'> = {
  code: 'nan_loss',
  run(record) {
    const losses = record.steps.loss;
    const n = losses.length;
    if (n === 0) return [];
    let lastFinite = n - 1;
    while (lastFinite >= 0 && !Number.isFinite(losses[lastFinite])) lastFinite--;
    const fromData = nonFiniteInputStep(record);
    const draft = (where: 'loss' | 'weights', layer?: string): FindingDraft<'nan_loss'>[] => [
      {
        code: 'nan_loss',
        severity: 'error',
        ...now(record),
        evidence: {
          loss: String(losses[n - 1]),
          where,
          lastFiniteLoss: lastFinite >= 0 ? losses[lastFinite] : NaN,
          lastFiniteStep: lastFinite >= 0 ? record.steps.step[lastFinite] : -1,
          ...(layer ? { firstBadLayer: layer } : {}),
          ...(fromData !== undefined ? { nonFiniteInputStep: fromData } : {}),
        },
      },
    ];
    if (!Number.isFinite(losses[n - 1])) return draft('loss');
    const bad = nonFiniteLayerNow(record);
    return bad ? draft('weights', bad) : [];
  },
};
