/**
 * dropout_too_high — so much dropout that the network can barely fit its training data.
 *
 * Rule, on the model summary (judged before and during fit):
 *  - high_rate: a Dropout-family layer with rate ≥ 0.7, or directly stacked dropout layers whose
 *    combined rate 1 − Π(1 − rᵢ) is ≥ 0.7 → warning (error at ≥ 0.9);
 *  - many_half: 3 or more dropout layers with rate ≥ 0.5 → warning. Two at 0.5 (the AlexNet/VGG
 *    classifier head) stay quiet.
 * Evidence includes the keep probability Π(1 − rᵢ) over all dropout layers. Source: Srivastava et al.,
 * "Dropout" (JMLR 2014) — p(retain) 0.5 for hidden units, 0.8 for inputs; rates above that slow
 * learning sharply.
 */
import type { Check } from './check';
import { now } from './check';

const HIGH_RATE = 0.7;
const ERROR_RATE = 0.9;
const HALF = 0.5;
const MANY = 3;

export const dropoutTooHigh: Check<'dropout_too_high'> = {
  code: 'dropout_too_high',
  run(record) {
    const layers = record.model.layers;
    const dropouts = layers.filter((l) => typeof l.rate === 'number' && l.rate > 0);
    if (dropouts.length === 0) return [];
    const keepProbability = dropouts.reduce((k, l) => k * (1 - l.rate!), 1);
    // Combined rate of each run of directly adjacent dropout layers.
    let worst = { rate: 0, names: [] as string[] };
    let run = { keep: 1, names: [] as string[] };
    layers.forEach((l, i) => {
      const r = typeof l.rate === 'number' ? l.rate : undefined;
      const adjacent = r !== undefined && i > 0 && typeof layers[i - 1].rate === 'number' && (!l.inbound || l.inbound[0] === layers[i - 1].name);
      if (r === undefined) return;
      run = adjacent ? { keep: run.keep * (1 - r), names: [...run.names, l.name] } : { keep: 1 - r, names: [l.name] };
      if (1 - run.keep > worst.rate) worst = { rate: 1 - run.keep, names: run.names };
    });
    const halves = dropouts.filter((l) => l.rate! >= HALF);
    const draft = (rule: 'high_rate' | 'many_half', severity: 'error' | 'warning', maxRate: number, names: string[], count: number) => [
      { code: 'dropout_too_high' as const, severity, ...now(record), layer: names[0], evidence: { rule, maxRate, layers: names.join(rule === 'high_rate' ? ' → ' : ', '), count, keepProbability } },
    ];
    if (worst.rate >= HIGH_RATE - 1e-9) return draft('high_rate', worst.rate >= ERROR_RATE ? 'error' : 'warning', worst.rate, worst.names, worst.names.length);
    if (halves.length >= MANY) return draft('many_half', 'warning', Math.max(...halves.map((l) => l.rate!)), halves.map((l) => l.name), halves.length);
    return [];
  },
};
