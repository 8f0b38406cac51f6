/** showInTfvis feeds tfjs-vis surfaces; tfjs-vis is browser-only, so a recording stand-in plays its part. */
import * as tfl from '@tensorflow/tfjs-layers';
import { diagnose, showInTfvis, type TfvisLike } from '../../src';
import { blobs } from '../helpers/data';
import { mlp } from '../helpers/models';

function recordingTfvis() {
  const calls: { kind: string; surface: string; data: Record<string, unknown> }[] = [];
  const tfvis: TfvisLike = {
    visor: () => ({ surface: ({ name }) => ({ drawArea: name }) }),
    render: {
      linechart: (c, data) => void calls.push({ kind: 'linechart', surface: String(c), data }),
      table: (c, data) => void calls.push({ kind: 'table', surface: String(c), data }),
      heatmap: (c, data) => void calls.push({ kind: 'heatmap', surface: String(c), data }),
    },
  };
  return { tfvis, calls };
}

it('draws loss against chance, findings, dead units and gradient norms', async () => {
  const data = blobs(320, 3, 8, 4, 1.5);
  const model = mlp({ biasInitializer: tfl.initializers.constant({ value: -5 }) });
  const doctor = diagnose(model, { log: false });
  await model.fit(data.x, data.y, { epochs: 12, batchSize: 32, callbacks: [doctor], verbose: 0 });
  const { tfvis, calls } = recordingTfvis();
  await showInTfvis(doctor.report(), tfvis);
  expect(calls.map((c) => c.surface)).toEqual(['Loss vs chance', 'Findings', 'Dead ReLU units', 'Gradient norm per layer']);
  const loss = calls[0].data as { values: { x: number; y: number }[][]; series: string[] };
  expect(loss.series).toEqual(['training loss', 'chance ln 3']);
  expect(loss.values[0]).toHaveLength(120);
  expect(loss.values[1][0].y).toBeCloseTo(Math.log(3));
  const table = calls[1].data as { values: string[][] };
  expect(table.values.map((row) => row[1])).toEqual(expect.arrayContaining(['dead_relu', 'chance_plateau']));
  const heat = calls[2].data as { values: number[][]; yTickLabels: string[] };
  expect(heat.yTickLabels).toEqual(['hidden1', 'hidden2']);
  expect(heat.values[heat.values.length - 1][1]).toBe(1); // hidden2 fully dead
  doctor.detach();
});
