/**
 * End to end: small tf.layers models train for 20 steps on cpu and on wasm (+ cnn-doctor's
 * kernels) from identical initial weights and data, and end with matching weights, without
 * leaking tensors or wasm buffers.
 *
 * Tolerance: both backends compute in float32 but sum in different orders (XNNPACK GEMMs vs
 * cpu loops), so per-step gradients differ by ~1e-6 relative. Adam divides by √v, which
 * amplifies differences for parameters whose gradient is near zero, and 20 steps compound it.
 * We require max|w_wasm − w_cpu| ≤ 1e-4 · max(max|w_cpu|, 1e-6) per weight tensor (measured:
 * 1.4e-6 for the CNN, 5.2e-6 for the embedding model) — far below one learning-rate step
 * (1e-2 here), so a wrong gradient anywhere would fail it.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadBothBackends, randomValues, relativeError, wasmDataIdCount } from './helpers';

const WEIGHT_TOLERANCE = 1e-4;
const STEPS = 20;

type ModelBuilder = () => tfl.LayersModel;

function smallCnn(): tfl.LayersModel {
  const model = tfl.sequential();
  // No bias before BatchNorm: its true gradient is exactly 0, so both backends return rounding
  // noise (~1e-9) and Adam turns that noise into full ±lr steps in different directions.
  // Seeded initialisers: a fixed starting point makes the comparison deterministic (an unlucky random start can put
  // a ReLU input within rounding distance of 0, where the two backends may take different branches).
  model.add(tfl.layers.conv2d({ inputShape: [12, 12, 3], filters: 6, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: tfl.initializers.glorotUniform({ seed: 11 }) }));
  model.add(tfl.layers.batchNormalization());
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', depthwiseInitializer: tfl.initializers.glorotUniform({ seed: 12 }) }));
  model.add(tfl.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'valid', activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 13 }) }));
  model.add(tfl.layers.averagePooling2d({ poolSize: 2, padding: 'same' }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dropout({ rate: 0.25, seed: 7 }));
  model.add(tfl.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 14 }) }));
  model.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy' });
  return model;
}

function embeddingModel(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.embedding({ inputDim: 20, outputDim: 5, inputLength: 6, embeddingsInitializer: tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: 15 }) }));
  model.add(tfl.layers.globalAveragePooling1d({}));
  model.add(tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 16 }) }));
  model.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy' });
  return model;
}

interface Batch {
  x: { values: ArrayLike<number>; shape: number[]; dtype: 'float32' | 'int32' };
  labels: number[];
  classes: number;
}

function imageBatch(): Batch {
  const shape = [8, 12, 12, 3];
  return {
    x: { values: randomValues(8 * 12 * 12 * 3, 21), shape, dtype: 'float32' },
    labels: [0, 1, 2, 3, 3, 2, 1, 0],
    classes: 4,
  };
}

function tokenBatch(): Batch {
  const tokens = Array.from(randomValues(8 * 6, 23), (v) => Math.floor((v + 1) * 10));
  return { x: { values: tokens, shape: [8, 6], dtype: 'int32' }, labels: [0, 1, 2, 0, 1, 2, 0, 1], classes: 3 };
}

interface TrainingRun {
  weights: Float32Array[];
  /** numTensors / wasm buffers after step 2 and after the last step (must be equal). */
  tensorsEarly: number;
  tensorsLate: number;
  buffersEarly: number;
  buffersLate: number;
}

async function train(
  backend: 'cpu' | 'wasm',
  build: ModelBuilder,
  batch: Batch,
  initialWeights: Float32Array[] | null,
): Promise<TrainingRun & { initial: Float32Array[] }> {
  await tf.setBackend(backend);
  const model = build();
  if (initialWeights) {
    model.setWeights(model.getWeights().map((w, i) => tf.tensor(initialWeights[i], w.shape)));
  }
  const initial = model.getWeights().map((w) => w.dataSync() as Float32Array);
  const x = tf.tensor(Array.from(batch.x.values), batch.x.shape, batch.x.dtype);
  const y = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), batch.classes);
  const buffers = (): number => (backend === 'wasm' ? wasmDataIdCount() : 0);
  let tensorsEarly = 0;
  let buffersEarly = 0;
  for (let step = 1; step <= STEPS; step++) {
    await model.trainOnBatch(x, y);
    if (step === 2) {
      tensorsEarly = tf.memory().numTensors;
      buffersEarly = buffers();
    }
  }
  const run = {
    initial,
    weights: model.getWeights().map((w) => w.dataSync() as Float32Array),
    tensorsEarly,
    tensorsLate: tf.memory().numTensors,
    buffersEarly,
    buffersLate: buffers(),
  };
  tf.dispose([x, y]);
  model.dispose();
  return run;
}

describe('training on wasm matches cpu', () => {
  beforeAll(loadBothBackends);
  afterAll(() => tf.setBackend('cpu'));

  test.each([
    ['conv/BN/maxPool/depthwise/avgPool/dropout/dense CNN', smallCnn, imageBatch],
    ['embedding model', embeddingModel, tokenBatch],
  ] as const)('%s: 20 Adam steps end with the same weights', async (_name, build, makeBatch) => {
    const batch = makeBatch();
    const cpuRun = await train('cpu', build, batch, null);
    const wasmRun = await train('wasm', build, batch, cpuRun.initial);
    await tf.setBackend('cpu');

    const errors = wasmRun.weights.map((w, i) => relativeError(w, cpuRun.weights[i]));
    expect(Math.max(...errors)).toBeLessThanOrEqual(WEIGHT_TOLERANCE);
    // Training actually moved the weights (so the comparison above means something).
    const moved = cpuRun.weights.map((w, i) => relativeError(w, cpuRun.initial[i]));
    expect(Math.max(...moved)).toBeGreaterThan(1e-2);
    // No leaks: the live tensor and wasm-buffer counts do not grow from step 2 to step 20.
    expect(wasmRun.tensorsLate).toBe(wasmRun.tensorsEarly);
    expect(wasmRun.buffersLate).toBe(wasmRun.buffersEarly);
  });
});
