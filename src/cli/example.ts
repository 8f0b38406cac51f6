/**
 * `cnn-doctor example`: the worked example. Trains the story's broken CIFAR-10 CNN and the fixed
 * reference CNN with the doctor attached, prints findings as they appear, each model's diagnosis and
 * a side-by-side summary; optionally writes the run logs (--json) and an HTML report (--html).
 */
import { promises as fs } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CosineDecay, fixedModel, NUM_CLASSES, seedModel } from '../../examples/cifar10/models';
import { setupBackend } from '../backend';
import { diagnose } from '../callback';
import { checkup } from '../checkup/checkup';
import type { Finding } from '../findings';
import { formatFindingLine } from '../reporters/console';
import { createProgressBar, loadCifar10, oneHot, type Cifar10Dataset } from '../data';
import { FALLBACK_HINT } from '../data/load-cifar10';
import type { RunLog } from '../reporters/json';
import { CnnDoctorError } from '../errors';
import { renderHtml } from '../reporters/html';
import type { ExampleArgs } from './args';
import { TrainingProgress } from './training-progress';
import { mulberry32 } from '../util';

export interface ExampleRun extends RunLog {
  model: 'seed' | 'fixed';
  /** What checkup() found before the first step. */
  checkup: Finding[];
  testAccuracy: number;
  wallSeconds: number;
  steps: number;
  /** Wall time of doctor.tryFixes() (--try-fixes, when the model had error findings). */
  fixSeconds?: number;
}

const DEFAULT_TRY_FIXES_STEPS = 300;
const DEFAULT_TRY_FIXES_SECONDS = 60;

const DESCRIPTIONS = {
  seed: 'the network from the story: conv-pool-conv-pool-dense 384-dense 192-logits, dense kernels truncated-normal stddev 1.0, biases 0.1, raw 0–255 pixels, Adam 1e-3, softmax cross-entropy on logits',
  fixed: "the reference CNN with cnn-doctor's fixes: input scaled in the model, He init, batch norm after every conv, dropout, Adam 1e-3 with cosine decay",
} as const;

type Out = { write: (s: string) => void; tty: boolean; quiet: boolean };

export async function runExample(args: ExampleArgs, out: Out): Promise<ExampleRun[]> {
  const say = (line = '') => out.write(`${line}\n`);
  const chatty = (line = '') => !out.quiet && say(line);

  // Output paths first: a run of minutes must not end in "cannot write".
  for (const file of [args.json, args.html]) if (file) await assertWritable(file);

  const backend = await setupBackend(args.backend);
  chatty(`backend: ${backend.name} — ${backend.reason}`);

  const data = await loadCifar10({
    source: args.data,
    limit: args.limit === undefined ? undefined : { train: args.limit },
    onProgress: out.quiet ? undefined : createProgressBar(),
    // The loader's notice speaks to library users; on the command line the way to real data is --data.
    onNotice: (notice) => chatty(`data: ${notice.replace(/^cnn-doctor: /, '').replace(FALLBACK_HINT, 'pass --data cifar-10-binary.tar.gz (or set CNN_DOCTOR_CIFAR10) for the full data set')}`),
  });
  chatty(`data: ${data.train.x.shape[0]} training and ${data.test.x.shape[0]} test images from ${data.source}`);

  const runs: ExampleRun[] = [];
  const models = args.model === 'both' ? (['seed', 'fixed'] as const) : ([args.model] as const);
  const yTrain = oneHot(data.train.y, NUM_CLASSES);
  try {
    for (const which of models) runs.push(await trainOne(which, data, yTrain, args, out));
  } finally {
    tf.dispose([yTrain, data.train, data.test]);
  }

  if (runs.length > 1) {
    say('');
    say('━━ summary');
    say(summaryTable(runs));
  }
  if (args.json) {
    await writeAtomically(args.json, JSON.stringify({ runs }, null, 1));
    chatty(`\nwrote ${args.json}`);
  }
  if (args.html) {
    await writeAtomically(args.html, renderHtml(runs, { title: 'cnn-doctor worked example: CIFAR-10', runLabels: runs.map((r) => r.model) }));
    chatty(`wrote ${args.html}`);
  }
  return runs;
}

