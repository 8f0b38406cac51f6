/**
 * Confirmation by outcome for the generated zoo (families/*.ts). A fault case is scored only when
 *
 *  1. the buggy program FAILS TO LEARN by the family's stated criterion, and
 *  2. its fixed twin — the same program with the documented fix (He init, inputs / 255, a lower
 *     learning rate, the real labels, …), trained for the same steps at the same batch size — LEARNS by
 *     the same criterion.
 *
 * Together they say the program really fails and that the planted fault is why. The direct measurements
 * of bench/zoo/oracles.ts are kept only as notes on *what* went wrong (`describe`), never as a gate.
 *
 * The standard criterion (`judge`), on (up to 1,024 of) the training samples in inference mode:
 *  - classification (one-hot rows, class ids, or a 0/1 column): the program LEARNS when its cross-entropy
 *    is below 0.9 × the entropy of the label prior (the loss of the best input-independent predictor) AND
 *    its accuracy is at least 10 points above the majority-class share (half the gap to 100% when that
 *    is less than 10 points). Outputs are read as the program meant them: softmax/sigmoid as they are, a
 *    linear (logits) output through softmax/sigmoid, any other output normalised to a distribution —
 *    generous to the buggy program;
 *  - regression: the MSE of the first output column against the first target column is below 0.9 ×
 *    the variance of that target (the constant prediction's MSE);
 *  - a non-finite loss in the run's log, a non-finite weight or a non-finite output never learns.
 * Families may ask in addition that every class be recognised (per-class recall ≥ `minRecall`) and say
 * which failure mode the buggy program must show (`failure`: 'non-finite' for nan_loss, 'finite' where a
 * NaN run would be a different fault).
 *
 * Plain tfjs only — nothing from src/ — so a label never depends on the code under test.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ZooData } from './data';
import type { Confirm, ConfirmContext } from './families/family';
import { activationOf, hasNonFinite, hasNonFiniteWeights, head, outputUnits } from './oracles';

/** The documented fix of a fault case: the same program, fixed. */
export interface Twin {
  /** The fix in a few words (`He init`, `inputs / 255`, `lr / 100`). */
  fix: string;
  build(): tfl.LayersModel;
  data(): ZooData | Promise<ZooData>;
  /**
   * The twin's data are the task the user meant (the fix is to the labels, or to which samples were
   * kept): the buggy model is judged on them too, not on the data it was given.
   */
  intended?: boolean;
}

export interface Criterion {
  /** Learned: loss < lossShare × the constant predictor's (default 0.9). */
  lossShare: number;
  /** Learned (classification): accuracy ≥ majority + min(accPoints, (1 − majority) / 2) (default 0.10). */
  accPoints: number;
  /** Learned (classification), optionally: every class's recall ≥ this. */
  minRecall?: number;
}

export const STANDARD: Criterion = { lossShare: 0.9, accPoints: 0.1 };

export interface Outcome {
  learned: boolean;
  /** Non-finite loss, weights or outputs. */
  nonFinite: boolean;
  text: string;
}

const f3 = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(3)) : String(v));

type Task = { kind: 'classes'; ids: number[]; classes: number; binary: boolean } | { kind: 'regression' };

/** What y asks for: one-hot rows, class ids (multi-unit output), a 0/1 column (one output unit), or a regression target. */
function taskOf(y: tf.Tensor, units: number): Task {
  const width = y.rank >= 2 ? y.shape[y.rank - 1]! : 1;
  const v = Array.from(y.dataSync());
  if (width >= 2) {
    const rows = v.length / width;
    const ids: number[] = [];
    for (let r = 0; r < rows; r++) {
      const row = v.slice(r * width, (r + 1) * width);
      if (!row.every((e) => e === 0 || e === 1) || row.reduce((a: number, b: number) => a + b, 0) !== 1) return { kind: 'regression' };
      ids.push(row.indexOf(1));
    }
    return { kind: 'classes', ids, classes: width, binary: false };
  }
  if (units === 1 && v.every((e) => e === 0 || e === 1)) return { kind: 'classes', ids: v, classes: 2, binary: true };
  if (units >= 2 && v.every((e) => Number.isInteger(e) && e >= 0)) return { kind: 'classes', ids: v, classes: Math.max(units, ...v.map((e) => e + 1)), binary: false };
  return { kind: 'regression' };
}

/** Class probabilities as the program meant its output: see the file header. */
function probabilities(model: tfl.LayersModel, p: tf.Tensor): tf.Tensor {
  const act = activationOf(model.layers[model.layers.length - 1]);
  const units = p.shape[p.shape.length - 1]!;
  return tf.tidy(() => {
    if (act === 'softmax' || (act === 'sigmoid' && units === 1)) return p;
    if (act === 'linear') return units === 1 ? tf.sigmoid(p) : tf.softmax(p);
    const q = tf.relu(p);
    const s = tf.sum(q, -1, true);
    return tf.where(tf.greater(s, 0), tf.div(q, tf.maximum(s, 1e-12)), tf.fill(q.shape, 1 / units));
  });
}

