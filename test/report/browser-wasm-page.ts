/**
 * Page script of browser-wasm.test.ts, bundled for the browser: cnn-doctor's wasm training kernels
 * registered through the public `cnn-doctor/backend` entry, a tiny conv net trained on wasm in the page,
 * and the same training on cpu from the same weights to compare with. Stock tfjs-backend-wasm cannot
 * train it (no Conv2DBackpropFilter): the page checks that too, before registering the kernels.
 */
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { diagnose } from '../../src';
import { registerWasmTrainingKernels } from '../../src/backend';

export interface WasmPageResult {
  backend: string;
  simd: boolean;
  threads: boolean;
  stockError: string;
  kernels: string[];
  wasmLosses: number[];
  cpuLosses: number[];
  /** max over weight tensors of max|w_wasm − w_cpu| / max(max|w_cpu|, 1e-6). */
  maxRelativeError: number;
  tensorsLeaked: number;
  probes: number;
}

declare global {
  interface Window {
    runWasmTraining?: (wasmPrefix: string) => Promise<WasmPageResult>;
  }
}

const STEPS = 12;

function build(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [8, 8, 2], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'valid', activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy' });
  return model;
}

/** Deterministic batch (no RNG differences between backends). */
function batch(): { x: number[]; y: number[] } {
  const x = Array.from({ length: 16 * 8 * 8 * 2 }, (_, i) => Math.sin(i * 0.37) + Math.cos(i * 0.11));
  const y = Array.from({ length: 16 * 3 }, (_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0));
  return { x, y };
}

async function train(backend: 'cpu' | 'wasm', initial: Float32Array[] | null, withDoctor: boolean): Promise<{ losses: number[]; weights: Float32Array[]; initial: Float32Array[]; probes: number }> {
  await tf.setBackend(backend);
  const model = build();
  if (initial) {
    const values = initial.map((w, i) => tf.tensor(w, model.getWeights()[i].shape));
    model.setWeights(values);
    tf.dispose(values);
  }
  const start = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
  const data = batch();
  const x = tf.tensor4d(data.x, [16, 8, 8, 2]);
  const y = tf.tensor2d(data.y, [16, 3]);
  const doctor = withDoctor ? diagnose(model, { log: false }) : null;
  const history = await model.fit(x, y, { epochs: STEPS, batchSize: 16, shuffle: false, verbose: 0, callbacks: doctor ? [doctor] : [] });
  const probes = doctor?.report().record.probes.length ?? 0;
  doctor?.detach();
  const weights = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
  tf.dispose([x, y]);
  model.optimizer.dispose();
  model.dispose();
  return { losses: history.history.loss as number[], weights, initial: start, probes };
}

async function runWasmTraining(wasmPrefix: string): Promise<WasmPageResult> {
  setWasmPaths(wasmPrefix);
  if (!(await tf.setBackend('wasm'))) throw new Error("tf.setBackend('wasm') failed");
  await tf.ready();
  // Stock tfjs-backend-wasm: the conv net's first training step throws.
  let stockError = '';
  try {
    const model = build();
    await model.fit(tf.zeros([2, 8, 8, 2]), tf.zeros([2, 3]), { epochs: 1, verbose: 0 });
  } catch (e) {
    stockError = e instanceof Error ? e.message : String(e);
  }
  const kernels = registerWasmTrainingKernels();
  const cpu = await train('cpu', null, false);
  await tf.setBackend('wasm');
  const before = tf.memory().numTensors;
  const wasm = await train('wasm', cpu.initial, true);
  const tensorsLeaked = tf.memory().numTensors - before;
  const maxRelativeError = Math.max(
    ...wasm.weights.map((w, i) => {
      const ref = cpu.weights[i];
      let diff = 0;
      let scale = 1e-6;
      for (let j = 0; j < ref.length; j++) {
        diff = Math.max(diff, Math.abs(w[j] - ref[j]));
        scale = Math.max(scale, Math.abs(ref[j]));
      }
      return diff / scale;
    }),
  );
  return {
    backend: tf.getBackend(),
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    threads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
    stockError,
    kernels,
    wasmLosses: wasm.losses,
    cpuLosses: cpu.losses,
    maxRelativeError,
    tensorsLeaked,
    probes: wasm.probes,
  };
}

window.runWasmTraining = runWasmTraining;
