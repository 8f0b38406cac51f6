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
 * The long-run row trains a tiny MLP (8-32-32-3, batch 32, 256 samples: 8 steps per epoch) for up to
 * 50,000 steps or `--long-seconds` of training, whichever comes first, and reports whether the doctor's
 * per-step cost stays flat (its checks, timed inside the doctor, and the wall time of a step, over the
 * first and the last 1,000 steps), and what the run log and the HTML report weigh: thinned as
 * `report.toJSON()` writes them, and unthinned (every step and probe) for comparison.
 *
 *   npm run bench:overhead [-- --backend wasm|cpu|auto] [--repeats 5] [--steps 256]
 *                          [--long-steps 50000] [--long-seconds 120] (--long-steps 0 skips the long run;
 *                          --only long runs it alone and replaces its row in results/overhead.json)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { diagnose, renderHtml } from '../src';
import { setupBackend } from '../src/backend';
import { CHECKS, type Check } from '../src/checks';
import { DoctorEngine } from '../src/doctor';
import type { RunRecord } from '../src/record';
import { toRunLog } from '../src/reporters/json';
import { bars, blobs } from '../test/helpers/data';
import { mlp as tinyMlp } from '../test/helpers/models';

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

interface LongRun {
  model: string;
  steps: number;
  seconds: number;
  /** Median over the window of steps [from, to): the checks of one step (µs) and the wall time of one step (ms). */
  windows: { from: number; to: number; checksUs: number; checksMeanUs: number; stepMs: number }[];
  /** Late ÷ early median check cost: ~1 when the per-step cost is flat. */
  checksLateOverEarly: number;
  /** Each check's median cost (µs) over the first and the last window. */
  byCheck: { code: string; earlyUs: number; lateUs: number }[];
  logBytes: { thinned: number; unthinned: number };
  htmlBytes: { thinned: number; unthinned: number };
  kept: { steps: number; probes: number; epochs: number };
  recorded: { steps: number; probes: number; epochs: number };
  serialiseMs: { thinned: number; unthinned: number };
}

/**
 * Times the doctor's checks from inside: DoctorEngine.runChecks (every check and the finding ledger, run
 * once per step and once per epoch end) and each check's `run` are wrapped for this process. Keyed by the
 * number of steps recorded, first call only, so an epoch end's round does not count as a step.
 */
function timeChecks(): { perStep: Map<number, number>; byCheck: Map<string, Map<number, number>>; restore: () => void } {
  type Engine = { record: RunRecord | null };
  const proto = DoctorEngine.prototype as unknown as { runChecks?: (this: Engine) => void };
  const original = proto.runChecks;
  if (typeof original !== 'function') throw new Error('bench: DoctorEngine.runChecks not found (renamed?): update timeChecks()');
  const first = (times: Map<number, number>, n: number, ms: number) => times.has(n) || times.set(n, ms);
  const perStep = new Map<number, number>();
  proto.runChecks = function (this: Engine) {
    const started = performance.now();
    original.call(this);
    first(perStep, this.record?.steps.step.length ?? 0, performance.now() - started);
  };
  const byCheck = new Map<string, Map<number, number>>();
  const runs = CHECKS.map((check) => {
    const run = check.run;
    const times = new Map<number, number>();
    byCheck.set(check.code, times);
    (check as { run: Check['run'] }).run = (record, context) => {
      const started = performance.now();
      const drafts = run.call(check, record, context);
      first(times, record.steps.step.length, performance.now() - started);
      return drafts;
    };
    return run;
  });
  const restore = () => {
    proto.runChecks = original;
    CHECKS.forEach((check, i) => ((check as { run: Check['run'] }).run = runs[i]));
  };
  return { perStep, byCheck, restore };
}

async function longRun(maxSteps: number, maxSeconds: number): Promise<LongRun> {
  const data = blobs(256, 3, 8, 11, 1.5);
  const model = tinyMlp();
  const timer = timeChecks();
  const doctor = diagnose(model, { log: false });
  const stepEnds: number[] = [];
  const started = performance.now();
  const budget = { onBatchEnd: async () => {
    stepEnds.push(performance.now());
    if (stepEnds.length >= maxSteps || performance.now() - started > maxSeconds * 1000) model.stopTraining = true;
  } };
  await model.fit(data.x, data.y, { epochs: Math.ceil(maxSteps / 8), batchSize: 32, shuffle: true, callbacks: [doctor, budget], verbose: 0 });
  const seconds = (performance.now() - started) / 1000;
  timer.restore();
  const report = doctor.report();
  doctor.detach();
  const n = report.record.steps.step.length;
  const inWindow = (times: Map<number, number>, from: number, to: number) => Array.from({ length: to - from }, (_, i) => times.get(from + i + 1) ?? NaN).filter(Number.isFinite);
  const window = (from: number, to: number) => {
    const checks = inWindow(timer.perStep, from, to);
    const walls = Array.from({ length: to - from - 1 }, (_, i) => stepEnds[from + i + 1] - stepEnds[from + i]);
    return { from, to, checksUs: median(checks) * 1000, checksMeanUs: (checks.reduce((a, b) => a + b, 0) / checks.length) * 1000, stepMs: median(walls) };
  };
  const span = Math.min(1000, Math.floor(n / 3));
  // The first `span` steps after a short warm-up (JIT, memory pools), one in the middle, and the last.
  const windows = [window(100, 100 + span), window((n >> 1) - (span >> 1), (n >> 1) + (span >> 1)), window(n - span, n)];
  // Each check's median over the first and the last window: which one, if any, grows with the run.
  const byCheck = [...timer.byCheck].map(([code, times]) => ({
    code,
    earlyUs: median(inWindow(times, 100, 100 + span)) * 1000,
    lateUs: median(inWindow(times, n - span, n)) * 1000,
  }));
  let t = performance.now();
  const thinned = report.toJSON();
  const thinnedJson = JSON.stringify(thinned);
  const thinnedMs = performance.now() - t;
  t = performance.now();
  const full = toRunLog(report.record, report.findings, { thin: false });
  const fullJson = JSON.stringify(full);
  const fullMs = performance.now() - t;
  tf.dispose([data.x, data.y]);
  model.optimizer.dispose();
  model.dispose();
  return {
    model: 'tiny MLP 8-32-32-3, batch 32, 8 steps/epoch',
    steps: n,
    seconds,
    windows,
    checksLateOverEarly: windows[2].checksUs / windows[0].checksUs,
    byCheck,
    logBytes: { thinned: Buffer.byteLength(thinnedJson), unthinned: Buffer.byteLength(fullJson) },
    htmlBytes: { thinned: Buffer.byteLength(renderHtml(thinned)), unthinned: Buffer.byteLength(renderHtml(full)) },
    kept: { steps: thinned.record.steps.step.length, probes: thinned.record.probes.length, epochs: thinned.record.epochs.length },
    recorded: { steps: n, probes: report.record.probes.length, epochs: report.record.epochs.length },
    serialiseMs: { thinned: thinnedMs, unthinned: fullMs },
  };
}

