/** The words for a finding's changes of status (the `note` of each history event). */
import { LEARNED_SHARE, type Progress } from '../checks/progress';
import type { Finding } from '../findings';
import { fmt, pct } from './format';

type ChangeKind = 'raised' | 'escalated' | 'confirmed' | 'resolved' | 'cleared' | 'reopened';

const codesOf = (keys: readonly string[]) => keys.map((k) => k.replace('@', ' (') + (k.includes('@') ? ')' : '')).join(', ');

/** What it means that a clearable symptom's check stopped raising it. */
const CLEARED: Partial<Record<Finding['code'], string>> = {
  chance_plateau: 'the loss has not sat at the chance level',
  overfitting: 'the validation loss has not been rising above its best',
};

/** Why the fit counts as learning, in measured numbers. */
export function learnedBecause(p: Progress): string {
  const loss = Number.isFinite(p.baseline)
    ? `the loss fell to ${fmt(p.recent)}, below ${p.recent <= LEARNED_SHARE * p.baseline ? `${pct(LEARNED_SHARE)} of ` : ''}${fmt(p.baseline)} (the loss of a model that ignores its input)`
    : `the loss fell to ${fmt(p.recent)} from ${fmt(p.start)} at the start of the fit`;
  const accuracy = Number.isFinite(p.recentAccuracy) && Number.isFinite(p.chanceAccuracy) ? ` and training accuracy reached ${pct(p.recentAccuracy)} (chance ${pct(p.chanceAccuracy)})` : '';
  return loss + accuracy;
}

export function describeChange(f: Finding, kind: ChangeKind, step: number, progress?: Progress, lastSeen?: number): string {
  const at = `at step ${step}`;
  switch (kind) {
    case 'raised':
      return f.role === 'cause'
        ? 'A risk: no harm seen yet.'
        : f.role === 'breakage'
          ? 'This setup cannot learn as it is, whatever training does.'
          : f.role === 'symptom'
            ? 'Seen in training.'
            : '';
    case 'escalated':
      return `Worse ${at}.`;
    case 'confirmed':
      return `Confirmed ${at}: it explains ${codesOf(f.explains)}.`;
    case 'cleared':
      return `Resolved ${at}: ${CLEARED[f.code] ?? 'no longer seen'} since step ${lastSeen ?? f.step}.`;
    case 'reopened':
      return `Back ${at}.`;
    case 'resolved':
      return progress
        ? `Resolved ${at}: ${learnedBecause(progress)}${f.role === 'cause' ? ', so it did no harm here' : ''}.`
        : `Resolved ${at}.`;
  }
}

/** One line for reports: where the finding stands, from its newest history event. */
export function statusLine(f: Finding): string {
  const last = f.history[f.history.length - 1];
  return last ? `${f.status}: ${last.note}` : f.status;
}
