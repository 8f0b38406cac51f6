/**
 * bad_init families: kernels drawn at a scale far from the variance-preserving one.
 *
 * Confirmation, every family (../outcome.ts; any failure counts, an init that overflows to NaN
 * included): the buggy run fails to learn by the standard criterion (cross-entropy not below
 * 0.9 × the label prior's entropy, or accuracy not 10 points over the majority share, or a non-finite
 * loss, weight or output) AND its fixed twin — the same program with tfjs's default initialisers (He
 * behind a ReLU, Glorot otherwise), trained for the same steps — learns by the same criterion. Noted,
 * not gated: each kernel's initial std as a multiple of its He/Glorot std (kernelScales).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { bars, blobs, spirals } from '../data';
import { cnn, logitsLoss, mlp, normal, optimizer } from '../models';
import { byOutcome, lossPath } from '../outcome';
import type { ConfirmContext, Family } from './family';
import { fmt, kernelScales, remember } from './training-dynamics-measure';

/** Note: every kernel's initial std as a multiple of its He/Glorot std, and the logged loss. */
const scalesNote = (ctx: ConfirmContext): string => `initial kernel std / He-Glorot std: ${kernelScales(ctx).map((s) => `${s.layer} ${fmt(s.ratio)}×`).join(', ')}; ${lossPath(ctx)}`;

const confirmInit = byOutcome({ describe: scalesNote });

type Init = ReturnType<typeof normal>;
const uniform = (a: number): Init => tfl.initializers.randomUniform({ minval: -a, maxval: a });

/**
 * Real-world fault: hidden kernels initialised with a hand-picked scale far above He/Glorot —
 * `randomNormal({ stddev: 1 })`-style or `randomUniform(−a, a)` with a of a few units (often applied to
 * the output layer too) — so activations and logits start huge.
 * Ranges: 2–4 hidden layers of 32–128 ReLU/tanh units; normal stddev 1–10 or uniform a 1.5–10; output
 * kernel default Glorot or the same init; softmax or logits output; blobs (3–5 classes, 4–16 features)
 * or spirals; adam/rmsprop lr 1e-4–3e-3 or sgd 0.01–0.1; batch 16–128; 120 steps.
 * Fixed twin: default initialisers everywhere. Confirm: by outcome (see the file header).
 */
export const initMlpTooLarge: Family = {
  id: 'bad_init/mlp-kernels-too-large',
  expected: ['bad_init'],
  kind: 'fit',
  what: 'MLP (2–4 hidden layers of 32–128 ReLU/tanh) whose hidden kernels are normal(stddev 1–10) or uniform(±1.5–10); softmax or logits; adam/rmsprop/sgd at usual LRs',
  sample(d) {
    const depth = d.int(2, 4);
    const hidden = Array.from({ length: depth }, () => d.pick([32, 64, 128]));
    const act = d.pick(['relu', 'tanh'] as const);
    const shape = d.pick(['normal', 'uniform'] as const);
    const scale = shape === 'normal' ? d.logUniform(1, 10) : d.logUniform(1.5, 10);
    const outToo = d.pick([false, true]);
    const logits = d.pick([false, true]);
    const kind = d.pick(['blobs', 'blobs', 'spirals'] as const);
    const classes = kind === 'blobs' ? d.int(3, 5) : 3;
    const dims = kind === 'blobs' ? d.int(4, 16) : 2;
    const opt = d.pick(['adam', 'rmsprop', 'sgd'] as const);
    const lr = opt === 'sgd' ? d.logUniform(0.01, 0.1) : d.logUniform(1e-4, 3e-3);
    const batchSize = d.pick([16, 32, 64, 128]);
    const seed = d.seed();
    const init = () => (shape === 'normal' ? normal(scale) : uniform(scale));
    const data = () => (kind === 'blobs' ? blobs(960, { classes, dims, seed }) : spirals(900, { classes, seed }));
    const logitsHead = logits ? { outAct: 'linear' as const, loss: logitsLoss } : {};
    return {
      what: `${shape} ${fmt(scale)}${outToo ? ' (output too)' : ''}, ${act} ${hidden.join('×')}, ${logits ? 'logits' : 'softmax'}, ${kind} ${classes} classes, ${opt} ${fmt(lr)}, batch ${batchSize}`,
      build: () =>
        remember(
          mlp({
            inputDim: dims,
            hidden,
            act,
            init: init(),
            outInit: outToo ? init() : undefined,
            out: classes,
            ...(logits ? { outAct: 'linear' as const, loss: logitsLoss } : {}),
            optimizer: optimizer(opt, lr),
          }),
          { opt, lr, batchSize },
        ),
      data,
      fit: { batchSize, maxSteps: 120 },
      twin: { fix: 'default init', build: () => mlp({ inputDim: dims, hidden, act, out: classes, ...logitsHead, optimizer: optimizer(opt, lr) }), data },
    };
  },
  confirm: confirmInit,
};

/**
 * Real-world fault: the old-tutorial `randomNormal({ stddev: 0.01 })` (or smaller) on a deep MLP, far
 * below He/Glorot for its widths: the forward signal shrinks at every layer and the first layers get
 * almost no gradient.
 * Ranges: 3–6 hidden layers of 32 or 64 ReLU/tanh/sigmoid units, stddev 1e-4–0.015; output kernel
 * default Glorot or the same init; softmax output; blobs (3–5 classes) or spirals; sgd/momentum lr
 * 0.01–0.1 or adam 1e-4–1e-3; batch 16–128; 100 steps.
 * Fixed twin: default initialisers everywhere. Confirm: by outcome (see the file header).
 */