const kb = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(0)} kB`);

async function main(): Promise<void> {
  const backend = await setupBackend(arg('backend', 'auto') as 'auto');
  const repeats = Number(arg('repeats', '5'));
  const steps = Number(arg('steps', '256'));
  const longSteps = Number(arg('long-steps', '50000'));
  const longSeconds = Number(arg('long-seconds', '120'));
  const batchSize = 64;
  console.log(`backend: ${backend.name} — ${backend.reason}`);


  const b = blobs(steps * batchSize >= 4096 ? 4096 : steps * batchSize, 10, 32, 1);
  const im = bars(4096, 16);
  const cases: Case[] = [
    { name: 'MLP 32-256-256-10', build: mlp, x: b.x, y: b.y },
    { name: 'CNN conv16-conv32-fc64 (16×16)', build: cnn, x: im.x, y: im.y },
  ];

  const rows: { model: string; withoutMs: number; withMs: number; ratio: number; ratios: number[]; probeMs: number; probeInSteps: number }[] = [];
  // --only long: the long run alone; the other rows of results/overhead.json are kept.
  const onlyLong = arg('only', '') === 'long';
  if (!onlyLong) console.log(`${steps} steps of batch ${batchSize} per fit, ${repeats} interleaved repeats, doctor at defaults\n`);
  for (const c of onlyLong ? [] : cases) {
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
  if (!onlyLong) print(table);

  let long: LongRun | undefined;
  if (longSteps > 0) {
    console.log(`\nlong run: up to ${longSteps.toLocaleString('en-US')} steps or ${longSeconds} s of training, doctor at defaults`);
    long = await longRun(longSteps, longSeconds);
    const [early, middle, late] = long.windows;
    const range = (w: LongRun['windows'][number]) => `steps ${w.from.toLocaleString('en-US')}–${w.to.toLocaleString('en-US')}`;
    print([
      ['long run', 'steps', `checks/step, ${range(early)}`, `… ${range(middle)}`, `… ${range(late)}`, 'late ÷ early', 'step (early → late)', 'run log (thinned / every step)', 'HTML (thinned / every step)'],
      [
        long.model,
        `${long.steps.toLocaleString('en-US')} in ${long.seconds.toFixed(0)} s`,
        `${early.checksUs.toFixed(0)} µs (mean ${early.checksMeanUs.toFixed(0)})`,
        `${middle.checksUs.toFixed(0)} µs (mean ${middle.checksMeanUs.toFixed(0)})`,
        `${late.checksUs.toFixed(0)} µs (mean ${late.checksMeanUs.toFixed(0)})`,
        long.checksLateOverEarly.toFixed(2),
        `${early.stepMs.toFixed(2)} → ${late.stepMs.toFixed(2)} ms`,
        `${kb(long.logBytes.thinned)} / ${kb(long.logBytes.unthinned)}`,
        `${kb(long.htmlBytes.thinned)} / ${kb(long.htmlBytes.unthinned)}`,
      ],
    ]);
    const grown = [...long.byCheck].sort((a, b) => b.lateUs - b.earlyUs - (a.lateUs - a.earlyUs)).filter((c) => c.lateUs - c.earlyUs > 5);
    console.log(
      grown.length
        ? `checks whose cost grew (median µs per step, early → late): ${grown.map((c) => `${c.code} ${c.earlyUs.toFixed(0)} → ${c.lateUs.toFixed(0)}`).join(', ')}`
        : 'no check grew by more than 5 µs per step',
    );
    console.log(
      `kept in the log: ${long.kept.steps} of ${long.recorded.steps} steps, ${long.kept.probes} of ${long.recorded.probes} probes, ${long.kept.epochs} of ${long.recorded.epochs} epochs; toJSON + stringify ${long.serialiseMs.thinned.toFixed(0)} ms (every step: ${long.serialiseMs.unthinned.toFixed(0)} ms)`,
    );
  }

  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'overhead.json');
  // --only long replaces the long-run row of the last full results and keeps their other rows.
  const date = new Date().toISOString();
  const results = onlyLong && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : { date, backend: backend.name, steps, batchSize, repeats, rows };
  writeFileSync(file, JSON.stringify({ ...results, ...(long ? { longRun: { date, backend: backend.name, ...long } } : {}) }, null, 2));
  console.log(`\nwrote ${file}`);
  tf.dispose([b.x, b.y, im.x, im.y]);
}

function print(table: string[][]): void {
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const row of table) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
