/**
 * exploding_gradients — gradients large enough to throw the weights around.
 *
 * Rules, on the global gradient norm √Σ‖g_l‖² of the real training step:
 *  - norm (cause, warning): ≥ 100 in each of the last 2 probes of the fit;
 *  - growth (cause, warning): grown ≥ 100 × over the first probe's and ≥ 10;
 *  - overflow (symptom, error): the newest probe's gradients are NaN/Infinity after a finite probe at
 *    ≥ 100 (a norm of 1e11 at initialisation can overflow the weights in one update, so training stops
 *    before a second finite probe).
 * Under an optimizer that normalises its steps per parameter (Adam, Adamax, RMSProp, Adagrad, Adadelta) a
 * large gradient does not make a large step, so the norm and growth thresholds are 100 × higher (1e4 and
 * 1e3); under SGD and momentum the step is the gradient times the learning rate. A mean cross-entropy or
 * MSE on sensibly scaled data gives norms of order 0.1–10; gradient clipping is usually set at 1–5; a
 * regression on targets of order 100 can sit at a few hundred and learn — the lifecycle resolves the
 * warning when the fit learns. Source: Pascanu, Mikolov & Bengio, "On the difficulty of training recurrent
 * neural networks" (2013).
 */
import type { FindingDraft } from '../findings';
import type { RunRecord } from '../record';
import type { Check } from './check';
import { now } from './check';
import { currentFit } from './progress';
import { isAdaptive, recentProbes } from './series';

const NORM_WARNING = 100;
const GROWTH_LIMIT = 100;
const GROWTH_MIN_NORM = 10;
/** Threshold factor under adaptive optimizers. */
const ADAPTIVE_FACTOR = 100;
const PROBES = 2;

export function globalGradNorm(layers: Record<string, { gradNorm?: number }>): number {
  let sum = 0;
  let seen = false;
  for (const l of Object.values(layers)) {
    if (l.gradNorm === undefined) continue;
    sum += l.gradNorm * l.gradNorm;
    seen = true;
  }
  return seen ? Math.sqrt(sum) : NaN;
}

type Layers = { layers: Record<string, { gradNorm?: number }> };
const measured = (p: Layers) => !Number.isNaN(globalGradNorm(p.layers));
const overflowed = (p: Layers) => Object.values(p.layers).some((l) => l.gradNorm !== undefined && !Number.isFinite(l.gradNorm));

export const explodingGradients: Check<'exploding_gradients'> = {
  code: 'exploding_gradients',
  run(record) {
    const overflow = overflowRule(record);
    if (overflow) return overflow;
    const { optimizer } = record.model;
    const factor = isAdaptive(optimizer) ? ADAPTIVE_FACTOR : 1;
    const fitStart = currentFit(record).startStep;
    const inFit = (p: Layers & { step: number }) => measured(p) && p.step >= fitStart;
    const recentProbesOfFit = recentProbes(record, PROBES, inFit);
    if (recentProbesOfFit.length < PROBES) return [];
    const recent = recentProbesOfFit.map((p) => globalGradNorm(p.layers));
    const firstProbe = record.probes.find(inFit)!;
    const first = globalGradNorm(firstProbe.layers);
    const low = Math.min(...recent);
    const growth = low / first;
    const large = low >= NORM_WARNING * factor;
    // Growth is measured against a probe before the recent ones, never against one of them.
    const grew = !recentProbesOfFit.includes(firstProbe) && growth >= GROWTH_LIMIT && low >= GROWTH_MIN_NORM * factor;
    if (!large && !grew) return [];
    return [
      {
        code: 'exploding_gradients',
        severity: 'warning',
        ...now(record),
        evidence: {
          rule: large ? 'norm' : 'growth',
          gradNorm: recent[recent.length - 1],
          threshold: (large ? NORM_WARNING : GROWTH_MIN_NORM) * factor,
          growth,
          probes: recent.length,
          optimizer,
        },
      },
    ];
  },
};

/** The newest probe's gradients are NaN/Infinity and the last finite probe's norm was already large. */
function overflowRule(record: RunRecord): FindingDraft<'exploding_gradients'>[] | undefined {
  const newest = recentProbes(record, 1)[0];
  if (!newest || !overflowed(newest)) return undefined;
  const finite = recentProbes(record, 1, (p) => measured(p) && Number.isFinite(globalGradNorm(p.layers)))[0];
  if (!finite) return undefined;
  const gradNorm = globalGradNorm(finite.layers);
  if (!(gradNorm >= NORM_WARNING)) return undefined;
  const first = globalGradNorm(record.probes.find(measured)!.layers);
  return [
    {
      code: 'exploding_gradients',
      severity: 'error',
      ...now(record),
      evidence: { rule: 'overflow', gradNorm, threshold: NORM_WARNING, growth: gradNorm / first, probes: 1, optimizer: record.model.optimizer },
    },
  ];
}
