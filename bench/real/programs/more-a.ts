/**
 * More bug reports (see bench/real/README.md for the rules): Stack Overflow posts with even question ids, read
 * through public mirrors of the post (the Stack Overflow pages themselves could not be opened from here) or through
 * the TensorFlow-program-bugs benchmark (Zhang et al., ISSTA 2018; ForeverZyh/TensorFlow-Program-Bugs), which keeps
 * each post's buggy program and its fix side by side.
 *
 * LEFT OUT (looked at, not kept):
 *  - SO 33712178 and SO 33699174 ("TensorFlow NaN bug?", TF-Program-Bugs IPS-1 / IPS-2): the Deep-MNIST CNN with
 *    `-tf.reduce_sum(y_ * tf.log(y_conv))` (log(0) → NaN; fix: clip y_conv to [1e-10, 1] / add 1e-9). The NaN only
 *    appears after thousands of Adam 1e-4 steps on a CNN that costs ≈ 1.2 s a step on wasm (see tfjs-core-879):
 *    far beyond the budget, so the buggy program cannot be shown to fail.
 *  - SO 48951109 (Keras custom binary cross-entropy → NaN): only the loss is posted, no model, data or fit call;
 *    a port would be invented.
 *  - SO 45002504 (TF-Program-Bugs IPS-13, softmax regression on SAheart, lr 0.5 and L2 weight 1 → 0.01 and 0.1):
 *    half of the fix (the regulariser weight) has no cnn-doctor code, and 1,000 epochs of batch 7 (59,000 steps) on
 *    unscaled columns give no outcome measurable in budget from a source that reports none.
 *  - SO 48355700 (Dropout(1.0) in the Keras MNIST MLP still trains): a Keras bug report about rate 1.0, not a
 *    program that fails to learn.
 *  - TF-Program-Bugs UT-4 44124668, UT-5 43676638, UT-9 40574552, UT-10 36343542, UT-13 42191656: the bug is a shape
 *    error (the program crashes) or in the accuracy metric, not a training failure.
 *  - datascience.stackexchange.com/q/26273 (is x2 − x1 > 10? on raw x up to 50,000; answer: standardise the columns,
 *    "100% validation accuracy within the first epoch"): in tfjs the standardised program stays at chance too
 *    (0.50 after 2,000 and 4,500 steps of batch 10, RMSprop 1e-3) — the label hangs on a difference of ±0.5 in 50,000,
 *    so the documented fix does not learn here (rule 4).
 *  - NeuraLint SO samples 38584268, 45711636, 50555434, 53119432, 55776436, 60566498, 61030068: structural mistakes
 *    (missing Flatten, dropout placement) on data not in the post; no documented outcome to confirm.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { column, rng } from '../data';
import { bug } from '../outcome';
import type { ProgramData, RealEntry } from '../types';

/** numpy.linspace(a, b, n). */
function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

// ---------------------------------------------------------------------------------------------
// SO 62641394 — "When do we not need activation function?": y = 2x + 1 learned by one Dense unit with a sigmoid.

/**
 *   def HW_numbers(x): y = (2 * x) + 1; return y
 *   x = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], dtype=float); y = np.array(HW_numbers(x))
 *   model = tf.keras.models.Sequential([tf.keras.layers.Dense(units=1, input_shape=[1])])
 *   model.compile(optimizer='sgd', loss='mean_squared_error')
 *   model.fit(x, y, epochs=30); print(model.predict([10.0]))
 * "This above code works fine. But if I add an activation function in Dense layer, the prediction becomes weird.
 * I have tried 'relu','sigmoid','tanh'." Answer (chefhose): "With the activation functions tanh and sigmoid, the
 * output of the neuron is limited to [-1,1] and [0,1] respectively, so your output can't be more than one … these
 * activation functions don't match the problem." The buggy twin is the sigmoid variant (the relu one fails only
 * when the single weight starts negative — a coin flip, not a documented cause).
 */