/**
 * The outcome of a (trained) program on `data` — see the file header. `losses`: the per-step losses its
 * run logged (a non-finite one means it did not learn), or null.
 */
export function judge(model: tfl.LayersModel, data: ZooData, losses: number[] | null, c: Criterion = STANDARD): Outcome {
  const bad = losses?.findIndex((l) => !Number.isFinite(l)) ?? -1;
  if (bad >= 0) return { learned: false, nonFinite: true, text: `non-finite loss at step ${bad}` };
  if (hasNonFiniteWeights(model)) return { learned: false, nonFinite: true, text: 'non-finite weights' };
  const xs = head(data.x, 1024);
  const ys = head(data.y, 1024);
  let p: tf.Tensor;
  try {
    p = model.predict(xs, { batchSize: 128 }) as tf.Tensor;
  } catch (e) {
    return { learned: false, nonFinite: false, text: `cannot predict on the data: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  } finally {
    if (xs !== data.x) xs.dispose();
  }
  try {
    if (hasNonFinite(p)) return { learned: false, nonFinite: true, text: 'non-finite outputs' };
    const units = outputUnits(model);
    const task = taskOf(ys, units);
    if (task.kind === 'regression') {
      const [mse, variance] = tf.tidy(() => {
        const y0 = tf.reshape(ys.rank >= 2 ? tf.slice(ys, [0, 0], [-1, 1]) : ys, [-1]);
        const p0 = tf.reshape(p.rank >= 2 ? tf.slice(p, [0, 0], [-1, 1]) : p, [-1]);
        return [tf.mean(tf.square(tf.sub(p0, y0))).dataSync()[0], tf.moments(y0).variance.dataSync()[0]];
      });
      const learned = Number.isFinite(mse) && mse < c.lossShare * variance;
      return { learned, nonFinite: !Number.isFinite(mse), text: `MSE ${f3(mse)} vs var(y) ${f3(variance)} (learned below ${f3(c.lossShare * variance)})` };
    }
    const probs = probabilities(model, p);
    const P = Array.from(probs.dataSync());
    if (probs !== p) probs.dispose();
    const n = task.ids.length;
    const width = P.length / n;
    let ce = 0;
    let right = 0;
    const hits = new Array<number>(task.classes).fill(0);
    const counts = new Array<number>(task.classes).fill(0);
    for (let i = 0; i < n; i++) {
      const t = task.ids[i];
      const row = P.slice(i * width, (i + 1) * width);
      const pTrue = task.binary ? (t === 1 ? row[0] : 1 - row[0]) : t < width ? row[t] : 0;
      ce -= Math.log(Math.min(1, Math.max(1e-7, pTrue)));
      const pred = task.binary ? (row[0] > 0.5 ? 1 : 0) : row.indexOf(Math.max(...row));
      counts[t]++;
      if (pred === t) {
        right++;
        hits[t]++;
      }
    }
    ce /= n;
    const acc = right / n;
    const present = counts.filter((k) => k > 0);
    const majority = Math.max(...present) / n;
    const prior = -present.reduce((h, k) => h + (k / n) * Math.log(k / n), 0);
    const needAcc = majority + Math.min(c.accPoints, (1 - majority) / 2);
    const recalls = counts.map((k, i) => (k > 0 ? hits[i] / k : NaN)).filter((r) => !Number.isNaN(r));
    const minRecall = Math.min(...recalls);
    const learned = ce < c.lossShare * prior && acc >= needAcc && (c.minRecall === undefined || minRecall >= c.minRecall);
    return {
      learned,
      nonFinite: false,
      text: `CE ${f3(ce)} vs prior ${f3(prior)} (learned below ${f3(c.lossShare * prior)}), accuracy ${f3(acc)} (learned from ${f3(needAcc)})${c.minRecall !== undefined ? `, worst class recall ${f3(minRecall)} (learned from ${c.minRecall})` : ''}`,
    };
  } finally {
    p.dispose();
    if (ys !== data.y) ys.dispose();
  }
}

/** A fit's per-step log value (fit hands callbacks numbers or scalar tensors). */
function logValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v && typeof (v as tf.Tensor).dataSync === 'function') return (v as tf.Tensor).dataSync()[0];
  return NaN;
}

/**
 * Trains `model` on `data` with plain `model.fit` for `steps` steps (shuffled, its own compiled optimizer
 * and loss); returns the per-step losses. A fit that throws (labels the loss cannot take, …) is a
 * program that cannot learn: its message is returned instead.
 */
export async function trainPlain(model: tfl.LayersModel, data: ZooData, o: { steps: number; batchSize: number }): Promise<{ losses: number[]; error?: string }> {
  const losses: number[] = [];
  const perEpoch = Math.ceil(data.x.shape[0] / o.batchSize);
  try {
    await model.fit(data.x, data.y, {
      batchSize: o.batchSize,
      epochs: Math.ceil(o.steps / perEpoch),
      shuffle: true,
      verbose: 0,
      callbacks: {
        onBatchEnd: async (_b: number, logs?: tfl.Logs) => {
          const loss = logValue(logs?.loss);
          losses.push(loss);
          if (losses.length >= o.steps || !Number.isFinite(loss)) model.stopTraining = true;
        },
      },
    });
    return { losses };
  } catch (e) {
    return { losses, error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}

export interface OutcomeOptions {
  criterion?: Criterion;
  /**
   * The failure the buggy program must show: any (default); 'non-finite' — a non-finite loss, weight or
   * output (nan_loss); 'finite' — failing with finite numbers (a NaN run would be another fault).
   */
  failure?: 'any' | 'non-finite' | 'finite';
  /**
   * kind 'checkup' (nothing trained by the harness): our own fit of the buggy model and of its twin.
   * Default (`ownFitFor`): 200 steps of batch 32; 80 for images of ≥ 1,000 values (CIFAR-10: cost).
   */
  ownFit?: { steps: number; batchSize: number };
  /** What went wrong, measured (a note on the result, never a gate). Runs first, on the model as the run left it. */
  describe?: (ctx: ConfirmContext) => string | null | Promise<string | null>;
}

/** The default own fit of a checkup case: 200 steps of batch 32, or 80 for samples of ≥ 1,000 values. */
export const ownFitFor = (x: tf.Tensor): { steps: number; batchSize: number } => ({ steps: x.size / x.shape[0] >= 1000 ? 80 : 200, batchSize: 32 });

/**
 * The confirmation of a fault family by outcome (see the file header): null when the buggy program failed
 * (in the required way) and its twin learned; otherwise why the case is not scored. Without a twin
 * (families that say they have none) the buggy outcome alone decides.
 */
export function byOutcome(o: OutcomeOptions = {}): Confirm {
  const criterion = o.criterion ?? STANDARD;
  const failure = o.failure ?? 'any';
  return async (ctx) => {
    const note = (text: string) => ctx.note?.(text);
    if (o.describe) {
      const what = await o.describe(ctx);
      if (what) note(`what: ${what}`);
    }
    const own = ctx.kind === 'checkup' ? (o.ownFit ?? ownFitFor(ctx.data.x)) : { steps: ctx.maxSteps, batchSize: ctx.batchSize };
    let twinData: ZooData | null = null;
    try {
      if (ctx.twin?.intended) twinData = await ctx.twin.data();
      // The buggy program's outcome: the harness's run (fit), or a fit of our own (checkup).
      let losses: number[] | null = ctx.losses;
      let crashed: string | undefined;
      if (ctx.kind === 'checkup') {
        const run = await trainPlain(ctx.model, ctx.data, own);
        losses = run.losses;
        crashed = run.error;
      }
      const buggy = crashed
        ? { learned: false, nonFinite: false, text: `fit threw: ${crashed}` }
        : judge(ctx.model, twinData ?? ctx.data, losses, criterion);
      note(`buggy${twinData ? ' (on the intended data)' : ''}: ${buggy.text}`);
      if (buggy.learned) return `the buggy program learned (${buggy.text})`;
      if (failure === 'non-finite' && !buggy.nonFinite) return `the buggy program failed without a non-finite loss, weight or output (${buggy.text})`;
      if (failure === 'finite' && buggy.nonFinite) return `the buggy program went non-finite (${buggy.text}): another fault`;
      if (!ctx.twin) return null;
      // The fixed twin: the same program with the documented fix, same steps and batch size.
      const model = ctx.twin.build();
      const data = twinData ?? (await ctx.twin.data());
      try {
        const run = await trainPlain(model, data, own);
        const fixed = run.error ? { learned: false, nonFinite: false, text: `fit threw: ${run.error}` } : judge(model, data, run.losses, criterion);
        note(`twin (${ctx.twin.fix}): ${fixed.text}`);
        return fixed.learned ? null : `the fixed twin (${ctx.twin.fix}) did not learn (${fixed.text})`;
      } finally {
        model.optimizer?.dispose();
        model.dispose();
        if (data !== twinData) tf.dispose([data.x, data.y]);
      }
    } finally {
      if (twinData) tf.dispose([twinData.x, twinData.y]);
    }
  };
}

/** A note for `describe`: the logged loss at the start and at the end of the run (mean of the first and last 10 finite values). */
export function lossPath(ctx: ConfirmContext): string {
  const finite = ctx.losses.filter(Number.isFinite);
  if (!finite.length) return 'no finite loss logged';
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const bad = ctx.losses.findIndex((l) => !Number.isFinite(l));
  return `logged loss ${f3(mean(finite.slice(0, 10)))} → ${f3(mean(finite.slice(-10)))} over ${ctx.losses.length} steps${bad >= 0 ? `, non-finite from step ${bad}` : ''}`;
}
