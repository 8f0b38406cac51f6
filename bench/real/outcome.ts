/**
 * Runs a corpus program as its author would — build, data, fit — and measures its outcome. Nothing
 * here asks cnn-doctor anything: this is the ground truth the doctor is scored against.
 *
 * Reproducible: Math.random is replaced by a PRNG seeded from the program's id and role for the
 * duration of the run (tfjs initialisers without a seed, dropout masks and fit's shuffling all draw
 * from it).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { rng } from './data';
import type { BugReport, HealthyProgram, Outcome, Program, ProgramData, RealEntry, Tensors } from './types';

export type Role = 'buggy' | 'fixed' | 'healthy';

export function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The split of an entry, decided by its id alone (bench/real/README.md, rule 6). */
export const splitOf = (id: string): 'tune' | 'heldout' => (hashSeed(id) % 2 === 0 ? 'tune' : 'heldout');

/** A bug report entry, its split decided by its id. */
export const bug = (e: Omit<BugReport, 'kind' | 'split'>): BugReport => ({ kind: 'bug', split: splitOf(e.id), ...e });

/** A healthy program entry, its split decided by its id. */
export const healthy = (e: Omit<HealthyProgram, 'kind' | 'split'>): HealthyProgram => ({ kind: 'healthy', split: splitOf(e.id), ...e });

/** The program(s) of an entry, by role. */
export function programsOf(entry: RealEntry): { role: Role; program: Program }[] {
  return entry.kind === 'bug'
    ? [
        { role: 'buggy', program: entry.buggy },
        { role: 'fixed', program: entry.fixed },
      ]
    : [{ role: 'healthy', program: entry.program }];
}

class StepLimit extends tfl.Callback {
  steps = 0;
  constructor(private readonly max: number) {
    super();
  }
  override async onBatchEnd(): Promise<void> {
    this.steps++;
    if (this.steps >= this.max) this.model.stopTraining = true;
  }
}

export interface RunOptions {
  /** Class callbacks to pass before the step limit (the doctor, when scoring), made once the model is built. */
  callbacks?: (model: tfl.LayersModel) => tfl.Callback[];
  /** Runs after build and data, before fit (checkup, when scoring). */
  beforeFit?: (model: tfl.LayersModel, data: ProgramData) => Promise<void>;
}

export interface ProgramRun {
  /** The outcome's measured value (NaN when it could not be measured, e.g. NaN weights). */
  value: number;
  learned: boolean;
  steps: number;
  /** fit's history of the last epoch (loss, acc, val_loss …). */
  lastEpoch: Record<string, number>;
  ms: number;
  error?: string;
}

