/**
 * input_not_normalized — the network is fed unscaled (or broken) data.
 *
 * Rules:
 *  - non_finite (a breakage, error): NaN/Infinity in the probe batch's first input, or in any training
 *    batch (missing values in a few rows rarely sit in the one fixed probe batch; probes/input-sentinel.ts
 *    watches every batch for one reduction per step);
 *  - inputs (a cause, warning): max |x| > 10 with a typical magnitude √(mean² + std²) > 5 (raw 0–255
 *    pixels, unscaled physical units). The magnitude condition spares data of unit order whose tails pass
 *    10: std-3 blobs reach |x| ≈ 10–12 in a 32-sample batch (√(mean² + std²) ≤ 3.3 there), while every
 *    unscaled case measured ≥ 47. When the probe knows the dtype (checkup() records it), integer or
 *    boolean inputs with max |x| > 1 (ids or counts fed to a Dense/Conv layer as magnitudes) too;
 *  - targets (a cause, warning): a regression whose targets have max |y| > 10 and √(mean² + var) > 5
 *    (prices in dollars, counts): the output layer must grow to that scale, which slows SGD and Adam alike
 *    and makes MSE gradients large. Many such programs learn anyway — the lifecycle resolves the warning then.
 * Models whose first layer is an Embedding take integer ids and are exempt from the input rules. A model
 * that scales its own input (a first Rescaling, Normalization, BatchNormalization or LayerNormalization
 * layer) is judged on that layer's output instead, when the probe measured it. Source: LeCun et al.,
 * "Efficient BackProp" (1998) — inputs (and targets) should have zero mean and unit-order variance.
 */
import type { FindingDraft } from '../findings';
import type { RunRecord } from '../record';
import type { Check } from './check';
import { now } from './check';
import { mean, recentProbes } from './series';

const ABS_MAX_LIMIT = 10;
const MAGNITUDE_LIMIT = 5;
const SCALING_LAYERS = new Set(['Rescaling', 'Normalization', 'BatchNormalization', 'LayerNormalization']);

type Evidence = FindingDraft<'input_not_normalized'>['evidence'];

export const inputNotNormalized: Check<'input_not_normalized'> = {
  code: 'input_not_normalized',
  run(record) {
    const draft = (severity: 'error' | 'warning', evidence: Evidence): FindingDraft<'input_not_normalized'>[] => [
      { code: 'input_not_normalized', severity, ...now(record), evidence },
    ];
    const inputs = inputRule(record);
    if (inputs) return draft(inputs.rule === 'non_finite' ? 'error' : 'warning', inputs);
    const targets = targetRule(record);
    return targets ? draft('warning', targets) : [];
  },
};

function inputRule(record: RunRecord): Evidence | undefined {
  if (record.model.layers[0]?.className === 'Embedding') return undefined;
  const probe = recentProbes(record, 1, (p) => p.input !== undefined)[0];
  const input = probe?.input;
  const traced = record.nonFiniteBatch;
  const stats = { inputMin: input?.min ?? NaN, inputMax: input?.max ?? NaN, inputMean: input?.mean ?? NaN, inputStd: input?.std ?? NaN };
  if (traced && !(input && input.nonFinite > 0)) return { rule: 'non_finite', ...stats, nonFinite: NaN, nonFiniteStep: traced.step };
  if (!input) return undefined;
  if (input.nonFinite > 0) return { rule: 'non_finite', ...stats, nonFinite: input.nonFinite, ...(input.dtype !== undefined ? { dtype: input.dtype } : {}) };
  const first = record.model.layers[0];
  const scaled = first && SCALING_LAYERS.has(first.className) ? probe.layers[first.name]?.activation : undefined;
  if (scaled && scaled.absMax <= ABS_MAX_LIMIT) return undefined;
  const absMax = Math.max(Math.abs(input.min), Math.abs(input.max));
  const nonFloat = input.dtype !== undefined && input.dtype !== 'float32' && absMax > 1;
  const unscaled = absMax > ABS_MAX_LIMIT && Math.hypot(input.mean, input.std) > MAGNITUDE_LIMIT;
  if (!unscaled && !nonFloat) return undefined;
  return { rule: 'inputs', ...stats, nonFinite: 0, ...(input.dtype !== undefined ? { dtype: input.dtype } : {}) };
}

function targetRule(record: RunRecord): Evidence | undefined {
  const t = record.targets;
  if (record.model.task !== 'regression' || !t || t.samples < 2) return undefined;
  const absMax = Math.max(Math.abs(t.min), Math.abs(t.max));
  const m = mean(t.mean);
  const v = mean(t.variance);
  if (!(absMax > ABS_MAX_LIMIT && Math.sqrt(m * m + v) > MAGNITUDE_LIMIT)) return undefined;
  return { rule: 'targets', inputMin: t.min, inputMax: t.max, inputMean: m, inputStd: Math.sqrt(v), nonFinite: 0 };
}
