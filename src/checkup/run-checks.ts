/** Runs the registries over a before-training record and words the drafts: the one path to findings. */
import { advise } from '../advice';
import { CHECKS, PRETRAINING_CHECKS, type Check } from '../checks';
import type { Finding, FindingCode, FindingDraft } from '../findings';
import { findingKey, severityRank } from '../findings';
import type { RunRecord } from '../record';

/**
 * Checks over `record` — by default all of them (fit's and the pre-training ones); one finding per code
 * and layer, the worst kept.
 */
export function runAllChecks(record: RunRecord, opts: { only?: readonly Check[]; skip?: FindingCode[]; notes?: FindingDraft[] } = {}): Finding[] {
  const byKey = new Map<string, FindingDraft>();
  const accept = (d: FindingDraft) => {
    const key = findingKey(d);
    const known = byKey.get(key);
    if (!known || severityRank(d.severity) > severityRank(known.severity)) byKey.set(key, d);
  };
  for (const check of opts.only ?? [...CHECKS, ...PRETRAINING_CHECKS]) {
    if (opts.skip?.includes(check.code)) continue;
    let drafts: FindingDraft[] = [];
    try {
      drafts = check.run(record, { plateauWindow: 100 });
    } catch (e) {
      drafts = [note(`check ${check.code}`, e)];
    }
    drafts.forEach(accept);
  }
  (opts.notes ?? []).forEach(accept);
  return [...byKey.values()].map((d) => advise(d, record.model));
}

/** A `probe_failed` info draft: something checkup could not measure. */
export function note(probe: string, reason: unknown): FindingDraft<'probe_failed'> {
  const text = reason instanceof Error ? reason.message.split('\n')[0] : String(reason);
  return { code: 'probe_failed', severity: 'info', step: 0, epoch: 0, layer: probe, evidence: { probe, reason: text } };
}