/** Build, fit and measure one program; disposes everything it made. */
export async function runProgram(entry: RealEntry, role: Role, program: Program, opts: RunOptions = {}): Promise<ProgramRun> {
  const started = Date.now();
  const realRandom = Math.random;
  Math.random = rng(hashSeed(`${entry.id}/${role}`));
  let model: tfl.LayersModel | null = null;
  let data: ProgramData | null = null;
  try {
    data = await program.data();
    model = program.build();
    if (opts.beforeFit) await opts.beforeFit(model, data);
    const extra = opts.callbacks?.(model) ?? [];
    const fits = Array.isArray(program.fit) ? program.fit : [program.fit];
    let steps = 0;
    let history: tfl.History | null = null;
    for (let i = 0; i < fits.length; i++) {
      const fit = fits[i];
      if (i > 0) program.between?.(model, i);
      const limit = new StepLimit(fit.maxSteps ?? Infinity);
      history = await model.fit(unwrap(data.x), unwrap(data.y), {
        epochs: fit.epochs,
        batchSize: fit.batchSize,
        shuffle: fit.shuffle ?? true,
        validationSplit: fit.validationSplit,
        validationData: fit.validationData === 'eval' && data.eval ? [unwrap(data.eval.x), unwrap(data.eval.y)] : undefined,
        classWeight: fit.classWeight,
        callbacks: [...extra, limit],
        verbose: 0,
      });
      steps += limit.steps;
    }
    const lastEpoch: Record<string, number> = {};
    for (const [k, v] of Object.entries(history?.history ?? {})) {
      const last = v[v.length - 1];
      lastEpoch[k] = typeof last === 'number' ? last : NaN;
    }
    const value = await measure(entry.learns, model, data);
    return { value, learned: learnedBy(entry.learns, value), steps, lastEpoch, ms: Date.now() - started };
  } catch (e) {
    return { value: NaN, learned: false, steps: 0, lastEpoch: {}, ms: Date.now() - started, error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  } finally {
    Math.random = realRandom;
    if (model) {
      model.optimizer?.dispose();
      model.dispose();
    }
    if (data) tf.dispose([...asArray(data.x), ...asArray(data.y), ...(data.eval ? [...asArray(data.eval.x), ...asArray(data.eval.y)] : [])]);
  }
}

export function learnedBy(o: Outcome, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (o.atLeast !== undefined && !(value >= o.atLeast)) return false;
  if (o.atMost !== undefined && !(value <= o.atMost)) return false;
  return true;
}

const asArray = (t: Tensors): tf.Tensor[] => (Array.isArray(t) ? t : [t]);
const unwrap = (t: Tensors): tf.Tensor | tf.Tensor[] => (Array.isArray(t) && t.length === 1 ? t[0] : t);

/** The outcome's value on the eval data (else the training data). */
export async function measure(o: Outcome, model: tfl.LayersModel, data: ProgramData): Promise<number> {
  if (o.measure) return o.measure(model, data);
  const on = data.eval ?? { x: data.x, y: data.y };
  if (o.metric === 'loss') {
    const out = model.evaluate(unwrap(on.x), unwrap(on.y), { batchSize: 256 });
    const all = Array.isArray(out) ? out : [out];
    const v = (await all[0].data())[0];
    tf.dispose(all);
    return v;
  }
  const predicted = model.predict(unwrap(on.x), { batchSize: 256 }) as tf.Tensor | tf.Tensor[];
  const pred = Array.isArray(predicted) ? predicted[0] : predicted;
  const target = asArray(on.y)[0];
  try {
    const value = tf.tidy(() => (o.metric === 'r2' ? r2(pred, target) : accuracy(pred, target, o.threshold ?? 0.5)));
    const v = (await value.data())[0];
    value.dispose();
    return v;
  } finally {
    tf.dispose(predicted);
  }
}

function accuracy(pred: tf.Tensor, target: tf.Tensor, threshold: number): tf.Tensor {
  const units = pred.shape[pred.rank - 1] ?? 1;
  const p = tf.reshape(tf.cast(pred, 'float32'), [-1, units]);
  if (units === 1) {
    const t = tf.reshape(tf.cast(target, 'float32'), [-1]);
    return tf.mean(tf.cast(tf.equal(tf.greater(tf.reshape(p, [-1]), threshold), tf.greater(t, 0.5)), 'float32'));
  }
  const width = target.rank > 1 ? target.shape[target.rank - 1] ?? 1 : 1;
  const truth = width > 1 ? tf.argMax(tf.reshape(tf.cast(target, 'float32'), [-1, width]), 1) : tf.cast(tf.reshape(target, [-1]), 'int32');
  return tf.mean(tf.cast(tf.equal(tf.argMax(p, 1), truth), 'float32'));
}

function r2(pred: tf.Tensor, target: tf.Tensor): tf.Tensor {
  const t = tf.reshape(tf.cast(target, 'float32'), [-1]);
  const p = tf.reshape(tf.cast(pred, 'float32'), [-1]);
  const mse = tf.mean(tf.square(tf.sub(p, t)));
  const variance = tf.moments(t).variance;
  return tf.sub(1, tf.div(mse, variance));
}
