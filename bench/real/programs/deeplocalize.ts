/**
 * Bug reports ported from the DeepLocalize benchmark (Wardat, Le & Rajan, ICSE'21;
 * https://github.com/Wardat-ISU/DeepLocalize, `Benchmark/StackOverflow/<post>` and `Benchmark/GitHub`): each entry
 * is the benchmark's buggy program and its correct twin, ported to tfjs layer by layer (the decisive Keras lines
 * are quoted above each model). Where DeepLocalize's own patch does not make the program learn and DeepFD (a later
 * benchmark over the same posts) documents a fix that does, the fixed twin takes DeepFD's patch and says so.
 * SO #10 (31880720) is ported in example.ts and not repeated here.
 *
 * Left out — the buggy program learns anyway, the fixed one does not learn (in the source or in budget), or the
 * documented cause has no cnn-doctor code (README rules 4 and 5):
 *  - SO #2 44164749 (MNIST MLP): softmax + categorical cross-entropy is already right; the buggy program reaches
 *    0.888 and the "fix" (sigmoid + binary cross-entropy) 0.922 — DeepFD's real fix is more epochs / lr. Not a failure.
 *  - SO #4 50306988 (two clusters): DeepLocalize's fix is 10× the epochs (no code); DeepFD's patch (Adam lr 0.01,
 *    10 epochs) learns in only 2 of 5 seeds in tfjs.
 *  - SO #5 48251943 (Book1.csv regression): the fix (relu → tanh output) makes the loss worse in the benchmark
 *    (0.37 → 0.63): targets up to 2.47 are out of tanh's range. No fixed program that learns.
 *  - SO #7 33969059 (linear regression, x to 10⁴): the fixed program does not learn either (MSE 9.8·10⁶ ≈ Var(y));
 *    DeepFD: "No fix can help".
 *  - SO #12 39217567 (8-bit codes): the buggy program trains on shuffled targets, the correct one on the
 *    identity; the fixed twin needs ~256k batch-1 steps (1,000 epochs) — at 6,000 steps in tfjs it stays at 0.54.
 *  - SO #16 59278771 (iris, sigmoid outputs + categorical cross-entropy): the buggy program learns in tfjs (0.967).
 *  - SO #18 41372874: the benchmark marks it "No issue in the structure" (same result before and after).
 *  - SO #19 34673164 (9 rows of county data): DeepFD finds the original already at accuracy 1; in tfjs the buggy
 *    program reaches 0.78–0.89 and the BatchNormalization fix 0.56 after its 20 steps — no measurable outcome on 9 rows.
 *  - SO #24 51930566 (iris, unscaled + sigmoid): DeepFD finds the original at 1.0; in tfjs the fixed program reaches
 *    only 0.69–0.77 (0.907 in the benchmark) against the buggy 0.60 — too close for a criterion from the source.
 *  - SO #25 47352366 (TF-tutorial CNN with a ReLU output): ~1 s a step on wasm; in the 40 affordable steps the
 *    buggy program does not reach NaN and learns to 0.54, so it does not fail there.
 *  - SO #27 48594888 (CIFAR-10 CNN, raw pixels): the buggy program learns (0.48 ≫ chance 0.1); the fix is epochs
 *    and batch size (DeepFD) and the 256-filter CNN is far beyond the budget.
 *  - SO #28 31627380 (Titanic): softmax + categorical cross-entropy on 2 units is right; both programs sit near the
 *    majority rate (0.58 → 0.63); DeepFD's fix is the optimizer.
 *  - SO #29 58609115 (number → 69 classes): the "fixed" accuracy 0.9855 is exactly 1 − 1/69, the all-zeros binary
 *    accuracy of 69 one-hot outputs; nothing is learned on either side (and the buggy/correct folders disagree with the sheet).
 *  - SO #30 50481178: benchmark and DeepFD mark it as already correct (0.994 → 0.996).
 *  - GitHub DDOS-ML-Detection, kerasma, keras_catsdogs, Traffic-Sign-Classifier, hotdog-sandwich, Averaging_Neural_Networks,
 *    kaggle-melbourne_properties: the fix changes the architecture (layer counts/widths, activations, strides) or
 *    refactors the model builder — no cnn-doctor code (Averaging: the buggy linear model fits an average exactly).
 *  - GitHub MovieReviews_Keras: the fix adds dropout and epochs; the buggy program learns (IMDB ~0.88).
 *  - GitHub keras-super-resolution (BCE + Adam 1e-4 → MSE + Adam 1e-3): 128×128 photos not available and the
 *    128/64-filter full-resolution CNN is ~10¹⁰ MACs a batch — far beyond the wasm budget.
 *  - GitHub FacialKeypointsDetection (Adam lr 0.1 → SGD 0.01 with clipnorm): the 9,216-input network costs ~100 ms
 *    a step on wasm; on a stand-in table the fixed program was still at R² < 0 after the 250 affordable steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { cifarSlice, column, fashionMnist, gaussian, matrix, oneHot, permutation, rng } from '../data';
import { bug } from '../outcome';
import type { ProgramData, RealEntry } from '../types';

// ---------------------------------------------------------------------------------------------
// Keras → tfjs mappings (README rule 1).

/** Keras 1 `init='uniform'`: U(−0.05, 0.05). */
const uniform005 = () => tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05 });
/** Keras `init='normal'` / `kernel_initializer='normal'` / `'random_normal'`: N(0, 0.05). */
const normal005 = () => tfl.initializers.randomNormal({ mean: 0, stddev: 0.05 });
/** Keras `SGD(lr, momentum, nesterov=True)` (the `decay=1e-6` is < 1 % over these budgets and is dropped). */
const nesterov = (lr: number, momentum: number) => tf.train.momentum(lr, momentum, true);

const tensor2d = (rows: number[][]) => tf.tensor2d(rows);

/** Column-wise z-score as sklearn's StandardScaler / preprocessing.scale (population std; constant columns stay 0). */
function standardize(rows: number[][]): number[][] {
  const d = rows[0].length;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
  const std = Array.from({ length: d }, (_, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / rows.length));
  return rows.map((r) => r.map((v, j) => (v - mean[j]) / (std[j] > 0 ? std[j] : 1)));
}

/** train_test_split(X, y, test_size): shuffled, the test part of size ceil(test·n). */
function trainTestSplit<T>(rows: T[], testSize: number, seed: number): { train: T[]; test: T[] } {
  const nTest = Math.ceil(testSize * rows.length);
  const order = permutation(rows.length, seed).map((i) => rows[i]);
  return { train: order.slice(nTest), test: order.slice(0, nTest) };
}

const soSource = (post: string, title: string, n: number) => ({
  kind: 'benchmark' as const,
  url: `https://stackoverflow.com/questions/${post}`,
  title,
  via: `DeepLocalize SO #${n} (Wardat-ISU/DeepLocalize Benchmark/StackOverflow/${post})`,
});

// ---------------------------------------------------------------------------------------------
// SO #3 — 31556268: XOR with a mean-absolute-error loss and a slow SGD.

/**
 * Buggy (Keras 1):
 *   model.add(Dense(input_dim=2, output_dim=4, init="glorot_uniform")); model.add(Activation("sigmoid"))
 *   model.add(Dense(input_dim=4, output_dim=1, init="glorot_uniform")); model.add(Activation("sigmoid"))
 *   sgd = SGD(lr=0.05, decay=1e-6, momentum=0.11, nesterov=True)
 *   model.compile(loss='mean_absolute_error', optimizer=sgd)
 *   model.fit(train_data, label, nb_epoch=1000, batch_size=4)
 * Fixed: model.compile(loss='mse', optimizer='adam'); model.fit(..., nb_epoch=10000, batch_size=4)
 */
