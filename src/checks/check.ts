/**
 * A check judges the recorded series and returns the diagnoses that hold now, as drafts (no wording).
 * Checks are pure: same record in, same drafts out; they never see a tensor.
 */
import type { FindingCode, FindingDraft } from '../findings';
import type { RunRecord } from '../record';
import { progress, type Progress } from './progress';

export interface CheckContext {
  /** Steps a loss plateau must last (at least; small batches need more, see progress.ts). */
  plateauWindow: number;
  /** How the current fit is going, computed once per step from the same record. */
  progress: Progress;
}

/** The context every check of one round shares. */
export function checkContext(record: RunRecord, plateauWindow = 100): CheckContext {
  return { plateauWindow, progress: progress(record) };
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
