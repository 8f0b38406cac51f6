/**
 * Shows a report on @tensorflow/tfjs-vis surfaces in the browser: loss against the chance level, the
 * findings table, dead ReLU units per layer and gradient norms per layer. tfjs-vis is passed in, never
 * imported: it is browser-only (it cannot even load in Node) and the core must not depend on it.
 */
import type { RunLog } from './json';

type Point = { x: number; y: number };
type Container = unknown;

/** The parts of `@tensorflow/tfjs-vis` used here; pass the module itself (`import * as tfvis from '@tensorflow/tfjs-vis'`). */
export interface TfvisLike {
  visor(): { surface(options: { name: string; tab?: string }): { drawArea: Container } };
  render: {
    linechart(container: Container, data: { values: Point[][]; series: string[] }, options?: Record<string, unknown>): unknown;
    table(container: Container, data: { headers: string[]; values: (string | number)[][] }, options?: Record<string, unknown>): unknown;
    heatmap(container: Container, data: { values: number[][]; xTickLabels?: string[]; yTickLabels?: string[] }, options?: Record<string, unknown>): unknown;
  };
}

/**
 * Draw (or redraw) the doctor's view of a run on tfjs-vis surfaces.
 *
 * @example
 * ```ts
 * import * as tfvis from '@tensorflow/tfjs-vis';
 * const doctor = diagnose(model, { onFinding: () => showInTfvis(doctor.report(), tfvis) });
 * ```
 */
export async function showInTfvis(report: { toJSON(): RunLog } | RunLog, tfvis: TfvisLike, options: { tab?: string } = {}): Promise<void> {
  const log = 'toJSON' in report ? report.toJSON() : report;
  const tab = options.tab ?? 'cnn-doctor';
  const surface = (name: string) => tfvis.visor().surface({ name, tab }).drawArea;
  const { steps, probes, model } = log.record;

  const loss = steps.step.map((x, i) => ({ x, y: steps.loss[i] })).filter((p) => Number.isFinite(p.y));
  const series: Point[][] = [loss];
  const names = ['training loss'];
  if ((model.task === 'multiclass' || model.task === 'binary') && model.numClasses && loss.length) {
    const chance = Math.log(model.numClasses);
    series.push([{ x: loss[0].x, y: chance }, { x: loss[loss.length - 1].x, y: chance }]);
    names.push(`chance ln ${model.numClasses}`);
  }
  await tfvis.render.linechart(surface('Loss vs chance'), { values: series, series: names }, { xLabel: 'step', yLabel: 'loss' });

  await tfvis.render.table(surface('Findings'), {
    headers: ['severity', 'code', 'layer', 'step', 'message'],
    values: log.findings.map((f) => [f.severity, f.code, f.layer ?? '', f.step, f.message]),
  });

  const relu = model.layers.filter((l) => l.isRelu).map((l) => l.name);
  const probed = probes.filter((p) => relu.some((name) => p.layers[name]?.activation));
  if (probed.length) {
    await tfvis.render.heatmap(
      surface('Dead ReLU units'),
      {
        values: probed.map((p) => relu.map((name) => p.layers[name]?.activation?.deadUnitFraction ?? 0)),
        xTickLabels: probed.map((p) => String(p.step)),
        yTickLabels: relu,
      },
      { xLabel: 'probe step', yLabel: 'layer', domain: [0, 1] },
    );
  }

  const weighted = model.layers.filter((l) => l.trainableWeights.length).map((l) => l.name);
  const gradients = weighted.map((name) =>
    probes.flatMap((p) => (Number.isFinite(p.layers[name]?.gradNorm) ? [{ x: p.step, y: p.layers[name].gradNorm as number }] : [])),
  );
  if (gradients.some((s) => s.length)) {
    await tfvis.render.linechart(surface('Gradient norm per layer'), { values: gradients, series: weighted }, { xLabel: 'step', yLabel: '‖g‖' });
  }
}