function xorData(): ProgramData {
  return { x: tensor2d([[1, 1], [1, 0], [0, 0], [0, 1]]), y: column([0, 1, 0, 1]) };
}
function xorModel(loss: 'meanAbsoluteError' | 'meanSquaredError', optimizer: tf.Optimizer): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputDim: 2, units: 4, kernelInitializer: 'glorotUniform' }));
  m.add(tfl.layers.activation({ activation: 'sigmoid' }));
  m.add(tfl.layers.dense({ units: 1, kernelInitializer: 'glorotUniform' }));
  m.add(tfl.layers.activation({ activation: 'sigmoid' }));
  m.compile({ loss, optimizer });
  return m;
}
const so31556268 = bug({
  id: 'so-31556268-xor-mae-slow-sgd',
  source: soSource('31556268', 'Keras XOR network stuck at 50% accuracy (MAE loss, SGD lr 0.05)', 3),
  cause: 'XOR trained with a mean-absolute-error loss and SGD at lr 0.05 with little momentum for 1,000 epochs: the loss stays at 0.25 and the accuracy at 50 %.',
  fix: "Compile with loss='mse' and the Adam optimizer, and train for 10,000 epochs.",
  codes: ['output_loss_mismatch', 'lr_too_low'],
  port: 'Data as in the post (the four XOR rows, batch 4 = one step per epoch). Keras SGD(lr=0.05, momentum=0.11, nesterov=True) → tf.train.momentum(0.05, 0.11, true) (decay 1e-6 dropped); Keras adam → tf.train.adam(0.001). Buggy: 1,000 epochs as posted; fixed: 10,000 epochs as in the fix.',
  learns: { metric: 'accuracy', atLeast: 1, description: 'accuracy on the four XOR rows at threshold 0.5; the fixed program reaches 1.0 in the benchmark, the buggy one 0.5' },
  buggy: { build: () => xorModel('meanAbsoluteError', nesterov(0.05, 0.11)), data: xorData, fit: { epochs: 1000, batchSize: 4 } },
  fixed: { build: () => xorModel('meanSquaredError', tf.train.adam(0.001)), data: xorData, fit: { epochs: 10000, batchSize: 4 } },
});

// ---------------------------------------------------------------------------------------------
// SO #9 — 34311586: softmax on one output unit, SGD lr 0.001.

/**
 * Buggy (Keras 1):
 *   X = [[1,1],[0,0],[1,0],[0,1],[1,1],[0,0]]; y = [[0],[0],[1],[1],[0],[0]]
 *   Dense(2, input_dim=2, init='uniform') → sigmoid → Dense(3, init='uniform') → sigmoid
 *   → Dense(1, init='uniform') → Activation('softmax')
 *   sgd = SGD(lr=0.001, decay=1e-6, momentum=0.9, nesterov=True); loss='mean_squared_error'
 *   model.fit(X, y, nb_epoch=20)                       (default batch 32)
 * Fixed: Dense(1, init='uniform', activation='sigmoid'); SGD(lr=0.1, ...); fit(nb_epoch=10000, batch_size=4)
 */
function xor6Data(): ProgramData {
  return { x: tensor2d([[1, 1], [0, 0], [1, 0], [0, 1], [1, 1], [0, 0]]), y: column([0, 0, 1, 1, 0, 0]) };
}
function xor6Model(out: 'softmax' | 'sigmoid', lr: number): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputDim: 2, units: 2, kernelInitializer: uniform005() }));
  m.add(tfl.layers.activation({ activation: 'sigmoid' }));
  m.add(tfl.layers.dense({ units: 3, kernelInitializer: uniform005() }));
  m.add(tfl.layers.activation({ activation: 'sigmoid' }));
  m.add(tfl.layers.dense({ units: 1, kernelInitializer: uniform005() }));
  m.add(tfl.layers.activation({ activation: out }));
  m.compile({ loss: 'meanSquaredError', optimizer: nesterov(lr, 0.9) });
  return m;
}
const so34311586 = bug({
  id: 'so-34311586-softmax-one-unit-low-lr',
  source: soSource('34311586', 'Keras XOR: the network always predicts the same value (softmax output, lr 0.001)', 9),
  cause: 'The single output unit goes through softmax, which is constantly 1, and SGD runs at lr 0.001 for 20 epochs, so nothing is learned.',
  fix: "Use activation 'sigmoid' on the output unit, SGD lr 0.1, and train 10,000 epochs with batch size 4.",
  codes: ['output_loss_mismatch', 'lr_too_low'],
  port: "Data as in the post. Keras 1 init='uniform' → U(±0.05); SGD(momentum=0.9, nesterov=True) → tf.train.momentum(lr, 0.9, true) (decay 1e-6 dropped).",
  learns: { metric: 'loss', atMost: 0.2, description: 'MSE on the six rows; the constant prediction scores 2/9 ≈ 0.222, the fixed program reaches 0.171 in the benchmark, the buggy 0.667' },
  buggy: { build: () => xor6Model('softmax', 0.001), data: xor6Data, fit: { epochs: 20, batchSize: 32 } },
  fixed: { build: () => xor6Model('sigmoid', 0.1), data: xor6Data, fit: { epochs: 10000, batchSize: 4 } },
});

// ---------------------------------------------------------------------------------------------
// SO #11 — 39525358: unscaled inputs around 65–70.

/** `sorted output.csv` of the benchmark (20 rows after `skiprows=1`): three readings and a 0/1 label. */
const SORTED_OUTPUT = [
  [68, 69, 70, 1], [65, 66, 67, 0], [68, 69, 70, 1], [65, 66, 67, 0], [65, 66, 67, 0], [65, 66, 67, 0], [68, 69, 70, 1],
  [65, 66, 67, 0], [68, 69, 70, 1], [65, 66, 67, 0], [65, 66, 70, 0], [68, 69, 67, 1], [65, 66, 70, 0], [68, 69, 70, 1],
  [68, 69, 70, 1], [65, 66, 67, 0], [68, 69, 70, 1], [65, 66, 67, 0], [65, 66, 67, 0], [65, 66, 67, 0],
];
/**
 * Buggy:
 *   X = dataset[:,0:3]; Y = dataset[:,3]            (#scaler = StandardScaler(); X = scaler.fit_transform(X))
 *   X_train, X_test, y_train, y_test = train_test_split(X, Y, test_size=0.33, random_state=seed)
 *   Dense(12, input_dim=3, init='uniform') → relu → Dense(3, init='uniform') → relu → Dense(1, init='uniform') → sigmoid
 *   model.compile(loss='binary_crossentropy', optimizer='adam'); model.fit(X_train, y_train, nb_epoch=150, batch_size=1)
 * Fixed: scaler = StandardScaler(); X = scaler.fit_transform(X); ...; fit(..., nb_epoch=150, batch_size=10)
 */
function sortedOutputData(scale: boolean): ProgramData {
  const X = SORTED_OUTPUT.map((r) => r.slice(0, 3));
  const Xs = scale ? standardize(X) : X;
  const rows = Xs.map((x, i) => ({ x, y: SORTED_OUTPUT[i][3] }));
  const { train, test } = trainTestSplit(rows, 0.33, 7);
  void test; // held out by the program (the fixed one passes it as validation_data; its reported accuracy is fit's)
  return { x: tensor2d(train.map((r) => r.x)), y: column(train.map((r) => r.y)) };
}
function sortedOutputModel(): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputDim: 3, units: 12, kernelInitializer: uniform005() }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 3, kernelInitializer: uniform005() }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 1, kernelInitializer: uniform005() }));
  m.add(tfl.layers.activation({ activation: 'sigmoid' }));
  m.compile({ loss: 'binaryCrossentropy', optimizer: tf.train.adam(0.001) });
  return m;
}
const so39525358 = bug({
  id: 'so-39525358-unscaled-inputs',
  source: soSource('39525358', 'Keras binary classifier stuck at 61% accuracy on raw readings (no feature scaling)', 11),
  cause: 'The three input features (readings around 65–70) are fed unscaled, so the small U(±0.05) ReLU network cannot separate the classes.',
  fix: 'Standardise X with sklearn StandardScaler before the split.',
  codes: ['input_not_normalized'],
  port: "The benchmark's 20-row CSV embedded; train_test_split(test_size=0.33) → a seeded shuffle (13 train, 7 test rows). Keras 1 init='uniform' → U(±0.05), adam → tf.train.adam(0.001).",
  learns: { metric: 'accuracy', atLeast: 0.99, description: "accuracy on the 13 training rows (fit's accuracy, which the benchmark reports): the fixed program reaches 1.0, the buggy 0.615" },
  buggy: { build: sortedOutputModel, data: () => sortedOutputData(false), fit: { epochs: 150, batchSize: 1 } },
  fixed: { build: sortedOutputModel, data: () => sortedOutputData(true), fit: { epochs: 150, batchSize: 10 } },
});

// ---------------------------------------------------------------------------------------------
// SO #13 — 48934338: SGD lr 0.1 on a quadratic regression.

