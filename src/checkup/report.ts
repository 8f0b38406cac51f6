/** The checkup's report: the layer table and the findings, as text or JSON. */
import { fmt } from '../advice';
import type { Finding } from '../findings';
import type { RunRecord } from '../record';
import { formatFinding, sortFindings } from '../reporters/console';
import { chanceLosses, latestLabelPrior } from '../checks/series';
import { formatLayerTable, type CheckupLayerRow } from './layer-table';

export const CHECKUP_FORMAT_VERSION = 1;

export interface CheckupJSON {
  format: 'cnn-doctor-checkup';
  version: typeof CHECKUP_FORMAT_VERSION;
  createdAt: string;
  findings: Finding[];
  layers: CheckupLayerRow[];
  record: RunRecord;
}

/**
 * What `checkup()` found, renderable as text: `toString()` prints the per-layer table and the findings,
 * `toJSON()` the versioned data (findings, layer rows, the record of the trial runs).
 *
 * @example
 * ```ts
 * const result = await checkup(model, { x, y, overfitBatch: true });
 * console.log(result.report().toString());
 * ```
 */
export class CheckupReport {
  readonly findings: Finding[];

  constructor(findings: readonly Finding[], readonly layers: CheckupLayerRow[], readonly record: RunRecord) {
    this.findings = sortFindings(findings);
  }

  get healthy(): boolean {
    return this.findings.every((f) => f.severity === 'info');
  }

  toString(): string {
    const { model, steps } = this.record;
    const loss = steps.loss[0];
    const chance = model.numClasses ? Math.min(...chanceLosses(model.numClasses, latestLabelPrior(this.record))) : NaN;
    const labels = this.record.checkup?.labels;
    const head = `cnn-doctor checkup of "${model.name}"${labels ? ` on ${labels.samples} samples` : ''}: loss at initialisation ${fmt(loss)}${Number.isFinite(chance) ? ` (chance level ${fmt(chance)})` : ''}`;
    const trials: string[] = [];
    const c = this.record.checkup;
    const last = (l: number[]) => l[l.length - 1];
    if (c?.overfit) trials.push(`overfit ${c.overfit.samples} samples: loss ${fmt(c.overfit.losses[0])} → ${fmt(last(c.overfit.losses))} in ${c.overfit.steps} steps`);
    if (c?.baseline) trials.push(`baseline (${c.baseline.real.samples} samples, ${c.baseline.real.steps} steps): real inputs ${fmt(last(c.baseline.real.losses))}, zeroed inputs ${fmt(last(c.baseline.zeroed.losses))}`);
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of this.findings) counts[f.severity]++;
    const verdict =
      counts.error + counts.warning === 0
        ? 'No problems found.'
        : `${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}${counts.info ? `, ${counts.info} note${counts.info === 1 ? '' : 's'}` : ''}`;
    return [head, formatLayerTable(this.layers), ...(trials.length ? [trials.join('\n')] : []), verdict, ...this.findings.map((f, i) => formatFinding(f, i + 1))].join('\n\n');
  }

  /**
   * A deep copy as plain data, like `Report.toJSON()`: missing measurements stay NaN (the type says
   * number), and `JSON.stringify` writes NaN and ±Infinity as null.
   */
  toJSON(): CheckupJSON {
    return structuredClone({ format: 'cnn-doctor-checkup', version: CHECKUP_FORMAT_VERSION, createdAt: new Date().toISOString(), findings: this.findings, layers: this.layers, record: this.record });
  }
}
