/**
 * A check judges the recorded series and returns the diagnoses that hold now, as drafts (no wording).
 * Checks are pure: same record in, same drafts out; they never see a tensor.
 */
import type { FindingCode, FindingDraft } from '../findings';
import type { RunRecord } from '../record';

export interface CheckContext {
  /** Steps a loss plateau must last. */
  plateauWindow: number;
}

export interface Check<C extends FindingCode = FindingCode> {
  code: C;
  run(record: RunRecord, context: CheckContext): FindingDraft<C>[];
}

/** Step and epoch of the newest recorded step: where a finding made now is dated. */
export function now(record: RunRecord): { step: number; epoch: number } {
  const n = record.steps.step.length;
  if (n === 0) {
    const last = record.probes[record.probes.length - 1];
    return { step: last?.step ?? 0, epoch: last?.epoch ?? 0 };
  }
  return { step: record.steps.step[n - 1], epoch: record.steps.epoch[n - 1] };
}