/**
 * Buggy (Keras 1):
 *   X = np.arange(0.0, 5.0, 0.1).reshape(-1,1); y = 5 * X**2 + np.random.randn(50,1)**3
 *   Dense(50, input_dim=1) → relu → Dense(30, init='uniform') → relu → Dense(output_dim=1) → linear
 *   sgd = optimizers.SGD(lr=0.1); model.compile(loss='mse', optimizer=sgd); model.fit(X, y, nb_epoch=1000)
 * Fixed: sgd = optimizers.SGD(lr=0.001)
 */
function quadraticData(): ProgramData {
  const next = rng(48934338);
  const xs = Array.from({ length: 50 }, (_, i) => i * 0.1);
  const ys = xs.map((x) => 5 * x * x + gaussian(next) ** 3);
  return { x: column(xs), y: column(ys) };
}
function quadraticModel(lr: number): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputDim: 1, units: 50 }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 30, kernelInitializer: uniform005() }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 1 }));
  m.add(tfl.layers.activation({ activation: 'linear' }));
  m.compile({ loss: 'meanSquaredError', optimizer: tf.train.sgd(lr) });
  return m;
}
const so48934338 = bug({
  id: 'so-48934338-sgd-lr-too-high',
  source: soSource('48934338', 'Keras regression of y = 5x² predicts a flat line (SGD lr 0.1)', 13),
  cause: 'SGD with learning rate 0.1 on unscaled quadratic targets blows the ReLU network up; it ends predicting a constant (MSE ≈ Var(y)).',
  fix: 'Lower the SGD learning rate to 0.001.',
  codes: ['lr_too_high'],
  port: 'Data generated as in the post (seeded randn); default batch 32 → 2 steps per epoch, 1,000 epochs as posted.',
  learns: { metric: 'r2', atLeast: 0.5, description: 'R² on the 50 points; the fixed program reaches MSE 341 (R² ≈ 0.75) in the benchmark, the buggy 1,336 ≈ Var(y)' },
  buggy: { build: () => quadraticModel(0.1), data: quadraticData, fit: { epochs: 1000, batchSize: 32 } },
  fixed: { build: () => quadraticModel(0.001), data: quadraticData, fit: { epochs: 1000, batchSize: 32 } },
});

// ---------------------------------------------------------------------------------------------
// SO #17 — 52800582: y = x⁴ on x ∈ [−100, 100), unscaled.

/**
 * Buggy:
 *   x = np.arange(-100, 100, 0.5); y = x**4
 *   Dense(50, input_shape=(1,)) → sigmoid → Dense(50) → elu → Dense(1)
 *   model.compile(loss='mse', optimizer='adam'); model.fit(x, y, epochs=1000, batch_size=len(x))
 * Fixed:
 *   x = StandardScaler().fit_transform(x[:, None]); y = StandardScaler().fit_transform(y[:, None])
 *   Dense(50) → relu → Dense(50) → elu → Dense(1); for i in range(100): model.fit(x, y, epochs=1000, batch_size=len(x))
 */
function quarticData(scale: boolean): ProgramData {
  const xs = Array.from({ length: 400 }, (_, i) => -100 + i * 0.5);
  const ys = xs.map((x) => x ** 4);
  if (!scale) return { x: column(xs), y: column(ys) };
  const s = standardize(xs.map((x, i) => [x, ys[i]]));
  return { x: column(s.map((r) => r[0])), y: column(s.map((r) => r[1])) };
}
function quarticModel(first: 'sigmoid' | 'relu'): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [1], units: 50 }));
  m.add(tfl.layers.activation({ activation: first }));
  m.add(tfl.layers.dense({ units: 50 }));
  m.add(tfl.layers.activation({ activation: 'elu' }));
  m.add(tfl.layers.dense({ units: 1 }));
  m.compile({ loss: 'meanSquaredError', optimizer: tf.train.adam(0.001) });
  return m;
}
const so52800582 = bug({
  id: 'so-52800582-unscaled-quartic-target',
  source: soSource('52800582', 'Keras cannot fit y = x⁴ (inputs to ±100, targets to 10⁸, unscaled)', 17),
  cause: 'Neither x (up to ±100) nor the target y = x⁴ (up to 10⁸) is scaled, so Adam at lr 0.001 cannot move the network anywhere near the targets.',
  fix: 'Standardise x and y with StandardScaler (and use relu in the first layer).',
  codes: ['input_not_normalized'],
  port: 'Data as in the post (400 points, full batch). The fixed program trains 2,000 full-batch epochs instead of 100 × 1,000 (it fits well before).',
  learns: { metric: 'r2', atLeast: 0.9, description: 'R² on the 400 points (in the units each program trains on); the fixed program reaches MSE 9e-5 on standardised targets in the benchmark' },
  buggy: { build: () => quarticModel('sigmoid'), data: () => quarticData(false), fit: { epochs: 1000, batchSize: 400 } },
  fixed: { build: () => quarticModel('relu'), data: () => quarticData(true), fit: { epochs: 2000, batchSize: 400 } },
});

// ---------------------------------------------------------------------------------------------
// SO #20 — 48221692: a sigmoid output for targets 3–103.

/**
 * Buggy:
 *   dataset = Linear_Data.csv  (x = −10 … 10 step 0.1, y = x² + 3)
 *   X_train, X_test, Y_train, Y_test = train_test_split(dataset[:,0:1], dataset[:,1], test_size=0.25)
 *   Dense(5, input_dim=1) → sigmoid → Dense(1) → sigmoid
 *   compile(loss='mean_squared_error', optimizer='sgd'); fit(epochs=1000, batch_size=X_train.shape[0])
 * Fixed: neural_network.add(Dense(1, activation='linear'))
 */
function parabolaData(): ProgramData {
  const rows = Array.from({ length: 201 }, (_, i) => {
    const x = Math.round((-10 + i * 0.1) * 10) / 10;
    return [x, x * x + 3];
  });
  const { train, test } = trainTestSplit(rows, 0.25, 7);
  return {
    x: column(train.map((r) => r[0])),
    y: column(train.map((r) => r[1])),
    eval: { x: column(test.map((r) => r[0])), y: column(test.map((r) => r[1])) },
  };
}
function parabolaModel(out: 'sigmoid' | 'linear'): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputDim: 1, units: 5 }));
  m.add(tfl.layers.activation({ activation: 'sigmoid' }));
  m.add(tfl.layers.dense({ units: 1 }));
  m.add(tfl.layers.activation({ activation: out }));
  m.compile({ loss: 'meanSquaredError', optimizer: tf.train.sgd(0.01) });
  return m;
}
const so48221692 = bug({
  id: 'so-48221692-sigmoid-regression-output',
  source: soSource('48221692', 'Keras regression of a parabola outputs at most 1 (sigmoid output layer)', 20),
  cause: 'The regression output goes through a sigmoid, which cannot exceed 1, while the targets run from 3 to 103.',
  fix: "Use a linear activation on the output layer.",
  codes: ['output_loss_mismatch'],
  port: "Linear_Data.csv regenerated exactly (y = x² + 3, x = −10…10 step 0.1); train_test_split(test_size=0.25) → seeded shuffle (150 train, 51 test). Keras 'sgd' → tf.train.sgd(0.01), full batch.",
  learns: { metric: 'r2', atLeast: 0.6, description: 'R² on the 51 held-out points; the fixed program reaches MSE 122 (R² ≈ 0.86) in the benchmark, the buggy 2,312 (worse than the mean)' },
  buggy: { build: () => parabolaModel('sigmoid'), data: parabolaData, fit: { epochs: 1000, batchSize: 150 } },
  fixed: { build: () => parabolaModel('linear'), data: parabolaData, fit: { epochs: 1000, batchSize: 150 } },
});

// ---------------------------------------------------------------------------------------------
// SO #23 — 44066044: raw packet fields (IP addresses ~3.2e9) and a ReLU output with binary cross-entropy.

