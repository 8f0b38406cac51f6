/** Plain-text rendering of findings: one block per finding, most severe first. No colours, no tfjs. */
import { describeChapter, describePrescription, fmt, statusLine } from '../advice';
import type { Finding } from '../findings';
import { isActive, severityRank } from '../findings';
import type { ModelSummary } from '../model-info';
import type { Prescription } from '../prescriptions/prescription';
import { buildStory, type StoryChapter } from '../story';

const MARK = { error: 'ERROR', warning: 'WARN ', info: 'info ' } as const;
const CHANGE_MARK = { raised: 'NEW', escalated: 'WORSE', confirmed: 'CONFIRMED', resolved: 'RESOLVED', reopened: 'BACK' } as const;

const where = (f: Finding) => `${f.code}${f.layer ? ` (${f.layer})` : ''}`;

/** One finding as printed live, the moment it appears. */
export function formatFindingLine(f: Finding): string {
  const note = f.history[f.history.length - 1]?.note;
  return `[cnn-doctor] ${MARK[f.severity]} ${where(f)} at step ${f.step}: ${f.message}${note ? ` ${note}` : ''}`;
}

/** One change of a known finding, as printed live. */
export function formatChangeLine(f: Finding, change: keyof typeof CHANGE_MARK): string {
  const note = f.history[f.history.length - 1]?.note ?? '';
  return `[cnn-doctor] ${CHANGE_MARK[change]} ${MARK[f.severity].trim()} ${where(f)}: ${note}`;
}

export function formatFinding(f: Finding, index: number): string {
  const lines = [`${index}. ${MARK[f.severity].trim()} ${f.code}${f.layer ? ` — layer ${f.layer}` : ''} — step ${f.step}, epoch ${f.epoch}`];
  lines.push(`   ${f.message}`);
  if (f.history?.length) lines.push(`   ${statusLine(f)}`);
  const evidence = Object.entries(f.evidence).map(([k, v]) => `${k}=${fmt(v)}`);
  if (evidence.length) lines.push(`   evidence: ${evidence.join(', ')}`);
  if (isActive(f)) {
    f.fixes.forEach((fix, i) => {
      lines.push(`   fix ${i + 1}: ${fix.title}`);
      if (fix.code) for (const codeLine of fix.code.split('\n')) lines.push(`       ${codeLine}`);
    });
  }
  return lines.join('\n');
}

/** Active findings first (most severe, then earliest), resolved ones after them. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => (f.status === 'resolved' ? -1 : severityRank(f.severity));
  return [...findings].sort((a, b) => rank(b) - rank(a) || a.step - b.step);
}

/** The tried fixes, one line each, after the findings. */
function formatPrescriptions(prescriptions: readonly Prescription[]): string[] {
  if (!prescriptions.length) return [];
  return [['Fixes tried on copies of the model (same steps, same batches, untreated copy alongside):', ...prescriptions.map((p) => `   ${describePrescription(p)}`)].join('\n')];
}

/**
 * The story first: each chapter's timeline, its cause, and the fixes tried for it. Nothing when the story
 * is empty (a healthy run, or risks no symptom has confirmed).
 */
export function formatStory(story: readonly StoryChapter[], findings: readonly Finding[], prescriptions: readonly Prescription[] = [], model?: ModelSummary): string[] {
  if (!story.length) return [];
  const chapters = story.map((chapter, i) => {
    const words = describeChapter(chapter, findings, prescriptions, model);
    const lead = story.length > 1 ? `${i + 1}. ` : '';
    const pad = ' '.repeat(lead.length);
    return [`${lead}${words.timeline}`, `${pad}${words.cause}`, ...words.tried.map((t) => `${pad}${t}`)].join('\n');
  });
  return [`The story of the run${story.length > 1 ? ` (${story.length} chains)` : ''}:\n${chapters.join('\n')}`];
}

/**
 * The console report: a head line and tally, the story of the run (when there is one), then one block per
 * finding and the fixes tried. `model` (the record's summary) lets the story name He/Glorot scales and ln C.
 */
export function formatReport(
  findings: readonly Finding[],
  summary: { model: string; steps: number; lastLoss: number },
  prescriptions: readonly Prescription[] = [],
  model?: ModelSummary,
  story: readonly StoryChapter[] = buildStory(findings),
): string {
  const counts = { error: 0, warning: 0, info: 0, resolved: 0 };
  for (const f of findings) {
    if (f.status === 'resolved') counts.resolved++;
    else counts[f.severity]++;
  }
  const head = `cnn-doctor report for "${summary.model}" after ${summary.steps} steps (last loss ${fmt(summary.lastLoss)})`;
  const extra = [counts.info ? `${counts.info} note${counts.info === 1 ? '' : 's'}` : '', counts.resolved ? `${counts.resolved} resolved` : ''].filter(Boolean).join(', ');
  const blocks = sortFindings(findings).map((f, i) => formatFinding(f, i + 1));
  const tried = formatPrescriptions(prescriptions);
  if (counts.error + counts.warning === 0) return [head, `No problems found${extra ? ` (${extra} below)` : ''}.`, ...blocks, ...tried].join('\n\n');
  const tally = `${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}${extra ? `, ${extra}` : ''}`;
  return [head, tally, ...formatStory(story, findings, prescriptions, model), ...blocks, ...tried].join('\n\n');
}