function lineData(): ProgramData {
  const x = [1, 2, 3, 4, 5, 6, 7];
  return { x: column(x), y: column(x.map((v) => 2 * v + 1)) };
}
function oneUnitModel(activation: 'sigmoid' | 'linear'): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ units: 1, inputShape: [1], activation }));
  m.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  return m;
}
const so62641394 = bug({
  id: 'so-62641394-sigmoid-output-linear-target',
  source: {
    kind: 'stackoverflow',
    url: 'https://stackoverflow.com/questions/62641394',
    title: 'When do we not need activation function? (y = 2x + 1 with a sigmoid on the single Dense unit)',
  },
  cause: 'The single output unit goes through a sigmoid, whose output is limited to [0, 1], while the targets 2x + 1 run from 3 to 15: the activation does not match the problem.',
  fix: 'Leave the Dense unit linear (no activation).',
  codes: ['output_loss_mismatch'],
  port: "Data, model and fit as posted: seven points, Dense(1), Keras 'sgd' (lr 0.01) → tf.train.sgd(0.01), MSE, 30 epochs of the default batch 32 (one step an epoch).",
  learns: { metric: 'r2', atLeast: 0.9, description: 'R² on the seven training points; the poster reports the linear program "works fine" (predicts ≈ 21 at x = 10), the sigmoid one cannot exceed 1' },
  buggy: { build: () => oneUnitModel('sigmoid'), data: lineData, fit: { epochs: 30, batchSize: 32 } },
  fixed: { build: () => oneUnitModel('linear'), data: lineData, fit: { epochs: 30, batchSize: 32 } },
});

// ---------------------------------------------------------------------------------------------
// SO 58887284 — "Why is the neural network not learning the curve?": a sigmoid unit asked for negative targets.

/**
 *   f = lambda x: - 1./(np.exp(10.*x)+1.)
 *   x_train = np.linspace(-1, 1, 111); y_train = f(x_train)
 *   x_test = np.linspace(-1, 1, 11); y_test = f(x_test)
 *   model = tf.keras.models.Sequential([tf.keras.layers.Dense(1, activation='sigmoid', input_shape=(1,), use_bias=True)])
 *   model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss='mse', metrics=['MeanAbsoluteError'])
 * Answer (nneonneo): "The sigmoid activation function can only output values between 0 and 1. Since all the values
 * of f(x) are negative, the function cannot be learned. One way to handle this is to simply normalize the values to
 * [0, 1]. In your case, simply learning f = lambda x: 1./(np.exp(10.*x)+1.) works fine."
 */
function curveData(sign: 1 | -1): () => ProgramData {
  return () => {
    const f = (x: number) => (sign * 1) / (Math.exp(10 * x) + 1);
    const xTrain = linspace(-1, 1, 111);
    const xTest = linspace(-1, 1, 11);
    return { x: column(xTrain), y: column(xTrain.map(f)), eval: { x: column(xTest), y: column(xTest.map(f)) } };
  };
}
function sigmoidUnit(): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [1], useBias: true }));
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError', metrics: ['mae'] });
  return m;
}
const so58887284 = bug({
  id: 'so-58887284-sigmoid-output-negative-target',
  source: {
    kind: 'stackoverflow',
    url: 'https://stackoverflow.com/questions/58887284',
    title: 'Why is the neural network not learning the curve? (one sigmoid unit, targets −1/(e^{10x}+1) all negative)',
  },
  cause: 'The sigmoid output can only produce values between 0 and 1, and every target of f(x) = −1/(e^{10x}+1) is negative, so the function cannot be learned.',
  fix: 'Bring the targets into [0, 1]: learn f(x) = 1/(e^{10x}+1) instead.',
  codes: ['output_loss_mismatch'],
  port: 'Data and model as posted (111 training points on linspace(−1, 1), the 11 test points for the outcome; Adam 0.01, MSE). The post does not show its fit call: Keras defaults (batch 32, so 4 steps an epoch) and 200 epochs, enough for the fixed unit to reach its target.',
  learns: { metric: 'r2', atLeast: 0.9, description: 'R² on the 11 test points of the program’s own target curve; the answer reports that the positive curve "works fine" (a sigmoid unit represents it exactly), the negative one cannot be reached' },
  buggy: { build: sigmoidUnit, data: curveData(-1), fit: { epochs: 200, batchSize: 32 } },
  fixed: { build: sigmoidUnit, data: curveData(1), fit: { epochs: 200, batchSize: 32 } },
});