/** NetworkPackets.csv of the benchmark: 11 packet fields and the 0/1 label. */
const NETWORK_PACKETS = [
  [3232235778, 3232235779, 6, 128, 524544, 502, 0, 0, 0, 0, 0, 0],
  [3232235778, 3232235779, 6, 128, 524544, 502, 12, 61, 6, 0, 206, 0],
  [3232235773, 3232235779, 6, 128, 524032, 56783, 0, 0, 0, 0, 0, 0],
  [3232235773, 3232235779, 6, 128, 524032, 55783, 12, 61, 6, 0, 206, 0],
  [3232235773, 3232235779, 6, 128, 524288, 502, 0, 0, 0, 0, 0, 0],
  [3232235778, 3232235779, 6, 128, 524288, 502, 12, 0.860417, 6, 0, 207, 0],
  [3232235778, 3232235779, 6, 128, 524032, 56783, 0, 0, 0, 0, 0, 0],
  [3232235778, 3232235779, 6, 128, 524032, 55783, 12, 0.860417, 6, 0, 207, 0],
  [3232235781, 3232235779, 6, 128, 8192, 502, 0, 0, 0, 0, 0, 1],
  [3232235781, 3232235779, 6, 128, 8192, 55924, 0, 0, 0, 0, 0, 1],
  [3232235781, 3232235779, 6, 128, 525568, 502, 0, 0, 0, 0, 0, 1],
  [3232235781, 3232235779, 6, 128, 525568, 502, 12, 0, 5, 0, 100, 1],
  [3232235781, 3232235779, 6, 128, 525568, 55924, 0, 0, 0, 0, 0, 1],
  [3232235781, 3232235779, 6, 128, 525558, 55924, 12, 0, 5, 0, 100, 1],
  [3232235781, 3232235779, 6, 128, 525558, 502, 0, 0, 0, 0, 0, 1],
  [3232235781, 3232235779, 6, 128, 525558, 502, 12, 65280, 5, 0, 101, 1],
  [3232235781, 3232235779, 6, 128, 525568, 55924, 0, 0, 0, 0, 0, 1],
  [3232235781, 3232235779, 6, 128, 525558, 55924, 12, 65280, 5, 0, 101, 1],
  [3232235781, 3232235779, 6, 128, 525558, 502, 0, 0, 0, 0, 0, 1],
  [3232235781, 3232235779, 6, 128, 525558, 502, 12, 0, 5, 0, 102, 1],
  [3232235781, 3232235779, 6, 128, 525558, 55924, 0, 0, 0, 0, 0, 1],
];
/**
 * Buggy:
 *   X = dataset[:, 0:11]; Y = dataset[:, 11]
 *   Dense(12, input_dim=11, kernel_initializer='normal') → relu → Dense(12, 'normal') → relu → Dense(1, 'normal') → relu
 *   model.compile(loss='binary_crossentropy', optimizer='Adam'); model.fit(X, Y, nb_epoch=100, batch_size=5)
 * Fixed: X = preprocessing.scale(X); Dense(1, kernel_initializer='normal', activation='sigmoid')
 */
function packetsData(scale: boolean): ProgramData {
  const X = NETWORK_PACKETS.map((r) => r.slice(0, 11));
  return { x: tensor2d(scale ? standardize(X) : X), y: column(NETWORK_PACKETS.map((r) => r[11])) };
}
function packetsModel(out: 'relu' | 'sigmoid'): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputDim: 11, units: 12, kernelInitializer: normal005() }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 12, kernelInitializer: normal005() }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 1, kernelInitializer: normal005() }));
  m.add(tfl.layers.activation({ activation: out }));
  m.compile({ loss: 'binaryCrossentropy', optimizer: tf.train.adam(0.001) });
  return m;
}
const so44066044 = bug({
  id: 'so-44066044-raw-packets-relu-output',
  source: soSource('44066044', 'Keras packet classifier: accuracy 38% and loss 9.5 (unscaled fields, ReLU output)', 23),
  cause: 'The packet fields (IP addresses ~3.2·10⁹, ports, flags) are fed unscaled and the output unit is a ReLU trained with binary cross-entropy.',
  fix: "Scale X with sklearn preprocessing.scale and use a sigmoid output unit.",
  codes: ['input_not_normalized', 'output_loss_mismatch'],
  port: "The benchmark's 21-row CSV embedded. kernel_initializer='normal' → N(0, 0.05); 'Adam' → tf.train.adam(0.001).",
  learns: { metric: 'accuracy', atLeast: 0.95, description: 'accuracy on the 21 rows (the program evaluates on its training data); the fixed program reaches 1.0 in the benchmark, the buggy 0.381' },
  buggy: { build: () => packetsModel('relu'), data: () => packetsData(false), fit: { epochs: 100, batchSize: 5 } },
  fixed: { build: () => packetsModel('sigmoid'), data: () => packetsData(true), fit: { epochs: 100, batchSize: 5 } },
});

// ---------------------------------------------------------------------------------------------
// SO #26 — 45442843: one feature ~2·10⁴, softmax on one unit, MAE loss.

/**
 * Buggy:
 *   X = dataset[:,0:1]; Y = dataset[:,1].astype(bool); first 80 % train, last 20 % test
 *   Dense(1, input_dim=1) → sigmoid → Dense(1, init='normal') → softmax
 *   compile(loss='mean_absolute_error', optimizer='rmsprop'); fit(..., epochs=100, batch_size=200)
 * Fixed: X = preprocessing.scale(X); Dense(1, init='normal', activation='sigmoid'); loss='binary_crossentropy'
 */
function thresholdData(scale: boolean): ProgramData {
  // dataset.csv: 998 rows, x uniform integers in [15000, 25000), label exactly x < 20000 (checked on the benchmark's file).
  const next = rng(45442843);
  const xs = Array.from({ length: 998 }, () => 15000 + Math.floor(next() * 10000));
  const ys = xs.map((x) => (x < 20000 ? 1 : 0));
  const X = scale ? standardize(xs.map((x) => [x])).map((r) => r[0]) : xs;
  const cut = Math.floor(998 * 0.8);
  return {
    x: column(X.slice(0, cut)),
    y: column(ys.slice(0, cut)),
    eval: { x: column(X.slice(cut)), y: column(ys.slice(cut)) },
  };
}
function thresholdModel(fixed: boolean): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputDim: 1, units: 1 }));
  m.add(tfl.layers.activation({ activation: 'sigmoid' }));
  m.add(tfl.layers.dense({ units: 1, kernelInitializer: normal005() }));
  m.add(tfl.layers.activation({ activation: fixed ? 'sigmoid' : 'softmax' }));
  m.compile({ loss: fixed ? 'binaryCrossentropy' : 'meanAbsoluteError', optimizer: tf.train.rmsprop(0.001) });
  return m;
}
const so45442843 = bug({
  id: 'so-45442843-softmax-one-unit-mae',
  source: soSource('45442843', 'Keras binary classifier stuck at 50% (softmax on one unit, MAE loss, raw feature)', 26),
  cause: 'The single output unit goes through softmax (constantly 1) and is trained with mean absolute error on an unscaled feature around 2·10⁴.',
  fix: "Scale X (preprocessing.scale), use a sigmoid output unit and binary cross-entropy.",
  codes: ['output_loss_mismatch', 'input_not_normalized'],
  port: "dataset.csv (998 rows of one integer feature in [15000, 25000) labelled x < 20000) regenerated seeded with the same rule; first 80 % train, last 20 % test as posted; Keras rmsprop → tf.train.rmsprop(0.001). Both programs train 400 epochs instead of 100 (4 steps each): in tfjs the fixed network, a single sigmoid hidden unit moving at rmsprop's 0.001 per step, crosses the decision threshold inside the data range in only 1 of 6 seeds after 100 epochs, in 6 of 6 after 400; the buggy one cannot learn at any length (its output is constantly 1).",
  learns: { metric: 'accuracy', atLeast: 0.75, description: 'accuracy on the last 20 % (200 rows); the fixed program reaches 0.835 in the benchmark, the buggy 0.498' },
  buggy: { build: () => thresholdModel(false), data: () => thresholdData(false), fit: { epochs: 400, batchSize: 200, validationData: 'eval' } },
  fixed: { build: () => thresholdModel(true), data: () => thresholdData(true), fit: { epochs: 400, batchSize: 200, validationData: 'eval' } },
});

// ---------------------------------------------------------------------------------------------
// SO #22 — 45337371: softmax on one output unit, binary cross-entropy.

/**
 * Buggy (Buggy Model/updatepy.py):
 *   x = np.random.uniform(size=(1000, 5, 1)); y = np.random.uniform(size=(1000, 5, 1))
 *   Dense(60, input_shape=(5,1)) → relu → Dense(50) → relu → Dense(1) → softmax
 *   compile(optimizer='adam', loss='binary_crossentropy'); fit(x, y, batch_size=1, epochs=5)
 * Fixed: model.add(Dense(1, activation='sigmoid'))
 */
