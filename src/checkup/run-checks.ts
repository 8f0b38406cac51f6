/** Runs the registries over a before-training record through the one finding pipeline (lifecycle.ts). */
import { CHECKS, PRETRAINING_CHECKS, type Check } from '../checks';
import { checkContext } from '../checks/check';
import type { Finding, FindingCode, FindingDraft } from '../findings';
import { FindingLedger } from '../lifecycle';
import type { RunRecord } from '../record';

/**
 * Checks over `record` — by default all of them (fit's and the pre-training ones) — as one judgement of
 * the pipeline fit uses: one finding per code and layer, severities capped by role, causes linked to the
 * trial failures they explain. Nothing is resolved: there was no training.
 */
export function runAllChecks(record: RunRecord, opts: { only?: readonly Check[]; skip?: FindingCode[]; notes?: FindingDraft[] } = {}): Finding[] {
  const context = checkContext(record);
  const drafts: FindingDraft[] = [];
  for (const check of opts.only ?? [...CHECKS, ...PRETRAINING_CHECKS]) {
    if (opts.skip?.includes(check.code)) continue;
    try {
      drafts.push(...(check.run(record, context) as FindingDraft[]));
    } catch (e) {
      drafts.push(note(`check ${check.code}`, e));
    }
  }
  drafts.push(...(opts.notes ?? []));
  const ledger = new FindingLedger({ model: record.model });
  ledger.round(drafts, 0);
  return ledger.findings;
}

/** A `probe_failed` info draft: something checkup could not measure. */
export function note(probe: string, reason: unknown): FindingDraft<'probe_failed'> {
  const text = reason instanceof Error ? reason.message.split('\n')[0] : String(reason);
  return { code: 'probe_failed', severity: 'info', step: 0, epoch: 0, layer: probe, evidence: { probe, reason: text } };
}
