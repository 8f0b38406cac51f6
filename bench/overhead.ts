/**
 * npm run bench:overhead — what the doctor costs at its defaults.
 *
 * For a small MLP and a small CNN, times the same `fit` (same initial weights, same data, same
 * number of steps) with and without `diagnose(model)` attached, interleaved in one process so both
 * see the same machine state, and reports the median ratio. Target: ≤ 1.05.
 *
 * It also measures what one probe costs (a fit that probes every step, minus the plain fit), which
 * predicts the overhead of any schedule: probes × cost ÷ fit time.
 *
 *   npm run bench:overhead [-- --backend wasm|cpu|auto] [--repeats 5] [--steps 256]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { diagnose } from '../src';
import { setupBackend } from '../src/backend';
import { bars, blobs } from '../test/helpers/data';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

interface Case {
  name: string;
  build: () => tfl.LayersModel;
  x: tf.Tensor;
  y: tf.Tensor;
}

function mlp(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 256, activation: 'relu', inputShape: [32], kernelInitializer: tfl.initializers.heNormal({ seed: 1 }) }),
      tfl.layers.dense({ units: 256, activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed: 2 }) }),
      tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function cnn(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [16, 16, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed: 1 }) }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed: 2 }) }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 64, activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed: 3 }) }),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

async function timeFit(c: Case, withDoctor: boolean, steps: number, batchSize: number, probeEvery?: number): Promise<number> {
  const model = c.build();
  const doctor = withDoctor ? diagnose(model, { log: false, ...(probeEvery ? { probeEvery } : {}) }) : null;
  const epochs = Math.ceil((steps * batchSize) / c.x.shape[0]);
  const started = performance.now();
  await model.fit(c.x, c.y, { epochs, batchSize, shuffle: false, callbacks: doctor ? [doctor] : [], verbose: 0 });
  const ms = performance.now() - started;
  doctor?.detach();
  model.optimizer.dispose();
  model.dispose();
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function main(): Promise<void> {
  const backend = await setupBackend(arg('backend', 'auto') as 'auto');
  const repeats = Number(arg('repeats', '5'));
  const steps = Number(arg('steps', '256'));
  const batchSize = 64;
  console.log(`backend: ${backend.name} — ${backend.reason}`);
  console.log(`${steps} steps of batch ${batchSize} per fit, ${repeats} interleaved repeats, doctor at defaults\n`);

  const b = blobs(steps * batchSize >= 4096 ? 4096 : steps * batchSize, 10, 32, 1);
  const im = bars(4096, 16);
  const cases: Case[] = [
    { name: 'MLP 32-256-256-10', build: mlp, x: b.x, y: b.y },
    { name: 'CNN conv16-conv32-fc64 (16×16)', build: cnn, x: im.x, y: im.y },
  ];

  const rows: { model: string; withoutMs: number; withMs: number; ratio: number; ratios: number[]; probeMs: number; probeInSteps: number }[] = [];
  for (const c of cases) {
    await timeFit(c, false, 8, batchSize); // warm-up: kernels, memory pools
    await timeFit(c, true, 8, batchSize);
    const without: number[] = [];
    const withDoc: number[] = [];
    for (let r = 0; r < repeats; r++) {
      // Alternate the order so drift in machine load falls on both sides.
      if (r % 2 === 0) {
        without.push(await timeFit(c, false, steps, batchSize));
        withDoc.push(await timeFit(c, true, steps, batchSize));
      } else {
        withDoc.push(await timeFit(c, true, steps, batchSize));
        without.push(await timeFit(c, false, steps, batchSize));
      }
    }
    const ratios = withDoc.map((w, i) => w / without[i]);
    // The cost of one probe, amplified: probe every step, compare with the plain fit.
    const everyStep: number[] = [];
    for (let r = 0; r < repeats; r++) everyStep.push(await timeFit(c, true, steps, batchSize, 1));
    const probeMs = (median(everyStep) - median(without)) / steps;
    const stepMs = median(without) / steps;
    rows.push({ model: c.name, withoutMs: median(without), withMs: median(withDoc), ratio: median(ratios), ratios, probeMs, probeInSteps: probeMs / stepMs });
  }

  const table = [
    ['model', 'fit without (ms)', 'fit with doctor (ms)', 'ratio (median)', 'target', 'one probe (ms)', 'one probe (steps)'],
    ...rows.map((r) => [
      r.model, r.withoutMs.toFixed(0), r.withMs.toFixed(0), r.ratio.toFixed(3), r.ratio <= 1.05 ? '≤ 1.05 ✓' : '≤ 1.05 ✗',
      r.probeMs.toFixed(2), r.probeInSteps.toFixed(2),
    ]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const row of table) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));

  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'overhead.json');
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), backend: backend.name, steps, batchSize, repeats, rows }, null, 2));
  console.log(`\nwrote ${file}`);
  tf.dispose([b.x, b.y, im.x, im.y]);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