function uniformPairs(): ProgramData {
  const x = tf.reshape(matrix(1000, 5, 45337371, (next) => next()).tensor, [1000, 5, 1]);
  const y = tf.reshape(matrix(1000, 5, 45337372, (next) => next()).tensor, [1000, 5, 1]);
  return { x, y };
}
function uniformPairsModel(out: 'softmax' | 'sigmoid'): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [5, 1], units: 60 }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 50 }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 1 }));
  m.add(tfl.layers.activation({ activation: out }));
  m.compile({ loss: 'binaryCrossentropy', optimizer: tf.train.adam(0.001) });
  return m;
}
const so45337371 = bug({
  id: 'so-45337371-softmax-one-unit',
  source: soSource('45337371', 'Keras gradients of the output are all zero (softmax on a single output unit)', 22),
  cause: 'The single output unit goes through softmax, which is constantly 1: its gradient is zero and the binary cross-entropy stays at ~7.9.',
  fix: "Use activation 'sigmoid' on the single output unit.",
  codes: ['output_loss_mismatch'],
  port: 'Data generated as in the program (seeded uniform x and y). 1,500 steps of batch 1 instead of 5 epochs of 1,000 (the fixed one reaches its floor well before).',
  learns: { metric: 'loss', atMost: 0.75, description: 'binary cross-entropy on the 1,000 rows; the targets are uniform noise, so the best is ≈ ln 2 = 0.693, which the fixed program reaches in the benchmark (0.6931); the buggy one 7.85' },
  buggy: { build: () => uniformPairsModel('softmax'), data: uniformPairs, fit: { epochs: 5, batchSize: 1, maxSteps: 1500 } },
  fixed: { build: () => uniformPairsModel('sigmoid'), data: uniformPairs, fit: { epochs: 5, batchSize: 1, maxSteps: 1500 } },
  fixedNotScored: 'x and y are independent uniform noise: the fixed program\'s best, ln 2 = 0.693, is the constant prediction, so it sits at the level of a model that ignores its input — what chance_plateau reports — and nothing else can be learnt.',
});


// ---------------------------------------------------------------------------------------------
// Image programs (MNIST → Fashion-MNIST, README rule 2).

/** Fashion-MNIST as flat rows, pixels as the program leaves them (`/255` or raw), integer labels kept. */
function fashionFlat(n: number, o: { split?: 'train' | 'test'; unit: boolean }): { x: tf.Tensor; labels: number[] } {
  const { x, labels } = fashionMnist(n, { split: o.split, flat: true });
  if (!o.unit) return { x, labels };
  const scaled = tf.div(x, 255);
  x.dispose();
  return { x: scaled, labels };
}

// SO #1 — 48385830: no activations, N(0, 1) weights, MSE, SGD lr 3.0.

/**
 * Buggy:
 *   x_train /= 255; y_train = to_categorical(y_train, 10)
 *   layer1 = Dense(30, input_shape=(784,), kernel_initializer=RandomNormal(stddev=1), bias_initializer=RandomNormal(stddev=1))
 *   layer2 = Dense(10, kernel_initializer=RandomNormal(stddev=1), bias_initializer=RandomNormal(stddev=1))
 *   model.compile(optimizer=SGD(lr=3.0), loss='mean_squared_error'); model.fit(x_train, y_train, batch_size=10, epochs=30)
 * Fixed: layer1 = Dense(30, activation='sigmoid', ...); layer2 = Dense(10, activation='softmax', ...);
 *        loss='categorical_crossentropy' (SGD lr 3.0 kept)
 */
function nielsenData(): ProgramData {
  const tr = fashionFlat(20000, { unit: true });
  const te = fashionFlat(1000, { split: 'test', unit: true });
  return { x: tr.x, y: oneHot(tr.labels, 10), eval: { x: te.x, y: oneHot(te.labels, 10) } };
}
function nielsenModel(fixed: boolean): tfl.LayersModel {
  const n1 = () => tfl.initializers.randomNormal({ mean: 0, stddev: 1 });
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [784], units: 30, activation: fixed ? 'sigmoid' : 'linear', kernelInitializer: n1(), biasInitializer: n1() }));
  m.add(tfl.layers.dense({ units: 10, activation: fixed ? 'softmax' : 'linear', kernelInitializer: n1(), biasInitializer: n1() }));
  m.compile({ optimizer: tf.train.sgd(3.0), loss: fixed ? 'categoricalCrossentropy' : 'meanSquaredError' });
  return m;
}
const so48385830 = bug({
  id: 'so-48385830-linear-net-mse-lr3',
  source: soSource('48385830', 'Keras 784-30-10 MNIST network (Nielsen) gives NaN loss / 10% accuracy', 1),
  cause: 'Both Dense layers are left linear (no sigmoid/softmax) and the 10 linear outputs are trained with MSE at SGD lr 3.0 from N(0, 1) weights: the loss blows up to NaN and the accuracy stays at chance.',
  fix: "Add activation='sigmoid' to the hidden layer and 'softmax' to the output layer, and use categorical cross-entropy (lr 3.0 kept).",
  codes: ['missing_activation', 'output_loss_mismatch', 'lr_too_high'],
  port: 'MNIST → Fashion-MNIST (20,000 training images, 1,000 test images), pixels / 255 as in the post; 2,000 steps of batch 10 (one epoch of the subset) instead of 30 epochs of 60,000. The threshold is lower than the MNIST result: at lr 3.0 the fixed network reaches 0.63–0.68 on Fashion-MNIST in tfjs (3 seeds), the buggy one 0.107 with NaN loss. lr_too_high from DeepFD\'s ground truth for this post (activation, loss, learning rate).',
  needs: ['fashion-mnist'],
  learns: { metric: 'accuracy', atLeast: 0.5, description: 'test accuracy on 1,000 Fashion-MNIST test images (chance 0.1); the fixed program reaches 0.958 on MNIST in the benchmark, the buggy 0.099 (NaN loss)' },
  buggy: { build: () => nielsenModel(false), data: nielsenData, fit: { epochs: 1, batchSize: 10 } },
  fixed: { build: () => nielsenModel(true), data: nielsenData, fit: { epochs: 1, batchSize: 10 } },
});

// SO #8 — 55328966: raw pixels and a sigmoid output with categorical cross-entropy.

/**
 * Buggy:
 *   train = mnist_train.csv rows 1..5000; x_train = x_train.values   (0–255); y one-hot
 *   Dense(784, input_shape=(784,)) → Dense(50, l2(0)) → relu → Dense(10, l2(0)) → sigmoid
 *   compile(optimizer=tf.compat.v1.train.GradientDescentOptimizer(0.0001), loss='categorical_crossentropy')
 *   fit(x_train, y_train_onehot, epochs=10, batch_size=32)
 * Fixed: x_train = x_train.values/255; Dense(50, activation='relu'); Dense(10, activation='softmax');
 *        optimizer = tf.keras.optimizers.Adam(learning_rate=alpha)   (the last line from DeepFD's patch of this post)
 */
function csvMnistData(unit: boolean): ProgramData {
  const tr = fashionFlat(1500, { unit });
  const te = fashionFlat(1000, { split: 'test', unit });
  return { x: tr.x, y: oneHot(tr.labels, 10), eval: { x: te.x, y: oneHot(te.labels, 10) } };
}
function csvMnistModel(fixed: boolean): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [784], units: 784 }));
  m.add(tfl.layers.dense({ units: 50 }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 10 }));
  m.add(tfl.layers.activation({ activation: fixed ? 'softmax' : 'sigmoid' }));
  m.compile({ optimizer: fixed ? tf.train.adam(0.0001) : tf.train.sgd(0.0001), loss: 'categoricalCrossentropy' });
  return m;
}
const so55328966 = bug({
  id: 'so-55328966-raw-pixels-sigmoid-output',
  source: soSource('55328966', 'Keras MNIST (CSV) classifier stuck at loss 2.3026 / 10% accuracy', 8),
  cause: 'Raw 0–255 pixels go into the network and the 10 outputs are sigmoids trained with categorical cross-entropy: the sigmoids saturate at 1, the normalised outputs are all 0.1 and the loss sits at ln 10.',
  fix: "Divide the pixels by 255 and use a softmax output layer (DeepLocalize's patch), with Adam at the same lr 1e-4 (DeepFD's patch).",
  codes: ['input_not_normalized', 'output_loss_mismatch'],
  port: "MNIST CSV → Fashion-MNIST: 1,500 training images (of the 5,000 rows) and 1,000 test images; 4 epochs of batch 32 (188 steps) instead of 10 of 5,000 rows — the 784×784 first layer costs ~70 ms a step on wasm. With DeepLocalize's patch alone (plain SGD at lr 1e-4) the fixed program needs far more steps than that budget (0.23 test accuracy after 630 steps), so the fixed twin takes DeepFD's optimizer line too. l2(0) regularisers dropped (no-ops).",
  needs: ['fashion-mnist'],
  learns: { metric: 'accuracy', atLeast: 0.6, description: 'test accuracy on 1,000 Fashion-MNIST test images; the fixed program reaches 0.80 on MNIST in the benchmark, the buggy 0.099' },
  buggy: { build: () => csvMnistModel(false), data: () => csvMnistData(false), fit: { epochs: 4, batchSize: 32 } },
  fixed: { build: () => csvMnistModel(true), data: () => csvMnistData(true), fit: { epochs: 4, batchSize: 32 } },
});

