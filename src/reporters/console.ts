/** Plain-text rendering of findings: one block per finding, most severe first. No colours, no tfjs. */
import { fmt } from '../advice';
import type { Finding } from '../findings';
import { severityRank } from '../findings';

const MARK = { error: 'ERROR', warning: 'WARN ', info: 'info ' } as const;

/** One finding as printed live, the moment it appears. */
export function formatFindingLine(f: Finding): string {
  return `[cnn-doctor] ${MARK[f.severity]} ${f.code}${f.layer ? ` (${f.layer})` : ''} at step ${f.step}: ${f.message}`;
}

export function formatFinding(f: Finding, index: number): string {
  const lines = [`${index}. ${MARK[f.severity].trim()} ${f.code}${f.layer ? ` — layer ${f.layer}` : ''} — step ${f.step}, epoch ${f.epoch}`];
  lines.push(`   ${f.message}`);
  const evidence = Object.entries(f.evidence).map(([k, v]) => `${k}=${fmt(v)}`);
  if (evidence.length) lines.push(`   evidence: ${evidence.join(', ')}`);
  f.fixes.forEach((fix, i) => {
    lines.push(`   fix ${i + 1}: ${fix.title}`);
    if (fix.code) for (const codeLine of fix.code.split('\n')) lines.push(`       ${codeLine}`);
  });
  return lines.join('\n');
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.step - b.step);
}

export function formatReport(findings: readonly Finding[], summary: { model: string; steps: number; lastLoss: number }): string {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const head = `cnn-doctor report for "${summary.model}" after ${summary.steps} steps (last loss ${fmt(summary.lastLoss)})`;
  if (counts.error + counts.warning === 0) {
    const notes = findings.length ? ` (${findings.length} note${findings.length > 1 ? 's' : ''} below)` : '';
    return [head, `No problems found${notes}.`, ...sortFindings(findings).map((f, i) => formatFinding(f, i + 1))].join('\n\n');
  }
  const tally = `${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}${counts.info ? `, ${counts.info} note${counts.info === 1 ? '' : 's'}` : ''}`;
  return [head, tally, ...sortFindings(findings).map((f, i) => formatFinding(f, i + 1))].join('\n\n');
}
