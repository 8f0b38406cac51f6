/**
 * The worked example's two CIFAR-10 networks.
 *
 * `seedModel` is the network from the story, built exactly as its author did: a sound shape with
 * dense kernels drawn from a truncated normal of stddev 1.0 (on a fan-in of 2,048), biases 0.1,
 * raw 0–255 pixels in, Adam 1e-3, softmax cross-entropy on logits. Nothing is tuned to make it fail.
 *
 * `fixedModel` is the reference CNN with the fixes cnn-doctor prescribes for it: the input scaled
 * inside the model, He-initialised kernels, batch normalization after every convolution, dropout
 * before the classifier and a sound learning rate (decayed by `learningRateSchedule`).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export const CIFAR10_INPUT_SHAPE: [number, number, number] = [32, 32, 3];
export const NUM_CLASSES = 10;

export interface SeedModelOptions {
  /** Filters in each conv layer (the story used 32 or 64). */
  width?: number;
  /** Seeds every initializer so two builds start from the same weights. */
  seed?: number;
}

const seeded = (seed: number | undefined, offset: number) => (seed === undefined ? undefined : seed + offset);

/** Softmax cross-entropy on logits, as the seed's author wrote it (no probability clipping). */
export function logitsLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.losses.softmaxCrossEntropy(yTrue, yPred);
}

/** The broken network from the story. Feed it raw 0–255 pixels and one-hot labels. */
export function seedModel({ width = 32, seed }: SeedModelOptions = {}): tfl.Sequential {
  const denseInit = (offset: number) => tfl.initializers.truncatedNormal({ mean: 0, stddev: 1.0, seed: seeded(seed, offset) });
  const bias = tfl.initializers.constant({ value: 0.1 });
  const model = tfl.sequential({
    name: 'seed',
    layers: [
      tfl.layers.conv2d({ name: 'conv1', inputShape: CIFAR10_INPUT_SHAPE, filters: width, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: seeded(seed, 1) }) }),
      tfl.layers.maxPooling2d({ name: 'pool1', poolSize: 3, strides: 2, padding: 'same' }),
      tfl.layers.conv2d({ name: 'conv2', filters: width, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: seeded(seed, 2) }) }),
      tfl.layers.maxPooling2d({ name: 'pool2', poolSize: 3, strides: 2, padding: 'same' }),
      tfl.layers.flatten({ name: 'flatten' }),
      tfl.layers.dense({ name: 'fc1', units: 384, activation: 'relu', kernelInitializer: denseInit(3), biasInitializer: bias }),
      tfl.layers.dense({ name: 'fc2', units: 192, activation: 'relu', kernelInitializer: denseInit(4), biasInitializer: bias }),
      tfl.layers.dense({ name: 'logits', units: NUM_CLASSES, kernelInitializer: denseInit(5), biasInitializer: bias }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: logitsLoss, metrics: ['accuracy'] });
  return model;
}

export interface FixedModelOptions {
  /**
   * Filters of the first block; later blocks use 2× and 4×. 16 keeps a training step near the seed
   * model's on one wasm core; 32 learns more at ~2.7× the step time.
   */
  width?: number;
  learningRate?: number;
  seed?: number;
}

function convBlock(model: tfl.Sequential, name: string, filters: number, seed: number | undefined, inputShape?: number[]): void {
  model.add(
    tfl.layers.conv2d({
      name,
      filters,
      kernelSize: 3,
      padding: 'same',
      useBias: false, // batch norm's offset replaces the bias
      kernelInitializer: tfl.initializers.heNormal({ seed }),
      ...(inputShape ? { inputShape } : {}),
    }),
  );
  model.add(tfl.layers.batchNormalization({ name: `${name}_bn` }));
  model.add(tfl.layers.activation({ name: `${name}_relu`, activation: 'relu' }));
}

/** The reference CNN with cnn-doctor's fixes applied. Takes the same raw 0–255 pixels as the seed. */
export function fixedModel({ width = 16, learningRate = 1e-3, seed }: FixedModelOptions = {}): tfl.Sequential {
  const model = tfl.sequential({ name: 'fixed' });
  model.add(tfl.layers.rescaling({ name: 'scale', scale: 1 / 255, inputShape: CIFAR10_INPUT_SHAPE }));
  convBlock(model, 'conv1', width, seeded(seed, 1));
  convBlock(model, 'conv2', width, seeded(seed, 2));
  model.add(tfl.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }));
  convBlock(model, 'conv3', 2 * width, seeded(seed, 3));
  convBlock(model, 'conv4', 2 * width, seeded(seed, 4));
  model.add(tfl.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }));
  convBlock(model, 'conv5', 4 * width, seeded(seed, 5));
  convBlock(model, 'conv6', 4 * width, seeded(seed, 6));
  model.add(tfl.layers.globalAveragePooling2d({ name: 'gap' }));
  model.add(tfl.layers.dropout({ name: 'dropout', rate: 0.2, seed: seeded(seed, 7) }));
  model.add(tfl.layers.dense({ name: 'classifier', units: NUM_CLASSES, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: seeded(seed, 8) }) }));
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/**
 * Cosine decay of Adam's learning rate over `totalSteps`, set before every batch. Adam reads its
 * `learningRate` field on each step (tfjs-core optimizers/adam_optimizer.ts), so assigning it works.
 */
export class CosineDecay extends tfl.Callback {
  private step = 0;
  constructor(private readonly base: number, private readonly totalSteps: number, private readonly floor = 0.02) {
    super();
  }
  override async onBatchBegin(): Promise<void> {
    const t = Math.min(1, this.step++ / Math.max(1, this.totalSteps));
    const factor = this.floor + (1 - this.floor) * 0.5 * (1 + Math.cos(Math.PI * t));
    (this.model.optimizer as unknown as { learningRate: number }).learningRate = this.base * factor;
  }
}
