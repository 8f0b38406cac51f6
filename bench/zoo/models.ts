/** Model builders for the zoo: small MLPs and CNNs with every knob a planted fault needs. */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export type Act = 'relu' | 'sigmoid' | 'tanh' | 'linear' | 'softmax';
export type Init = Parameters<typeof tfl.layers.dense>[0]['kernelInitializer'];
export type Loss = string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor);
export type OptName = 'adam' | 'rmsprop' | 'sgd' | 'momentum';

/** An optimizer by name and learning rate (momentum: 0.9). Call it inside build(), so every run gets a fresh one. */
export function optimizer(name: OptName, lr: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(lr);
    case 'rmsprop':
      return tf.train.rmsprop(lr);
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, 0.9);
  }
}

export const logitsLoss = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => tf.losses.softmaxCrossEntropy(yTrue, yPred);
export const normal = (stddev: number) => tfl.initializers.randomNormal({ mean: 0, stddev });
export const constant = (value: number) => tfl.initializers.constant({ value });

export function compile(model: tfl.LayersModel, optimizer: tf.Optimizer, loss: Loss, metrics = true): tfl.LayersModel {
  model.compile({ optimizer, loss, metrics: metrics ? ['accuracy'] : [] });
  return model;
}

export interface MlpOptions {
  inputDim: number;
  hidden?: number[];
  act?: Act;
  out?: number;
  outAct?: Act;
  init?: Init;
  bias?: Init;
  /** Bias initialiser of the first hidden layer only. */
  firstBias?: Init;
  outInit?: Init;
  batchNorm?: boolean;
  /** Dropout rate after each hidden layer (or one rate per hidden layer). */
  dropout?: number | number[];
  optimizer: tf.Optimizer;
  loss?: Loss;
  /** Freeze every layer (trainable = false). */
  frozen?: boolean;
  /** Compile with the accuracy metric (default true; regressions have none). */
  metrics?: boolean;
}

export function mlp(o: MlpOptions): tfl.LayersModel {
  const model = tfl.sequential();
  const hidden = o.hidden ?? [32, 32];
  hidden.forEach((units, i) => {
    model.add(
      tfl.layers.dense({
        units,
        activation: o.batchNorm ? 'linear' : o.act ?? 'relu',
        inputShape: i === 0 ? [o.inputDim] : undefined,
        kernelInitializer: o.init ?? (o.act === 'relu' || o.act === undefined ? 'heNormal' : 'glorotUniform'),
        biasInitializer: i === 0 && o.firstBias ? o.firstBias : o.bias,
        useBias: !o.batchNorm,
        name: `hidden${i + 1}`,
      }),
    );
    if (o.batchNorm) {
      model.add(tfl.layers.batchNormalization({ name: `bn${i + 1}` }));
      model.add(tfl.layers.activation({ activation: o.act ?? 'relu', name: `act${i + 1}` }));
    }
    const rate = Array.isArray(o.dropout) ? o.dropout[i] : o.dropout;
    if (rate) model.add(tfl.layers.dropout({ rate, name: `dropout${i + 1}` }));
  });
  model.add(tfl.layers.dense({ units: o.out ?? 3, activation: o.outAct ?? 'softmax', kernelInitializer: o.outInit ?? 'glorotUniform', name: 'output' }));
  if (o.frozen) for (const l of model.layers) l.trainable = false;
  return compile(model, o.optimizer, o.loss ?? 'categoricalCrossentropy', o.metrics ?? true);
}

export type RegressorOptions = Pick<MlpOptions, 'inputDim' | 'act' | 'init' | 'batchNorm' | 'optimizer' | 'loss'> & {
  hidden: number[];
  /** Output units (default 1). */
  out?: number;
};

/**
 * A regression MLP: `mlp` ending in `out` linear units, MSE unless another loss is given, no accuracy
 * metric. The output kernel is glorotNormal — tfjs's Dense default, which the regressors written before
 * this builder relied on (mlp's own output default is glorotUniform).
 */
export function regressor(o: RegressorOptions): tfl.LayersModel {
  return mlp({ ...o, out: o.out ?? 1, outAct: 'linear', outInit: 'glorotNormal', loss: o.loss ?? 'meanSquaredError', metrics: false });
}

export interface CnnOptions {
  inputShape: [number, number, number];
  filters?: number[];
  act?: Act;
  dense?: number;
  out?: number;
  outAct?: Act;
  init?: Init;
  denseInit?: Init;
  outInit?: Init;
  convBias?: Init[];
  batchNorm?: boolean;
  dropout?: number[];
  /** Dropout rate right after the first conv layer. */
  spatialDropout?: number;
  optimizer: tf.Optimizer;
  loss?: Loss;
}

/** conv(3×3) → maxpool(2) per entry of `filters`, then flatten → dense → output. */
export function cnn(o: CnnOptions): tfl.LayersModel {
  const model = tfl.sequential();
  const act = o.act ?? 'relu';
  (o.filters ?? [16, 32]).forEach((filters, i) => {
    model.add(
      tfl.layers.conv2d({
        filters,
        kernelSize: 3,
        padding: 'same',
        activation: o.batchNorm ? 'linear' : act,
        useBias: !o.batchNorm,
        inputShape: i === 0 ? o.inputShape : undefined,
        kernelInitializer: o.init ?? (act === 'relu' ? 'heNormal' : 'glorotUniform'),
        biasInitializer: o.convBias?.[i],
        name: `conv${i + 1}`,
      }),
    );
    if (o.batchNorm) {
      model.add(tfl.layers.batchNormalization({ name: `bn${i + 1}` }));
      model.add(tfl.layers.activation({ activation: act, name: `act${i + 1}` }));
    }
    if (i === 0 && o.spatialDropout) model.add(tfl.layers.dropout({ rate: o.spatialDropout, name: 'drop_conv1' }));
    model.add(tfl.layers.maxPooling2d({ poolSize: 2, name: `pool${i + 1}` }));
  });
  model.add(tfl.layers.flatten({ name: 'flatten' }));
  if (o.dropout?.[0]) model.add(tfl.layers.dropout({ rate: o.dropout[0], name: 'dropout1' }));
  model.add(tfl.layers.dense({ units: o.dense ?? 32, activation: act, kernelInitializer: o.denseInit ?? (act === 'relu' ? 'heNormal' : 'glorotUniform'), name: 'fc1' }));
  if (o.dropout?.[1]) model.add(tfl.layers.dropout({ rate: o.dropout[1], name: 'dropout2' }));
  model.add(tfl.layers.dense({ units: o.out ?? 3, activation: o.outAct ?? 'softmax', kernelInitializer: o.outInit ?? 'glorotUniform', name: 'output' }));
  return compile(model, o.optimizer, o.loss ?? 'categoricalCrossentropy');
}