async function trainOne(which: 'seed' | 'fixed', data: Cifar10Dataset, yTrain: tf.Tensor, args: ExampleArgs, out: Out): Promise<ExampleRun> {
  const say = (line = '') => out.write(`${line}\n`);
  if (!out.quiet) {
    say('');
    say(`━━ ${which} model — ${DESCRIPTIONS[which]}`);
  }
  const model = which === 'seed' ? seedModel({ seed: args.seed }) : fixedModel({ seed: args.seed });
  const n = data.train.x.shape[0];
  const stepsPerEpoch = Math.ceil(n / args.batch);
  const epochs = args.epochs ?? Math.ceil((args.steps ?? 300) / stepsPerEpoch);
  const maxSteps = args.steps;
  const totalSteps = Math.min(maxSteps ?? Infinity, stepsPerEpoch * epochs);

  // Before training: the checks a careful engineer runs first (loss at init, input scale, init scale).
  const sample = Math.min(256, n);
  const pre = await tf.tidy(() => ({ x: tf.slice(data.train.x, 0, sample), y: tf.slice(yTrain, 0, sample) }));
  const before = await checkup(model, pre);
  tf.dispose([pre.x, pre.y]);
  if (!out.quiet) {
    say(`checkup() before training, on ${sample} images:${before.findings.length ? '' : ' no problems found'}`);
    for (const f of before.findings) say(formatFindingLine(f).replace('[cnn-doctor]', '  [checkup]'));
    say('training with diagnose() attached:');
  }

  const doctor = diagnose(model, { log: out.quiet ? false : (line) => say(out.tty ? `\r\x1b[K${line}` : line) });
  const progress = new TrainingProgress({ stepsPerEpoch, epochs, maxSteps, write: out.quiet ? () => undefined : out.write, tty: out.tty });
  // Class callbacks first: tfjs then hands every entry its model (the doctor works in either position).
  const callbacks = [progress, ...(which === 'fixed' ? [new CosineDecay(1e-3, totalSteps)] : []), doctor];

  const started = Date.now();
  // --seed covers the whole run: fit's shuffling and dropout masks draw from Math.random, so it is seeded too.
  const realRandom = Math.random;
  Math.random = mulberry32(args.seed * 7919 + (which === 'seed' ? 1 : 2));
  try {
    await model.fit(data.train.x, yTrain, { epochs, batchSize: args.batch, shuffle: true, callbacks, verbose: 0 });
  } finally {
    Math.random = realRandom;
  }
  const wallSeconds = (Date.now() - started) / 1000;

  // The fixes of the error findings, tried on copies of the model over the same training data (seeded too:
  // a re-initialisation draws new weights). The doctor prints one line per fix; the report ends with them.
  let fixSeconds = 0;
  if (args.tryFixes && doctor.report().findings.some((f) => f.severity === 'error' && f.status !== 'resolved')) {
    if (!out.quiet) say(`\ntrying the fixes of the error findings on copies of the model (doctor.tryFixes: ${DEFAULT_TRY_FIXES_STEPS} steps per copy, at most ${DEFAULT_TRY_FIXES_SECONDS} s of training):`);
    const fixStarted = Date.now();
    Math.random = mulberry32(args.seed * 7919 + (which === 'seed' ? 3 : 4));
    try {
      await doctor.tryFixes({ x: data.train.x, y: yTrain });
    } finally {
      Math.random = realRandom;
    }
    fixSeconds = (Date.now() - fixStarted) / 1000;
  }
  doctor.detach();

  const testAccuracy = accuracy(model, data.test.x, data.test.y);
  const report = doctor.report();
  if (!out.quiet) say('');
  say(report.toString());
  say(`test accuracy: ${(testAccuracy * 100).toFixed(1)}% on ${data.test.x.shape[0]} images (chance: 10%); ${progress.steps} steps in ${wallSeconds.toFixed(0)} s${fixSeconds ? `; fixes tried in ${fixSeconds.toFixed(0)} s` : ''}`);
  const run: ExampleRun = { model: which, checkup: before.findings, testAccuracy, wallSeconds, steps: progress.steps, ...(fixSeconds ? { fixSeconds } : {}), ...report.toJSON() };
  model.dispose();
  return run;
}

/** Top-1 accuracy, predicted in slices so the whole test set never sits in one activation tensor. */
function accuracy(model: tfl.LayersModel, x: tf.Tensor4D, labels: tf.Tensor1D): number {
  const n = x.shape[0];
  let correct = 0;
  for (let start = 0; start < n; start += 500) {
    const size = Math.min(500, n - start);
    const hits = tf.tidy(() => {
      const logits = model.predict(tf.slice(x, start, size)) as tf.Tensor;
      return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.slice(labels, start, size)), 'int32'));
    });
    correct += hits.dataSync()[0];
    hits.dispose();
  }
  return n ? correct / n : NaN;
}

function summaryTable(runs: ExampleRun[]): string {
  const rows = [['model', 'steps', 'last loss', 'test acc', 'errors', 'warnings', 'findings']];
  for (const r of runs) {
    const loss = r.record.steps.loss;
    const last = loss[loss.length - 1];
    const problems = r.findings.filter((f) => f.severity !== 'info');
    rows.push([
      r.model,
      String(r.steps),
      last === null || last === undefined ? 'NaN' : Number(last).toPrecision(4),
      `${(r.testAccuracy * 100).toFixed(1)}%`,
      String(problems.filter((f) => f.severity === 'error').length),
      String(problems.filter((f) => f.severity === 'warning').length),
      problems.map((f) => f.code + (f.layer ? `(${f.layer})` : '')).join(', ') || '—',
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n');
}

/** Fails before any training when `file` cannot be written (missing folder, no permission, a folder). */
async function assertWritable(file: string): Promise<void> {
  const probe = `${file}.${process.pid}.check`;
  try {
    await fs.writeFile(probe, '');
    await fs.rm(probe, { force: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (code ?? (e as Error).message);
    throw new CnnDoctorError('invalid_options', `cannot write ${file}: ${why}.`, 'pass a path in a folder that exists and you can write to');
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, text);
  await fs.rename(tmp, file);
}