// SO #15 — 59325381: the labels divided by 255.

/**
 * Buggy:
 *   x_train = x_train/255; y_train = y_train/255          (x_test left raw)
 *   Conv2D(64,(3,3),padding="same",input_shape=(28,28,1)) → MaxPooling2D(2) → Conv2D(32,(3,3),padding="same")
 *   → MaxPooling2D(2) → Flatten → Dense(128) → relu → Dense(10) → softmax
 *   compile(optimizer="adam", loss="sparse_categorical_crossentropy"); fit(x_train, y_train, epochs=2)
 * Fixed: x_test = x_test/255; y = to_categorical(y, 10); loss="categorical_crossentropy"; epochs=10
 */
function labels255Data(fixed: boolean): ProgramData {
  const tr = fashionMnist(1500);
  const te = fashionMnist(1000, { split: 'test' });
  const x = tf.div(tr.x, 255);
  tr.x.dispose();
  let ex = te.x;
  if (fixed) {
    ex = tf.div(te.x, 255);
    te.x.dispose();
  }
  const y = fixed ? oneHot(tr.labels, 10) : column(tr.labels.map((l) => l / 255));
  return { x, y, eval: { x: ex, y: fixed ? oneHot(te.labels, 10) : column(te.labels) } };
}
function labels255Model(fixed: boolean): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, strides: 1, padding: 'same', inputShape: [28, 28, 1] }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2, padding: 'valid' }));
  m.add(tfl.layers.conv2d({ filters: 32, kernelSize: 3, strides: 1, padding: 'same' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2, padding: 'valid' }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 128 }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 10 }));
  m.add(tfl.layers.activation({ activation: 'softmax' }));
  m.compile({ optimizer: tf.train.adam(0.001), loss: fixed ? 'categoricalCrossentropy' : 'sparseCategoricalCrossentropy' });
  return m;
}
const so59325381 = bug({
  id: 'so-59325381-labels-divided-by-255',
  source: soSource('59325381', 'Keras MNIST CNN: 9.8% accuracy after scaling the data (labels divided by 255)', 15),
  cause: 'The labels are divided by 255 together with the images; sparse categorical cross-entropy floors them all to class 0, so the network learns to answer 0 for every image.',
  fix: 'Scale x_test instead of y_train, one-hot the labels and use categorical cross-entropy.',
  codes: ['label_problems'],
  port: 'MNIST → Fashion-MNIST: 1,500 training and 1,000 test images; 2 epochs of batch 32 (94 steps) for both instead of 2 and 10 epochs of 60,000. The buggy program predicts the raw (unscaled) test images, as it does.',
  needs: ['fashion-mnist'],
  learns: { metric: 'accuracy', atLeast: 0.6, description: 'test accuracy against the true labels of 1,000 Fashion-MNIST test images; the fixed program reaches 0.987 on MNIST in the benchmark, the buggy 0.098' },
  buggy: { build: () => labels255Model(false), data: () => labels255Data(false), fit: { epochs: 2, batchSize: 32 } },
  fixed: { build: () => labels255Model(true), data: () => labels255Data(true), fit: { epochs: 2, batchSize: 32 } },
});

// SO #21 — 50079585: three classes, one sigmoid unit, binary cross-entropy.

/**
 * Buggy:
 *   img 150×150×3; flow_from_directory('dataset/data3a/training', class_mode='binary')   (3 class folders → labels 0, 1, 2)
 *   Conv2D(32,(3,3)) → relu → MaxPooling2D(2) → Conv2D(32,(3,3)) → relu → MaxPooling2D(2) → Conv2D(64,(3,3)) → relu
 *   → MaxPooling2D(2) → Flatten → Dense(64) → relu → Dropout(0.5) → Dense(1) → sigmoid
 *   compile(loss='binary_crossentropy', optimizer='rmsprop'); ImageDataGenerator(rescale=1/255, shear, zoom, flip)
 *   fit_generator(steps_per_epoch=979 // 16, epochs=10)
 * Fixed: Dense(3) → softmax; loss='categorical_crossentropy'; class_mode='categorical'
 */
async function carDamageData(fixed: boolean): Promise<ProgramData> {
  const pool = await cifarSlice(3000, { scale: 'unit' });
  const idx = pool.labels.map((l, i) => (l < 3 ? i : -1)).filter((i) => i >= 0);
  const x = tf.gather(pool.x, idx);
  const labels = idx.map((i) => pool.labels[i]);
  tf.dispose([pool.x, pool.y]);
  const nTrain = 600;
  const xTrain = tf.slice(x, [0, 0, 0, 0], [nTrain, 32, 32, 3]);
  const xTest = tf.slice(x, [nTrain, 0, 0, 0], [labels.length - nTrain, 32, 32, 3]);
  x.dispose();
  const target = (ls: number[]) => (fixed ? oneHot(ls, 3) : column(ls));
  return { x: xTrain, y: target(labels.slice(0, nTrain)), eval: { x: xTest, y: column(labels.slice(nTrain)) } };
}
function carDamageModel(fixed: boolean): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ filters: 32, kernelSize: 3, inputShape: [32, 32, 3] }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.conv2d({ filters: 32, kernelSize: 3 }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3 }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 64 }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.dropout({ rate: 0.5 }));
  m.add(tfl.layers.dense({ units: fixed ? 3 : 1 }));
  m.add(tfl.layers.activation({ activation: fixed ? 'softmax' : 'sigmoid' }));
  m.compile({ loss: fixed ? 'categoricalCrossentropy' : 'binaryCrossentropy', optimizer: tf.train.rmsprop(0.001) });
  return m;
}
/** Three-class accuracy: argmax of a softmax output, or the class a single sigmoid unit can name (round(p) ∈ {0, 1}). */
async function threeClassAccuracy(model: tfl.LayersModel, data: ProgramData): Promise<number> {
  const on = data.eval!;
  const value = tf.tidy(() => {
    const p = model.predict(on.x as tf.Tensor) as tf.Tensor;
    const units = p.shape[p.shape.length - 1] ?? 1;
    const cls = units === 1 ? tf.cast(tf.greater(tf.reshape(p, [-1]), 0.5), 'int32') : tf.argMax(p, 1);
    const truth = tf.cast(tf.reshape(on.y as tf.Tensor, [-1]), 'int32');
    return tf.mean(tf.cast(tf.equal(cls, truth), 'float32'));
  });
  const v = (await value.data())[0];
  value.dispose();
  return v;
}
const so50079585 = bug({
  id: 'so-50079585-one-sigmoid-unit-three-classes',
  source: soSource('50079585', 'Keras CNN for 3 damage classes stuck at 33% accuracy (one sigmoid unit, class_mode binary)', 21),
  cause: "A three-class problem is trained with one sigmoid output unit and binary cross-entropy on class indices 0, 1, 2 (class_mode='binary'), so class 2 is an impossible target.",
  fix: "Use Dense(3) with softmax, categorical cross-entropy and class_mode='categorical'.",
  codes: ['output_loss_mismatch', 'label_problems'],
  port: 'The car-damage photos (150×150) → CIFAR-10 classes 0–2 at 32×32 (600 training, ~300 test images from the local slice); the augmentation (shear, zoom, flip) is left out; 10 epochs of batch 16 (380 steps) instead of 10 × 61. Keras rmsprop → tf.train.rmsprop(0.001).',
  needs: ['cifar10'],
  learns: { metric: 'custom', atLeast: 0.45, measure: threeClassAccuracy, description: 'three-class test accuracy (chance 0.33; a single sigmoid unit can only name classes 0 and 1); the fixed program reaches 0.547 in the benchmark, the buggy 0.329' },
  buggy: { build: () => carDamageModel(false), data: () => carDamageData(false), fit: { epochs: 10, batchSize: 16 } },
  fixed: { build: () => carDamageModel(true), data: () => carDamageData(true), fit: { epochs: 10, batchSize: 16 } },
});

