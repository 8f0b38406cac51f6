/**
 * input_not_normalized — the network is fed unscaled (or broken) inputs.
 *
 * Rule, on the probe batch's first input: any NaN/Infinity → error — and likewise when any training
 * batch held NaN/Infinity inputs (missing values in a few rows rarely sit in the one fixed probe batch;
 * probes/input-sentinel.ts watches every batch for one reduction per step);
 * otherwise max |x| > 10 with a typical magnitude √(mean² + std²) > 5 (raw 0–255 pixels, unscaled
 * physical units) → warning. The magnitude condition (since the generated detection zoo) spares data of
 * unit order whose tails pass 10: unstandardised std-3 blobs reach |x| ≈ 10–12 in a 32-sample batch
 * (√(mean² + std²) ≤ 3.3 there), while every unscaled case measured ≥ 47.
 * Models whose first layer is an Embedding take integer ids and are exempt. When the probe knows the dtype (checkup() records it), integer or
 * boolean inputs with max |x| > 1 (ids or counts fed to a Dense/Conv layer as magnitudes, uncast
 * int32 pixels) → warning as well. A model that scales its own input (a first Rescaling,
 * Normalization, BatchNormalization or LayerNormalization layer) is judged on that layer's output
 * instead, when the probe measured it. Source: LeCun et al., "Efficient BackProp" (1998) — inputs should have
 * zero mean and unit-order variance; [0, 1] or standardised pixels are the usual CNN practice.
 */
import type { Check } from './check';
import { now } from './check';
import { recentProbes } from './series';

const ABS_MAX_LIMIT = 10;
const MAGNITUDE_LIMIT = 5;
const SCALING_LAYERS = new Set(['Rescaling', 'Normalization', 'BatchNormalization', 'LayerNormalization']);

export const inputNotNormalized: Check<'input_not_normalized'> = {
  code: 'input_not_normalized',
  run(record) {
    if (record.model.layers[0]?.className === 'Embedding') return [];
    const probe = recentProbes(record, 1, (p) => p.input !== undefined)[0];
    const input = probe?.input;
    const traced = record.nonFiniteBatch;
    if (traced && !(input && input.nonFinite > 0)) {
      return [
        {
          code: 'input_not_normalized',
          severity: 'error',
          ...now(record),
          evidence: { inputMin: input?.min ?? NaN, inputMax: input?.max ?? NaN, inputMean: input?.mean ?? NaN, inputStd: input?.std ?? NaN, nonFinite: NaN, nonFiniteStep: traced.step },
        },
      ];
    }
    if (!input) return [];
    const first = record.model.layers[0];
    const scaled = first && SCALING_LAYERS.has(first.className) ? probe.layers[first.name]?.activation : undefined;
    if (scaled && input.nonFinite === 0 && scaled.absMax <= ABS_MAX_LIMIT) return [];
    const absMax = Math.max(Math.abs(input.min), Math.abs(input.max));
    const nonFloat = input.dtype !== undefined && input.dtype !== 'float32' && absMax > 1;
    const unscaled = absMax > ABS_MAX_LIMIT && Math.hypot(input.mean, input.std) > MAGNITUDE_LIMIT;
    if (input.nonFinite === 0 && !unscaled && !nonFloat) return [];
    return [
      {
        code: 'input_not_normalized',
        severity: input.nonFinite > 0 ? 'error' : 'warning',
        ...now(record),
        evidence: {
          inputMin: input.min,
          inputMax: input.max,
          inputMean: input.mean,
          inputStd: input.std,
          nonFinite: input.nonFinite,
          ...(input.dtype !== undefined ? { dtype: input.dtype } : {}),
        },
      },
    ];
  },
};
