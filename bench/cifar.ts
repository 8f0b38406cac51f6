/**
 * npm run bench:cifar — the worked example on full CIFAR-10, measured.
 *
 *  1. seed CNN: steps until its first error finding, and the step each code first appeared;
 *  2. fixed CNN (trained with flips and shifts, examples/cifar10/augment.ts): test accuracy after each epoch,
 *     wall time per epoch, and whether the doctor stayed silent;
 *  3. `cnn-doctor example --model both --steps 300` (the README's command, default data): wall time.
 *
 *   npm run bench:cifar [-- --data ../shared/data/cifar-10-binary.tar.gz] [--seed-steps 800] [--epochs 15]
 *                       [--width 16] [--skip seed,fixed,example]
 * Targets: seed diagnosed with the right codes within 300 steps; fixed ≥ 75% test accuracy with no warning or error;
 * the example under 3 minutes.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { augmentedBatches } from '../examples/cifar10/augment';
import { CosineDecay, fixedModel, seedModel } from '../examples/cifar10/models';
import { diagnose, type Finding } from '../src';
import { setupBackend } from '../src/backend';
import { runExample } from '../src/cli/example';
import { loadCifar10, oneHot } from '../src/data';
import { readLogs } from '../src/probes/scalars';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const skip = new Set(arg('skip', '').split(',').filter(Boolean));
const log = (line: string) => console.log(line);

class StepLimit extends tfl.Callback {
  steps = 0;
  constructor(private readonly max: number, private readonly every = 100, private readonly started = Date.now()) {
    super();
  }
  override async onBatchEnd(): Promise<void> {
    this.steps++;
    if (this.steps % this.every === 0) log(`  step ${this.steps}  ${((Date.now() - this.started) / this.steps).toFixed(0)} ms/step`);
    if (this.steps >= this.max) this.model.stopTraining = true;
  }
}

function accuracy(model: tfl.LayersModel, x: tf.Tensor4D, y: tf.Tensor1D): number {
  let correct = 0;
  for (let s = 0; s < x.shape[0]; s += 500) {
    const n = Math.min(500, x.shape[0] - s);
    const hits = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(model.predict(tf.slice(x, s, n)) as tf.Tensor, 1), tf.slice(y, s, n)), 'int32')));
    correct += hits.dataSync()[0];
    hits.dispose();
  }
  return correct / x.shape[0];
}

const firstSteps = (findings: Finding[]) =>
  Object.fromEntries(findings.filter((f) => f.severity !== 'info').map((f) => [`${f.code}${f.layer ? `@${f.layer}` : ''}`, { step: f.step, severity: f.severity }]));

async function main(): Promise<void> {
  const backend = await setupBackend(arg('backend', 'auto') as 'auto');
  log(`backend: ${backend.name} — ${backend.reason}`);
  const source = resolve(arg('data', join(__dirname, '../../shared/data/cifar-10-binary.tar.gz')));
  const results: Record<string, unknown> = { date: new Date().toISOString(), backend: backend.name, source };

  const data = await loadCifar10({ source, fallbackToSubset: false });
  const yTrain = oneHot(data.train.y, 10);
  log(`data: ${data.train.x.shape[0]} train / ${data.test.x.shape[0]} test images`);

  if (!skip.has('seed')) {
    const maxSteps = Number(arg('seed-steps', '800'));
    log(`\n━━ seed model, up to ${maxSteps} steps`);
    const model = seedModel({ seed: 1 });
    const doctor = diagnose(model, { log });
    const limit = new StepLimit(maxSteps);
    const started = Date.now();
    await model.fit(data.train.x, yTrain, { epochs: 100, batchSize: 64, callbacks: [doctor, limit], verbose: 0 });
    const report = doctor.report();
    const firstError = report.findings.filter((f) => f.severity === 'error').reduce((m, f) => Math.min(m, f.step), Infinity);
    const loss = report.record.steps.loss;
    results.seed = {
      steps: limit.steps,
      msPerStep: (Date.now() - started) / limit.steps,
      firstErrorStep: Number.isFinite(firstError) ? firstError : null,
      findings: firstSteps(report.findings),
      lossAtStep1: loss[0],
      medianLossLast100: [...loss.slice(-100)].sort((a, b) => a - b)[50],
      testAccuracy: accuracy(model, data.test.x, data.test.y),
    };
    doctor.detach();
    model.dispose();
    log(JSON.stringify(results.seed, null, 1));
  }

  if (!skip.has('fixed')) {
    const epochs = Number(arg('epochs', '15'));
    const width = Number(arg('width', '16'));
    log(`\n━━ fixed model (width ${width}), ${epochs} epochs`);
    const model = fixedModel({ seed: 1, width });
    const doctor = diagnose(model, { log });
    const { dataset, batchesPerEpoch: stepsPerEpoch } = augmentedBatches(data.train.x, yTrain as tf.Tensor2D, 64);
    const perEpoch: { epoch: number; seconds: number; testAccuracy: number; loss: number }[] = [];
    let epochStart = Date.now();
    class EpochEval extends tfl.Callback {
      override async onEpochBegin(): Promise<void> {
        epochStart = Date.now();
      }
      override async onEpochEnd(epoch: number, logs?: tfl.Logs): Promise<void> {
        const seconds = (Date.now() - epochStart) / 1000;
        const testAccuracy = accuracy(this.model, data.test.x, data.test.y);
        const loss = readLogs(logs as Record<string, unknown>).loss; // epoch logs may hold tensors
        perEpoch.push({ epoch: epoch + 1, seconds, testAccuracy, loss });
        log(`  epoch ${epoch + 1}: ${seconds.toFixed(0)} s, loss ${loss.toFixed(4)}, test accuracy ${(testAccuracy * 100).toFixed(2)}%`);
      }
    }
    await model.fitDataset(dataset as never, {
      epochs,
      callbacks: [doctor, new CosineDecay(1e-3, epochs * stepsPerEpoch), new EpochEval(), new StepLimit(Infinity, 200)],
      verbose: 0,
    });
    const report = doctor.report();
    results.fixed = {
      width,
      epochs,
      perEpoch,
      secondsPerEpoch: perEpoch.reduce((s, e) => s + e.seconds, 0) / perEpoch.length,
      testAccuracy: perEpoch[perEpoch.length - 1]?.testAccuracy,
      warningsOrErrors: report.findings.filter((f) => f.severity !== 'info').map((f) => `${f.code}:${f.severity}`),
    };
    doctor.detach();
    model.dispose();
  }
  tf.dispose([yTrain, data.train, data.test]);

  if (!skip.has('example')) {
    log('\n━━ cnn-doctor example --model both --steps 300 (default data)');
    const started = Date.now();
    await runExample(
      { model: 'both', steps: 300, batch: 64, backend: 'auto', seed: 1, quiet: true },
      { write: () => undefined, tty: false, quiet: true },
    );
    results.example = { command: 'cnn-doctor example --model both --steps 300', seconds: (Date.now() - started) / 1000 };
  }

  log('\n' + JSON.stringify(results, null, 1));
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  // Sections skipped with --skip keep their last measured values.
  const file = join(dir, 'cifar.json');
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, JSON.stringify({ ...previous, ...results }, null, 2));
  log(`wrote ${join(dir, 'cifar.json')}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