// ---------------------------------------------------------------------------------------------
// SO #6 — 38648195: a multi-label problem with softmax outputs and MSE.

/** Knuth's Poisson sampler (λ ≤ 50 here). */
function poisson(next: () => number, lambda: number): number {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= next();
  } while (p > l);
  return k - 1;
}
const searchSorted = (cum: number[], u: number) => {
  let i = 0;
  while (i < cum.length - 1 && cum[i] < u) i++;
  return i;
};
/** sklearn make_multilabel_classification(n_samples, n_features, n_classes) with its defaults (n_labels=2, length=50, allow_unlabeled=True). */
function multilabel(n: number, features: number, classes: number, seed: number): { xs: number[][]; ys: number[][] } {
  const next = rng(seed);
  const pc = Array.from({ length: classes }, () => next());
  const pcSum = pc.reduce((a, b) => a + b, 0);
  const cumPc: number[] = [];
  pc.reduce((acc, v) => (cumPc.push((acc + v) / pcSum), acc + v), 0);
  const pwc = Array.from({ length: features }, () => Array.from({ length: classes }, () => next()));
  for (let c = 0; c < classes; c++) {
    const sum = pwc.reduce((a, row) => a + row[c], 0);
    for (const row of pwc) row[c] /= sum;
  }
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < n; i++) {
    let size = classes + 1;
    while (size > classes) size = poisson(next, 2);
    const chosen = new Set<number>();
    while (chosen.size !== size) chosen.add(searchSorted(cumPc, next()));
    let words = 0;
    while (words === 0) words = poisson(next, 50);
    const counts = new Array(features).fill(0);
    if (chosen.size === 0) {
      for (let w = 0; w < words; w++) counts[Math.floor(next() * features)]++;
    } else {
      const cum: number[] = [];
      let acc = 0;
      for (let f = 0; f < features; f++) {
        for (const c of chosen) acc += pwc[f][c];
        cum.push(acc);
      }
      for (let f = 0; f < features; f++) cum[f] /= acc;
      for (let w = 0; w < words; w++) counts[searchSorted(cum, next())]++;
    }
    xs.push(counts);
    ys.push(Array.from({ length: classes }, (_, c) => (chosen.has(c) ? 1 : 0)));
  }
  return { xs, ys };
}
/**
 * Buggy:
 *   dummyX, dummyY = make_multilabel_classification(n_samples=60000, n_features=20, n_classes=3)
 *   Dense(20, input_dim=20) → relu → Dropout(0.5) → Dense(20) → relu → Dropout(0.5) → Dense(3) → softmax
 *   compile(loss='mean_squared_error', optimizer='sgd'); train_test_split(test_size=0.20)
 *   fit(X_train, y_train, nb_epoch=20, batch_size=20, validation_data=(X_test, y_test))
 * Fixed: Activation('sigmoid'); loss='binary_crossentropy'
 */
function multilabelData(): ProgramData {
  const { xs, ys } = multilabel(5000, 20, 3, 38648195);
  const cut = 4000;
  return {
    x: tensor2d(xs.slice(0, cut)),
    y: tensor2d(ys.slice(0, cut)),
    eval: { x: tensor2d(xs.slice(cut)), y: tensor2d(ys.slice(cut)) },
  };
}
function multilabelModel(fixed: boolean): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputDim: 20, units: 20 }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.dropout({ rate: 0.5 }));
  m.add(tfl.layers.dense({ units: 20 }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.dropout({ rate: 0.5 }));
  m.add(tfl.layers.dense({ units: 3 }));
  m.add(tfl.layers.activation({ activation: fixed ? 'sigmoid' : 'softmax' }));
  m.compile({ loss: fixed ? 'binaryCrossentropy' : 'meanSquaredError', optimizer: tf.train.sgd(0.01) });
  return m;
}
/** Per-label accuracy at 0.5 (Keras' binary accuracy, what the fixed program reports). */
async function labelAccuracy(model: tfl.LayersModel, data: ProgramData): Promise<number> {
  const on = data.eval!;
  const value = tf.tidy(() => {
    const p = model.predict(on.x as tf.Tensor) as tf.Tensor;
    return tf.mean(tf.cast(tf.equal(tf.greater(p, 0.5), tf.greater(on.y as tf.Tensor, 0.5)), 'float32'));
  });
  const v = (await value.data())[0];
  value.dispose();
  return v;
}
const so38648195 = bug({
  id: 'so-38648195-multilabel-softmax-mse',
  source: soSource('38648195', 'Keras multi-label classification: accuracy stuck (softmax output, MSE loss)', 6),
  cause: 'A multi-label target (several of 3 labels can be on) is fitted with a softmax output, which forces the labels to compete, trained with mean squared error.',
  fix: "Use a sigmoid output layer and binary cross-entropy.",
  codes: ['output_loss_mismatch'],
  port: "make_multilabel_classification reimplemented (same generative process, seeded): 5,000 samples instead of 60,000 (4,000 train, 1,000 test); 20 epochs of batch 20 as posted (4,000 steps). Keras 'sgd' → tf.train.sgd(0.01).",
  learns: { metric: 'custom', atLeast: 0.72, measure: labelAccuracy, description: 'per-label accuracy at 0.5 on the 1,000 test samples; the fixed program reaches 0.76 (binary accuracy) in the benchmark; a softmax can turn on at most one label' },
  buggy: { build: () => multilabelModel(false), data: multilabelData, fit: { epochs: 20, batchSize: 20, validationData: 'eval' } },
  fixed: { build: () => multilabelModel(true), data: multilabelData, fit: { epochs: 20, batchSize: 20, validationData: 'eval' } },
});

// ---------------------------------------------------------------------------------------------
// SO #14 — 47724077: the adult census table fed unscaled.

