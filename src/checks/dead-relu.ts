/**
 * dead_relu — a ReLU layer whose units have stopped firing for good.
 *
 * Rules, for each layer whose output passes through a plain ReLU, holding in every probe of the newest
 * stretch of ≥ 3 probes spanning ≥ 20 steps (or of ≥ 2 spanning ≥ 50: after step 50 probes come every 50
 * steps by default; or of any 2 probes when every unit is dead and the layer's gradient is exactly zero in
 * both — no update can revive it, so waiting proves nothing more):
 *  - dead_units: ≥ 90% of the *units* (channels for conv layers) never > 0 for any sample or position of
 *    the probe batch;
 *  - mostly_zero: ≥ 99% of all the layer's outputs are zero (units that fire at a handful of positions
 *    only are as good as dead; healthy ReLU layers sit at 50–90% zeros);
 *  - collapsed: the layer's largest output is ≤ 1e-4 of what it was at the first probe — units that shrink
 *    towards 0 (outputs ~1e-8) without ever being exactly zero are dead too.
 * A symptom, graded by harm: an error while the fit is not learning (progress.ts) once two loss windows have
 * been seen, a warning before that; nothing while it learns (a layer the network routes around is not
 * stopping it: a healthy CNN under Adam can lose most of its dense units and keep learning on the rest).
 * Why units, not zeros: healthy ReLU nets are sparse, so the often-quoted "≥ 70% of outputs ≤ 0" rule
 * fires on most healthy CIFAR-10 CNNs. A unit that is zero for every input gets no gradient and never
 * recovers (Lu et al., "Dying ReLU and Initialization", 2019).
 */
import type { FindingDraft } from '../findings';
import type { ActivationStats, ProbeRecord } from '../record';
import type { Check } from './check';
import { now } from './check';
import { probesSpanning } from './series';

const DEAD_UNITS = 0.9;
const MOSTLY_ZERO = 0.99;
const COLLAPSED = 1e-4;
/** Persistence: 3 probes over ≥ 20 steps (early, dense probes), or 2 probes over ≥ 50 (the sparse later schedule). */
const PERSISTENCE = [
  { probes: 3, span: 20, zeroGradient: false },
  { probes: 2, span: 50, zeroGradient: false },
  { probes: 2, span: 1, zeroGradient: true },
] as const;

/** Every unit dead and not one gradient reaching the layer's weights: dead for good, whatever the step count. */
const deadForGood = (p: ProbeRecord, layer: string) => p.layers[layer].activation!.deadUnitFraction === 1 && p.layers[layer].gradNorm === 0;

type Rule = FindingDraft<'dead_relu'>['evidence']['rule'];

export const deadRelu: Check<'dead_relu'> = {
  code: 'dead_relu',
  run(record, { progress }) {
    if (progress.learning) return [];
    const drafts: FindingDraft<'dead_relu'>[] = [];
    for (const layer of record.model.layers) {
      if (!layer.isRelu) continue;
      const measured = (p: ProbeRecord) => p.layers[layer.name]?.activation !== undefined;
      const first = record.probes.find(measured)?.layers[layer.name].activation;
      if (!first) continue;
      const judged = PERSISTENCE.map(({ probes, span, zeroGradient }) => {
        const recent = probesSpanning(record, probes, span, measured);
        return recent && (!zeroGradient || recent.every((p) => deadForGood(p, layer.name))) ? recent : undefined;
      })
        .filter((recent): recent is ProbeRecord[] => recent !== undefined)
        .map((recent) => ({ recent, rule: ruleFor(recent.map((p) => p.layers[layer.name].activation!), first) }))
        .find((j) => j.rule !== undefined);
      if (!judged) continue;
      const { recent, rule } = judged;
      const latest = recent[recent.length - 1].layers[layer.name].activation!;
      drafts.push({
        code: 'dead_relu',
        severity: progress.ready ? 'error' : 'warning',
        ...now(record),
        layer: layer.name,
        evidence: {
          rule: rule!,
          deadUnitFraction: latest.deadUnitFraction,
          zeroFraction: latest.zeroFraction,
          units: latest.units,
          probes: recent.length,
          sinceStep: recent[0].step,
          absMax: latest.absMax,
          initialAbsMax: first.absMax,
        },
      });
    }
    return drafts;
  },
};

/** The rule that holds in every one of the probes' statistics, if any. */
function ruleFor(stats: ActivationStats[], first: ActivationStats): Rule | undefined {
  if (stats.every((s) => s.deadUnitFraction >= DEAD_UNITS)) return 'dead_units';
  if (stats.every((s) => s.zeroFraction >= MOSTLY_ZERO)) return 'mostly_zero';
  if (first.absMax > 0 && stats.every((s) => s.absMax <= COLLAPSED * first.absMax)) return 'collapsed';
  return undefined;
}