// ---------------------------------------------------------------------------------------------
// SO 43636736 — linear regression by gradient descent at lr 0.5 (TF-Program-Bugs IPS-15).

/**
 * Buggy (TF-Program-Bugs StackOverflow/IPS-15/43636736-buggy/linear_regression.py):
 *   T = 100; noise = 10 * np.random.random(size=T)
 *   x = np.array([np.arange(T), np.ones(T)]); w = np.array([[2, 4]]); y = w.dot(x) + noise
 *   W = tf.Variable(tf.ones([1, 2])); Yhat = tf.matmul(W, X)
 *   MSE = (1. / (2 * T)) * tf.reduce_sum(tf.pow(Y - Yhat, 2))
 *   trainer = tf.train.GradientDescentOptimizer(0.5).minimize(MSE)
 *   for _ in range(100): sess.run(trainer, feed_dict={X: x, Y: y})
 * Fixed (…-fix/linear_regression.py): tf.train.GradientDescentOptimizer(0.0005).
 */
function lineFitData(): ProgramData {
  const T = 100;
  const next = rng(43636736);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < T; i++) {
    rows.push([i, 1]);
    y.push(2 * i + 4 + 10 * next());
  }
  return { x: tf.tensor2d(rows), y: column(y) };
}
function matmulRegression(lr: number): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ units: 1, inputShape: [2], useBias: false, kernelInitializer: 'ones' }));
  // MSE = 1/(2T) Σ (Y − Ŷ)²: half the mean squared error.
  const halfMse = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.tidy(() => tf.mul(0.5, tf.mean(tf.square(tf.sub(yTrue, yPred)))));
  m.compile({ optimizer: tf.train.sgd(lr), loss: halfMse });
  return m;
}
const so43636736 = bug({
  id: 'so-43636736-linear-regression-gd-lr-0.5',
  source: {
    kind: 'benchmark',
    url: 'https://stackoverflow.com/questions/43636736',
    title: 'TensorFlow linear regression by gradient descent: the MSE grows to inf/NaN (learning rate 0.5 on x up to 99)',
    via: 'TensorFlow-Program-Bugs IPS-15 (ForeverZyh/TensorFlow-Program-Bugs StackOverflow/IPS-15/43636736)',
  },
  cause: 'Gradient descent runs at learning rate 0.5 on inputs up to 99: every step overshoots and the MSE diverges to infinity/NaN.',
  fix: 'Lower the learning rate to 0.0005.',
  codes: ['lr_too_high'],
  port: 'W·X with W = ones([1, 2]) and X = [x; 1] → Dense(1, no bias, kernel ones) on rows (x, 1); the loss 1/(2T)·Σ(Y−Ŷ)² as a custom half-MSE; full batch (100 rows), 100 steps of plain SGD as posted. The uniform noise 10·U(0, 1) comes from a seeded generator.',
  learns: { metric: 'r2', atLeast: 0.9, description: 'R² on the 100 points (y = 2x + 4 + noise, Var(y) ≈ 3,300); the fix converges to the line, the buggy weights overflow' },
  buggy: { build: () => matmulRegression(0.5), data: lineFitData, fit: { epochs: 100, batchSize: 100, shuffle: false } },
  fixed: { build: () => matmulRegression(0.0005), data: lineFitData, fit: { epochs: 100, batchSize: 100, shuffle: false } },
});

export const PROGRAMS: RealEntry[] = [so62641394, so58887284, so43636736];
