/** A snapshot of what the doctor found: findings plus the series behind them, renderable as text or JSON. */
import type { Finding } from './findings';
import type { RunRecord } from './record';
import { formatReport, sortFindings } from './reporters/console';
import { toRunLog, type RunLog } from './reporters/json';

export class Report {
  /** Findings, most severe first. */
  readonly findings: Finding[];

  constructor(findings: readonly Finding[], readonly record: RunRecord) {
    this.findings = sortFindings(findings);
  }

  /** True when no finding is a warning or an error. */
  get healthy(): boolean {
    return this.findings.every((f) => f.severity === 'info');
  }

  /** The console report. */
  toString(): string {
    const loss = this.record.steps.loss;
    return formatReport(this.findings, { model: this.record.model.name, steps: loss.length, lastLoss: loss[loss.length - 1] ?? NaN });
  }

  /** The versioned JSON run log (NaN/Infinity written as null). */
  toJSON(): RunLog {
    return toRunLog(this.record, this.findings);
  }
}
