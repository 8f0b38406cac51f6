/** The words for tried fixes: what was changed on the copy, and what the trial measured. */
import type { FindingCode } from '../findings';
import type { Prescription, Treatment } from '../prescriptions/prescription';
import { fmt, pct } from './format';

/** How the inputs were scaled for a scale_inputs trial. */
export type InputScaling = 'div255' | 'standardise';

const list = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** The fix in a few words: "He init on fc1, fc2", "inputs / 255", "learning rate 0.1 → 0.01". */
export function describeTreatment(t: Treatment, scaling?: InputScaling): string {
  switch (t.kind) {
    case 'reinit': {
      const groups = (['he', 'glorot'] as const)
        .map((init) => ({ init, names: (t.layers ?? []).filter((l) => l.init === init).map((l) => l.name) }))
        .filter((g) => g.names.length);
      return groups.map((g) => `${g.init === 'he' ? 'He' : 'Glorot'} init on ${g.names.join(', ')}`).join(' and ');
    }
    case 'scale_inputs':
      return scaling === 'div255' ? 'inputs / 255' : 'standardised inputs ((x − mean) / std per feature)';
    case 'lower_lr':
    case 'raise_lr':
      return `learning rate ${fmt(t.learningRate?.from)} → ${fmt(t.learningRate?.to)}`;
    case 'logits_output':
      return 'a linear output with tf.losses.softmaxCrossEntropy';
    case 'combined': {
      // The re-initialised layers once (merged), then the other changes.
      const reinit = t.layers?.length ? [describeTreatment({ ...t, kind: 'reinit' })] : [];
      return [...reinit, ...(t.parts ?? []).filter((part) => part.kind !== 'reinit').map((part) => describeTreatment(part, scaling))].join(' + ');
    }
  }
}

/**
 * Did the fix help, by what was measured: a symptom active on the untreated copy is gone on the treated
 * one, or the treated loss is at least 10% below the untreated loss (a finite loss against a NaN one counts).
 */
export function fixHelped(p: Prescription): boolean {
  const clearedOne = p.untreated.active.some((c) => !p.treated.active.includes(c));
  const t = p.treated.loss;
  const u = p.untreated.loss;
  const lower = Number.isFinite(t) && (!Number.isFinite(u) || t <= 0.9 * u);
  return clearedOne || lower;
}

/** Where each judged symptom ended: cleared, still active, or never active on the untreated copy either. */
export function symptomWords(p: Prescription): string {
  const cleared: FindingCode[] = [];
  const still: FindingCode[] = [];
  const absent: FindingCode[] = [];
  for (const code of p.symptoms) {
    if (p.treated.active.includes(code)) still.push(code);
    else if (p.untreated.active.includes(code)) cleared.push(code);
    else absent.push(code);
  }
  return [
    cleared.length ? `${list(cleared)} cleared` : '',
    still.length ? `${list(still)} still active` : '',
    absent.length ? `${list(absent)} not active on the untreated copy either` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** What a trial measured: "loss 1.62 vs 2.3 untreated after 300 steps, accuracy 41% vs 10%, dead_relu cleared". */
export function measuredWords(p: Prescription): string {
  const accuracy = Number.isFinite(p.treated.accuracy) || Number.isFinite(p.untreated.accuracy) ? `, accuracy ${pct(p.treated.accuracy)} vs ${pct(p.untreated.accuracy)}` : '';
  const symptoms = symptomWords(p);
  return `loss ${fmt(p.treated.loss)} vs ${fmt(p.untreated.loss)} untreated after ${p.steps} step${p.steps === 1 ? '' : 's'}${accuracy}${symptoms ? `, ${symptoms}` : ''}`;
}

/**
 * One tried fix, as printed: "tried He init on fc1, fc2 for bad_init: loss 1.62 vs 2.30 untreated after 300
 * steps, accuracy 41% vs 10%, dead_relu cleared (4.2 s)". A fix that did not help says so first.
 */
export function describePrescription(p: Prescription): string {
  const measured = measuredWords(p);
  const what = p.kind === 'combined' ? `every fix together, ${p.fix}` : `${p.fix} for ${p.code}`;
  return `tried ${what}: ${fixHelped(p) ? measured : `it did not help — ${measured}`} (${fmt(Number(p.seconds.toFixed(1)))} s)`;
}