export const initMlpTooSmall: Family = {
  id: 'bad_init/mlp-kernels-too-small',
  expected: ['bad_init'],
  kind: 'fit',
  what: 'deep MLP (3–6 hidden layers of 32/64 ReLU/tanh/sigmoid) with normal(stddev 1e-4–0.015) kernels; softmax; sgd/momentum/adam',
  sample(d) {
    const depth = d.int(3, 6);
    const width = d.pick([32, 64]);
    const act = d.pick(['relu', 'tanh', 'sigmoid'] as const);
    const stddev = d.logUniform(1e-4, 0.015);
    const outToo = d.pick([false, true]);
    const kind = d.pick(['blobs', 'blobs', 'spirals'] as const);
    const classes = kind === 'blobs' ? d.int(3, 5) : 3;
    const dims = kind === 'blobs' ? d.int(4, 16) : 2;
    const opt = d.pick(['sgd', 'momentum', 'adam'] as const);
    const lr = opt === 'adam' ? d.logUniform(1e-4, 1e-3) : d.logUniform(0.01, 0.1);
    const batchSize = d.pick([16, 32, 64, 128]);
    const seed = d.seed();
    const hidden = Array(depth).fill(width) as number[];
    return {
      what: `stddev ${fmt(stddev)}${outToo ? ' (output too)' : ''}, ${act} ${depth}×${width}, ${kind} ${classes} classes, ${opt} ${fmt(lr)}, batch ${batchSize}`,
      build: () =>
        remember(
          mlp({ inputDim: dims, hidden, act, init: normal(stddev), outInit: outToo ? normal(stddev) : undefined, out: classes, optimizer: optimizer(opt, lr) }),
          { opt, lr, batchSize },
        ),
      data: () => (kind === 'blobs' ? blobs(960, { classes, dims, seed }) : spirals(900, { classes, seed })),
      fit: { batchSize, maxSteps: 100 },
      twin: {
        fix: 'default init',
        build: () => mlp({ inputDim: dims, hidden, act, out: classes, optimizer: optimizer(opt, lr) }),
        data: () => (kind === 'blobs' ? blobs(960, { classes, dims, seed }) : spirals(900, { classes, seed })),
      },
    };
  },
  confirm: confirmInit,
};

/**
 * Real-world fault: a small CNN whose conv and dense kernels are drawn at a fixed hand-picked stddev —
 * too large (`stddev: 1`-style, 1–5) or too small (1e-4–3e-3) for their fan-ins.
 * Ranges: 12×12 or 16×16 bar images (scaled to [0, 1]); conv filters [8], [16] or [8, 16], dense
 * 16–64, ReLU; softmax or logits; adam/rmsprop lr 1e-4–3e-3 or sgd 0.01–0.1; batch 16–64; 80 steps.
 * Fixed twin: default initialisers (He for the ReLU layers). Confirm: by outcome (see the file header).
 */
export const initCnn: Family = {
  id: 'bad_init/cnn-fixed-stddev',
  expected: ['bad_init'],
  kind: 'fit',
  what: 'bars CNN whose conv+dense kernels have a fixed stddev 1–5 (too large) or 1e-4–3e-3 (too small); softmax or logits; adam/rmsprop/sgd at usual LRs',
  sample(d) {
    const direction = d.pick(['large', 'large', 'small'] as const);
    const stddev = direction === 'large' ? d.logUniform(1, 5) : d.logUniform(1e-4, 3e-3);
    const size = d.pick([12, 16]);
    const filters = d.pick([[8], [16], [8, 16]]);
    const dense = d.pick([16, 32, 64]);
    const logits = d.pick([false, true]);
    const opt = d.pick(['adam', 'rmsprop', 'sgd'] as const);
    const lr = opt === 'sgd' ? d.logUniform(0.01, 0.1) : d.logUniform(1e-4, 3e-3);
    const batchSize = d.pick([16, 32, 64]);
    const seed = d.seed();
    return {
      what: `stddev ${fmt(stddev)} (${direction}), conv ${filters.join('-')} dense ${dense}, ${logits ? 'logits' : 'softmax'}, bars ${size}, ${opt} ${fmt(lr)}, batch ${batchSize}`,
      build: () =>
        remember(
          cnn({
            inputShape: [size, size, 1],
            filters,
            dense,
            init: normal(stddev),
            denseInit: normal(stddev),
            ...(logits ? { outAct: 'linear' as const, loss: logitsLoss } : {}),
            optimizer: optimizer(opt, lr),
          }),
          { opt, lr, batchSize },
        ),
      data: () => bars(480, { size, seed }),
      fit: { batchSize, maxSteps: 80 },
      twin: {
        fix: 'default init',
        build: () => cnn({ inputShape: [size, size, 1], filters, dense, ...(logits ? { outAct: 'linear' as const, loss: logitsLoss } : {}), optimizer: optimizer(opt, lr) }),
        data: () => bars(480, { size, seed }),
      },
    };
  },
  confirm: confirmInit,
};

export const INIT_FAMILIES: Family[] = [initMlpTooLarge, initMlpTooSmall, initCnn];
