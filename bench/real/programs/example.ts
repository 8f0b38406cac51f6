/**
 * Two entries that show the format: one bug report with its fixed twin, one healthy program.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { column } from '../data';
import { splitOf } from '../outcome';
import type { BugReport, HealthyProgram, ProgramData, RealEntry } from '../types';

/**
 * DeepLocalize SO #10 (https://stackoverflow.com/questions/31880720): 128 inputs all 1 (class True) or
 * all 0 (False); Dense 50 relu → relu → dropout 0.2 → Dense 50 → relu → dropout 0.2 → Dense 1 → softmax;
 * RMSprop, binary cross-entropy, batch 1, 3 epochs. Softmax over one unit always outputs 1.
 */
function onesAndZeros(n: number): ProgramData {
  const half = n / 2;
  const x = tf.concat([tf.ones([half, 128]), tf.zeros([half, 128])]);
  const y = column([...Array(half).fill(1), ...Array(half).fill(0)]);
  const ex = tf.concat([tf.ones([100, 128]), tf.zeros([100, 128])]);
  const ey = column([...Array(100).fill(1), ...Array(100).fill(0)]);
  return { x, y, eval: { x: ex, y: ey } };
}

/** The reported model: the output unit goes through softmax. */
function buggyModel(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ units: 50, activation: 'relu', inputDim: 128 }));
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.dropout({ rate: 0.2 }));
  model.add(tfl.layers.dense({ units: 50 }));
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.dropout({ rate: 0.2 }));
  model.add(tfl.layers.dense({ units: 1 }));
  model.add(tfl.layers.activation({ activation: 'softmax' }));
  model.compile({ optimizer: tf.train.rmsprop(0.001), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** The accepted answer's model: a sigmoid output unit. */
function fixedModel(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ units: 50, activation: 'relu', inputDim: 128 }));
  model.add(tfl.layers.dropout({ rate: 0.2 }));
  model.add(tfl.layers.dense({ units: 50, activation: 'relu' }));
  model.add(tfl.layers.dropout({ rate: 0.2 }));
  model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.rmsprop(0.001), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

const softmaxOneUnit: BugReport = {
  kind: 'bug',
  id: 'so-31880720-softmax-one-unit',
  split: splitOf('so-31880720-softmax-one-unit'),
  source: {
    kind: 'benchmark',
    url: 'https://stackoverflow.com/questions/31880720',
    title: 'Keras binary classifier stuck at 50% accuracy (softmax on a single output unit)',
    via: 'DeepLocalize SO #10 (Wardat-ISU/DeepLocalize Benchmark/StackOverflow/31880720)',
  },
  cause: 'The single output unit goes through softmax, which always outputs 1, so nothing can be learned.',
  fix: "Use activation 'sigmoid' on the single output unit.",
  codes: ['output_loss_mismatch'],
  port: 'Keras RMSprop() defaults (lr 1e-3, rho 0.9) mapped to tf.train.rmsprop(0.001); 2,000 of the 20,000 samples; 600 steps of batch 1 instead of 3 epochs (the fixed twin reaches 100% well before).',
  learns: { metric: 'accuracy', atLeast: 0.95, description: 'test accuracy on the 200 held-out rows; the fixed program reaches 1.0 in the source' },
  buggy: { build: buggyModel, data: () => onesAndZeros(2000), fit: { epochs: 1, batchSize: 1, maxSteps: 600 } },
  fixed: { build: fixedModel, data: () => onesAndZeros(2000), fit: { epochs: 1, batchSize: 1, maxSteps: 600 } },
};

export const PROGRAMS: RealEntry[] = [softmaxOneUnit] satisfies (BugReport | HealthyProgram)[];
