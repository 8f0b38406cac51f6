/**
 * input_not_normalized — the network is fed unscaled (or broken) inputs.
 *
 * Rule, on the probe batch's first input: any NaN/Infinity → error; otherwise max |x| > 10 (raw
 * 0–255 pixels, unscaled physical units) → warning. Models whose first layer is an Embedding take
 * integer ids and are exempt. Source: LeCun et al., "Efficient BackProp" (1998) — inputs should have
 * zero mean and unit-order variance; [0, 1] or standardised pixels are the usual CNN practice.
 */
import type { Check } from './check';
import { now } from './check';

const ABS_MAX_LIMIT = 10;

export const inputNotNormalized: Check<'input_not_normalized'> = {
  code: 'input_not_normalized',
  run(record) {
    if (record.model.layers[0]?.className === 'Embedding') return [];
    const probe = [...record.probes].reverse().find((p) => p.input);
    const input = probe?.input;
    if (!input) return [];
    const absMax = Math.max(Math.abs(input.min), Math.abs(input.max));
    if (input.nonFinite === 0 && !(absMax > ABS_MAX_LIMIT)) return [];
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
        },
      },
    ];
  },
};
