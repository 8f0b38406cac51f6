/**
 * The page side of `npm run bench:browser` (bench/browser.ts bundles it for the browser and runs it in
 * headless Chromium). `window.runBench(config)` trains a small CNN on one backend: fits with and without
 * the doctor, interleaved, timing each fit and the gaps between requestAnimationFrame callbacks during it;
 * then one planted fault (dead ReLUs from a −5 bias init) with the doctor attached, for its findings.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { diagnose } from '../src';
import { registerWasmTrainingKernels } from '../src/backend';
import { isProbeStep } from '../src/probes/schedule';
import { bars } from '../test/helpers/data';

export interface BenchConfig {
  backend: 'cpu' | 'wasm' | 'webgl';
  /** Where the page serves tfjs-backend-wasm's .wasm files. */
  wasmPrefix: string;
  steps: number;
  batchSize: number;
  repeats: number;
  faultSteps: number;
  probeEvery: number;
}

export interface FitTiming {
  ms: number;
  /** Longest gap between two requestAnimationFrame callbacks during the fit. */
  maxGapMs: number;
  /** The same, leaving out gaps that overlap a step the doctor probes (by its schedule). */
  maxGapBetweenProbesMs: number;
  /** Longest gap that overlaps a probe step. */
  maxGapAtProbesMs: number;
  frames: number;
}

export interface BenchResult {
  backend: string;
  epsilon: number;
  threads?: boolean;
  kernels: string[];
  without: FitTiming[];
  /** Without the doctor, but with the loss read every step. */
  logsOnly: FitTiming[];
  with: FitTiming[];
  fault: { codes: string[]; findings: { code: string; severity: string; status: string; step: number; layer?: string }[]; steps: number; ms: number };
}

declare global {
  interface Window {
    runBench?: (config: BenchConfig) => Promise<BenchResult>;
    benchReady?: boolean;
  }
}

const SIZE = 8;