/** Weighted choice of an index. */
function choose(next: () => number, weights: number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let u = next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/**
 * A seeded stand-in for UCI adult.data with the same 14 columns and scales: age 17–90, workclass code 0–8,
 * fnlwgt ~1.9·10⁵ (to 1.5·10⁶), education code 0–15, education-num 1–16, marital code 0–6, occupation 0–14,
 * relationship 0–5, race 0–4, sex 0/1, capital-gain (92 % zero, else to 99,999), capital-loss (95 % zero, else
 * ~1,900), hours 1–99, country code 0–40; label >50K for ~24 % of rows from a logistic rule on age, education,
 * marriage, hours and capital gains: ~26 % positive, and the fixed program reaches ~0.85, as on the real data.
 */
function adultLike(n: number, seed: number): { rows: number[][]; labels: number[] } {
  const next = rng(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const age = clamp(Math.round(38.6 + 13.6 * gaussian(next)), 17, 90);
    const workclass = choose(next, [3, 2, 2, 1, 70, 4, 8, 4, 1]);
    const fnlwgt = clamp(Math.round(Math.exp(12.05 + 0.5 * gaussian(next))), 12285, 1484705);
    const eduNum = clamp(Math.round(10 + 2.6 * gaussian(next)), 1, 16);
    const education = (eduNum * 7) % 16;
    const married = next() < 0.46;
    const marital = married ? 2 : choose(next, [14, 1, 0, 1, 33, 3, 3]);
    const occupation = Math.floor(next() * 15);
    const relationship = married ? (next() < 0.88 ? 0 : 5) : 1 + Math.floor(next() * 4);
    const race = choose(next, [1, 3, 10, 1, 85]);
    const sex = married ? (relationship === 0 ? 1 : 0) : next() < 0.5 ? 1 : 0;
    const capGain = next() < 0.08 ? (next() < 0.06 ? 99999 : clamp(Math.round(Math.exp(8.3 + 0.9 * gaussian(next))), 114, 41310)) : 0;
    const capLoss = next() < 0.047 ? clamp(Math.round(1900 + 350 * gaussian(next)), 155, 4356) : 0;
    const hours = clamp(Math.round(40 + 12 * gaussian(next)), 1, 99);
    const country = next() < 0.9 ? 38 : Math.floor(next() * 41);
    const za = (age - 38.6) / 13.6;
    const z =
      -2.2 + 1.1 * ((eduNum - 10) / 2.6) + 0.6 * za - 0.35 * za * za + 2.0 * (married ? 1 : 0) + 0.45 * ((hours - 40) / 12) +
      3.0 * (capGain > 7000 ? 1 : 0) + 1.2 * (capLoss > 1800 ? 1 : 0) + 0.5 * gaussian(next);
    labels.push(next() < 1 / (1 + Math.exp(-1.4 * z)) ? 1 : 0);
    rows.push([age, workclass, fnlwgt, education, eduNum, marital, occupation, relationship, race, sex, capGain, capLoss, hours, country]);
  }
  return { rows, labels };
}
/**
 * Buggy:
 *   df = pd.read_csv("adult.data"); X = df.iloc[:,0:14]; Y = df.iloc[:,14]
 *   for i in [1,3,5,6,7,8,9,13]: X[i] = (label-encoded column)      (no scaling of any column)
 *   Y = to_categorical(LabelEncoder().fit_transform(Y))
 *   Dense(21, input_dim=14) → relu → Dense(2) → softmax
 *   compile(loss="categorical_crossentropy", optimizer="adam"); fit(X, Y, epochs=50, batch_size=100)
 * Fixed (DeepFD's patch of this post): X = StandardScaler().fit_transform(X); optimizer=Adam(learning_rate=0.01)
 */
function adultData(fixed: boolean): ProgramData {
  const { rows, labels } = adultLike(4000, 47724077);
  return { x: tensor2d(fixed ? standardize(rows) : rows), y: oneHot(labels, 2) };
}
function adultModel(fixed: boolean): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputDim: 14, units: 21 }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 2 }));
  m.add(tfl.layers.activation({ activation: 'softmax' }));
  m.compile({ loss: 'categoricalCrossentropy', optimizer: tf.train.adam(fixed ? 0.01 : 0.001) });
  return m;
}
const so47724077 = bug({
  id: 'so-47724077-adult-unscaled-features',
  source: soSource('47724077', 'Keras on the adult census data: accuracy 69%, loss ~30 (raw columns such as fnlwgt ~10⁵)', 14),
  cause: 'The census columns go in unscaled (fnlwgt ~10⁵, capital-gain up to 99,999, codes and ages ~10–90), so the small network cannot beat the majority class.',
  fix: 'Standardise X with StandardScaler (and Adam lr 0.01), as in DeepFD\'s patch of this post; DeepLocalize\'s own patch (adam → sgd) only reaches the majority rate 0.759.',
  codes: ['input_not_normalized'],
  port: "adult.data (32,561 rows) → 4,000 seeded rows of the same 14 columns and scales (categorical columns label-encoded, as the program intends); label share and difficulty as described at adultLike. 50 epochs of batch 100 as posted (2,000 steps). Keras adam → tf.train.adam(0.001).",
  learns: { metric: 'accuracy', atLeast: 0.8, description: 'accuracy on the 4,000 rows (the program evaluates on its training data); the majority class is 0.74 here (0.76 in the real data); the fixed program (DeepFD patch) reaches ~0.85' },
  buggy: { build: () => adultModel(false), data: () => adultData(false), fit: { epochs: 50, batchSize: 100 } },
  fixed: { build: () => adultModel(true), data: () => adultData(true), fit: { epochs: 50, batchSize: 100 } },
});

// ---------------------------------------------------------------------------------------------
// GitHub projects.

/** The Game of Life on a torus: X random fields (alive with p = 0.5), y the next state; inputs wrap-padded by one cell. */
function lifeData(n: number, h: number, w: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor4D } {
  const next = rng(seed);
  const xs = new Float32Array(n * (h + 2) * (w + 2));
  const ys = new Float32Array(n * h * w);
  for (let s = 0; s < n; s++) {
    const f = Array.from({ length: h }, () => Array.from({ length: w }, () => (next() < 0.5 ? 1 : 0)));
    for (let i = 0; i < h + 2; i++) for (let j = 0; j < w + 2; j++) xs[s * (h + 2) * (w + 2) + i * (w + 2) + j] = f[(i - 1 + h) % h][(j - 1 + w) % w];
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++) {
        let nb = 0;
        for (let di = -1; di <= 1; di++) for (let dj = -1; dj <= 1; dj++) if (di || dj) nb += f[(i + di + h) % h][(j + dj + w) % w];
        ys[s * h * w + i * w + j] = nb === 3 || (f[i][j] === 1 && nb === 2) ? 1 : 0;
      }
  }
  return { x: tf.tensor4d(xs, [n, h + 2, w + 2, 1]), y: tf.tensor4d(ys, [n, h, w, 1]) };
}
/**
 * Buggy (gol.py before the fix):
 *   life_nn(height=3, width=3, num_filters=10, num_channels=20, loss='binary_crossentropy', optimizer='adam')
 *   Conv2D(10, (3,3), padding="valid", input_shape=(5,5,1)) → relu → Conv2D(20, (1,1)) → relu → Conv2D(1, (1,1)) → sigmoid
 *   X_train, y_train = generate_dataset(8000, 3, 3); X_val, y_val = generate_dataset(2000, 3, 3)
 *   model.fit(pad_field(X_train), y_train, batch_size=64, epochs=2, validation_data=(pad_field(X_val), y_val))
 * Fixed: loss='mse', optimizer=Adam(learning_rate=0.01)
 */
function golData(): ProgramData {
  const train = lifeData(8000, 3, 3, 8000);
  const val = lifeData(2000, 3, 3, 2000);
  return { x: train.x, y: train.y, eval: { x: val.x, y: val.y } };
}
function golModel(fixed: boolean): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ filters: 10, kernelSize: 3, strides: 1, padding: 'valid', useBias: true, inputShape: [5, 5, 1] }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.conv2d({ filters: 20, kernelSize: 1, strides: 1, padding: 'same', useBias: true }));
  m.add(tfl.layers.activation({ activation: 'relu' }));
  m.add(tfl.layers.conv2d({ filters: 1, kernelSize: 1, strides: 1, padding: 'same', useBias: true }));
  m.add(tfl.layers.activation({ activation: 'sigmoid' }));
  m.compile({ loss: fixed ? 'meanSquaredError' : 'binaryCrossentropy', optimizer: tf.train.adam(fixed ? 0.01 : 0.001) });
  return m;
}
const ghGol = bug({
  id: 'gh-alexander-travov-gol_nn-adam-lr',
  source: {
    kind: 'benchmark',
    url: 'https://github.com/alexander-travov/gol_nn/commit/d9b30a0fed68e489e8c064b43a21ab9e7d80b649',
    title: "CNN learning Conway's Game of Life does not converge in 2 epochs (BCE, Adam lr 0.001)",
    via: 'DeepLocalize GitHub #8 (Wardat-ISU/DeepLocalize Benchmark/GitHub/…/gol_nn)',
  },
  cause: 'Adam at its default learning rate 0.001 is too slow for the 2 epochs the program trains: the network stays near the majority answer (dead cell).',
  fix: "The benchmark's correct model: loss 'mse' (commit d9b30a0, \"Change default loss to MSE\") and Adam(learning_rate=0.01) (commit 49bea76, \"Increase default learning rate\").",
  codes: ['lr_too_low'],
  port: 'Data generated as the program does (3×3 torus fields, wrap-padded to 5×5, seeded); sizes, batch 64 and 2 epochs (250 steps) as in the program. The code is lr_too_low because the learning rate is what decides it in tfjs: BCE with Adam lr 0.01 reaches 1.0 (3 of 3 seeds), MSE with Adam lr 0.001 stays at 0.82–0.86.',
  learns: { metric: 'accuracy', atLeast: 0.95, description: 'per-cell accuracy of the next state on the 2,000 validation fields (the rule is deterministic; the majority answer scores ~0.73)' },
  buggy: { build: () => golModel(false), data: golData, fit: { epochs: 2, batchSize: 64, validationData: 'eval' } },
  fixed: { build: () => golModel(true), data: golData, fit: { epochs: 2, batchSize: 64, validationData: 'eval' } },
});

export const PROGRAMS: RealEntry[] = [so31556268, so34311586, so39525358, so48934338, so52800582, so48221692, so44066044, so45442843, so45337371, so48385830, so55328966, so59325381, so50079585, so38648195, so47724077, ghGol];
