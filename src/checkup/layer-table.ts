/** The per-layer table of a checkup: what each layer looks like at initialisation, as plain rows. */
import { fmt } from '../advice';
import type { Finding } from '../findings';
import type { RunRecord } from '../record';
import { kernelScale } from '../model-info';

export interface CheckupLayerRow {
  name: string;
  className: string;
  activation?: string;
  outputShape: string;
  params: number;
  /** Kernel std at initialisation (Dense/Conv). */
  kernelStd?: number;
  /** He std for ReLU layers, Glorot otherwise. */
  expectedStd?: number;
  /** kernelStd / expectedStd: 1 is textbook; bad_init flags kernels outside the band of `kernelScale` (model-info.ts). */
  initScale?: number;
  activationMean?: number;
  activationStd?: number;
  /** Fraction of outputs ≤ 0 on the probe batch. */
  zeroFraction?: number;
  /** Fraction of units never > 0 on the probe batch. */
  deadUnitFraction?: number;
  dropoutRate?: number;
  /** Codes of the findings that name this layer. */
  findings: string[];
}

export function layerTable(record: RunRecord, findings: readonly Finding[]): CheckupLayerRow[] {
  const probe = record.probes.find((p) => p.beforeFirstUpdate);
  return record.model.layers.map((l) => {
    const act = probe?.layers[l.name]?.activation;
    const scale = kernelScale(l);
    return {
      name: l.name,
      className: l.className,
      activation: l.activation,
      outputShape: l.outputShape ? `[${l.outputShape.map((d) => d ?? 'batch').join(', ')}]` : '?',
      params: l.params,
      kernelStd: l.kernel?.std,
      expectedStd: scale?.expected,
      initScale: scale?.ratio,
      activationMean: act?.mean,
      activationStd: act?.std,
      zeroFraction: act?.zeroFraction,
      deadUnitFraction: act?.deadUnitFraction,
      dropoutRate: l.rate,
      findings: findings.filter((f) => f.layer === l.name).map((f) => f.code),
    };
  });
}

/** The table as fixed-width text. */
export function formatLayerTable(rows: readonly CheckupLayerRow[]): string {
  const header = ['layer', 'type', 'activation', 'output', 'params', 'w std (×expected)', 'act std', 'zeros', 'dead', 'findings'];
  const cell = (x: number | undefined) => (x === undefined ? '' : fmt(x));
  const pct = (x: number | undefined) => (x === undefined ? '' : `${Math.round(x * 100)}%`);
  const body = rows.map((r) => [
    r.name,
    r.className,
    r.dropoutRate !== undefined ? `rate ${fmt(r.dropoutRate)}` : r.activation ?? '',
    r.outputShape,
    String(r.params),
    r.kernelStd !== undefined ? `${cell(r.kernelStd)} (${cell(r.initScale)}×)` : '',
    cell(r.activationStd),
    pct(r.zeroFraction),
    pct(r.deadUnitFraction),
    r.findings.join(', '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