function cnn(deadInit: boolean): tfl.LayersModel {
  const bias = deadInit ? { biasInitializer: tfl.initializers.constant({ value: -5 }) } : {};
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [SIZE, SIZE, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed: 1 }), name: 'conv1', ...bias }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed: 2 }), name: 'conv2', ...bias }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 32, activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed: 3 }), name: 'fc1', ...bias }),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }), name: 'out' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(deadInit ? 1e-2 : 1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

class BatchTimer extends tfl.Callback {
  constructor(private readonly mark: () => void) {
    super();
  }

  override async onBatchEnd(): Promise<void> {
    this.mark();
  }
}

/** Timestamps of every animation frame while `run` runs, and of every batch end. */
async function watchFrames(run: (onBatchEnd: () => void) => Promise<void>): Promise<{ frames: number[]; batchEnds: number[]; start: number; end: number }> {
  const frames: number[] = [];
  const batchEnds: number[] = [];
  let on = true;
  const tick = (t: number) => {
    frames.push(t);
    if (on) requestAnimationFrame(tick);
  };
  // Start from a frame, so the first gap is a real one.
  await new Promise<void>((resolve) => requestAnimationFrame((t) => (frames.push(t), resolve())));
  requestAnimationFrame(tick);
  const start = performance.now();
  await run(() => batchEnds.push(performance.now()));
  const end = performance.now();
  on = false;
  // The gap the fit's end interrupts counts too: wait for the next frame.
  await new Promise<void>((resolve) => requestAnimationFrame((t) => (frames.push(t), resolve())));
  return { frames, batchEnds, start, end };
}

/** 'none': no doctor; 'logs': no doctor, but a callback that reads the loss every step (as tfjs does for any plain-object onBatchEnd); 'doctor'. */
type Mode = 'none' | 'logs' | 'doctor';

async function timedFit(config: BenchConfig, x: tf.Tensor, y: tf.Tensor, mode: Mode, steps: number): Promise<FitTiming> {
  const model = cnn(false);
  const doctor = mode === 'doctor' ? diagnose(model, { log: false, probeEvery: config.probeEvery }) : null;
  const epochs = Math.ceil((steps * config.batchSize) / x.shape[0]);
  const w = await watchFrames(async (onBatchEnd) => {
    // The same yielding to the page in both fits: tfjs yields (every 125 ms, yieldEvery 'auto') once per
    // plain-object callback it wraps, so the timer is a class callback and each fit has exactly one
    // yielding CustomCallback — the one cnn-doctor puts first in a list holding class callbacks, and an
    // empty one without the doctor. The doctor then runs as a class callback and gets the log tensors.
    const timer = new BatchTimer(onBatchEnd);
    const yielder = new tfl.CustomCallback(mode === 'logs' ? { onBatchEnd: async () => {} } : {});
    const callbacks = doctor ? [doctor, timer] : [yielder, timer];
    await model.fit(x, y, { epochs, batchSize: config.batchSize, shuffle: false, verbose: 0, callbacks: callbacks as never });
  });
  doctor?.detach();
  model.optimizer.dispose();
  model.dispose();
  // Step s runs from the previous batch end (the fit's start for step 0) to its own end.
  const probeSpans = w.batchEnds.map((t, s) => [s === 0 ? w.start : w.batchEnds[s - 1], t] as const).filter((_, s) => isProbeStep(s, config.probeEvery));
  let maxGap = 0;
  let between = 0;
  let atProbes = 0;
  for (let i = 1; i < w.frames.length; i++) {
    const [a, b] = [w.frames[i - 1], w.frames[i]];
    if (b < w.start) continue;
    const gap = b - a;
    maxGap = Math.max(maxGap, gap);
    if (probeSpans.some(([s, e]) => a < e && b > s)) atProbes = Math.max(atProbes, gap);
    else between = Math.max(between, gap);
  }
  return { ms: w.end - w.start, maxGapMs: maxGap, maxGapBetweenProbesMs: between, maxGapAtProbesMs: atProbes, frames: w.frames.length };
}

async function runBench(config: BenchConfig): Promise<BenchResult> {
  setWasmPaths(config.wasmPrefix);
  const kernels = config.backend === 'wasm' ? registerWasmTrainingKernels() : [];
  if (!(await tf.setBackend(config.backend))) throw new Error(`tf.setBackend('${config.backend}') failed`);
  await tf.ready();
  const data = bars(Math.min(1024, config.steps * config.batchSize), SIZE);
  // Warm-up: shaders, kernels, memory pools.
  for (const mode of ['none', 'logs', 'doctor'] as Mode[]) await timedFit(config, data.x, data.y, mode, 4);
  const runs: Record<Mode, FitTiming[]> = { none: [], logs: [], doctor: [] };
  // Rotate the order so drift in the machine's load falls on every mode alike.
  const orders: Mode[][] = [['none', 'doctor', 'logs'], ['doctor', 'logs', 'none'], ['logs', 'none', 'doctor']];
  for (let r = 0; r < config.repeats; r++) {
    for (const mode of orders[r % orders.length]) runs[mode].push(await timedFit(config, data.x, data.y, mode, config.steps));
  }

  // The planted fault: every ReLU starts dead (bias −5).
  const model = cnn(true);
  const doctor = diagnose(model, { log: false });
  const epochs = Math.ceil((config.faultSteps * config.batchSize) / data.x.shape[0]);
  const started = performance.now();
  await model.fit(data.x, data.y, { epochs, batchSize: config.batchSize, shuffle: false, verbose: 0, callbacks: [doctor] });
  const ms = performance.now() - started;
  const report = doctor.report();
  doctor.detach();
  model.optimizer.dispose();
  model.dispose();
  tf.dispose([data.x, data.y]);
  const findings = report.findings.map((f) => ({ code: f.code, severity: f.severity, status: f.status, step: f.step, ...(f.layer ? { layer: f.layer } : {}) }));
  return {
    backend: tf.getBackend(),
    epsilon: tf.backend().epsilon(),
    ...(config.backend === 'wasm' ? { threads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) } : {}),
    kernels,
    without: runs.none,
    logsOnly: runs.logs,
    with: runs.doctor,
    fault: { codes: [...new Set(findings.filter((f) => f.severity !== 'info').map((f) => f.code))].sort(), findings, steps: report.record.steps.loss.length, ms },
  };
}

window.runBench = runBench;
window.benchReady = true;
