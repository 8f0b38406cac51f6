/** A snapshot of what the doctor found: findings plus the series behind them, renderable as text or JSON. */
import { isActive, type Finding } from './findings';
import type { Prescription } from './prescriptions/prescription';
import type { RunRecord } from './record';
import { buildStory, type StoryChapter } from './story';
import { formatReport, sortFindings } from './reporters/console';
import { toRunLog, type RunLog } from './reporters/json';

export class Report {
  /** Findings: the active ones most severe first, then the resolved ones. */
  readonly findings: Finding[];

  /** What `doctor.tryFixes()` measured: one entry per fix tried on copies of the model (empty until it runs). */
  readonly prescriptions: Prescription[];

  constructor(findings: readonly Finding[], readonly record: RunRecord, prescriptions: readonly Prescription[] = []) {
    this.findings = sortFindings(findings);
    this.prescriptions = [...prescriptions];
  }

  /**
   * The story of the run: the active findings linked by cause — per chapter a root cause and the symptoms
   * it explains, in step order (see src/story.ts). Empty for a healthy run.
   */
  get story(): StoryChapter[] {
    return buildStory(this.findings);
  }

  /** True when no finding is an open or confirmed warning or error (resolved ones do not count). */
  get healthy(): boolean {
    return !this.findings.some(isActive);
  }

  /** The console report. */
  toString(): string {
    const loss = this.record.steps.loss;
    return formatReport(this.findings, { model: this.record.model.name, steps: loss.length, lastLoss: loss[loss.length - 1] ?? NaN }, this.prescriptions, this.record.model);
  }

  /**
   * The versioned JSON run log (NaN/Infinity written as null). A long run's is thinned to a bounded size
   * that keeps every spike and every step a finding names (its `thinning` says how); `record` stays whole.
   */
  toJSON(): RunLog {
    return toRunLog(this.record, this.findings, { prescriptions: this.prescriptions, story: this.story });
  }
}
