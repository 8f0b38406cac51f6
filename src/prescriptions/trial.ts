/**
 * The trial runner: one shared untreated copy and one treated copy per fix, each trained for the same K
 * steps on the same batches in the same order — consecutive slices of x/y (wrapping around), no shuffle —
 * from the user's current weights wherever the fix does not change them, each with a doctor attached
 * (`log: false`, `stopOn: 'never'`) so the same checks judge every copy's run.
 *
 * The budget: the untreated copy trains first; after its first steps the time per step gives K, cut so
 * that every copy fits in `seconds` (never below the steps already taken). Loss and accuracy are the means
 * of the last 10% of the K steps' training logs, read from the copy's own record.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { describeTreatment, type InputScaling } from '../advice/prescriptions';
import { isActive, type Finding, type FindingCode } from '../findings';
import { innerModel } from '../model-info';
import type { RunRecord } from '../record';
import { patchedCopy, scaleInputs } from './patch';
import type { Prescription, Treatment, TrialOutcome } from './prescription';

/** A doctor on a copy: its callback for fit, its report at the end, and its removal. */
export interface Watcher {
  callback: unknown;
  report(): { findings: readonly Finding[]; record: RunRecord };
  detach(): void;
}
export type Watch = (model: LayersModel) => Watcher;

export interface TrialData {
  xs: tf.Tensor[];
  ys: tf.Tensor[];
  batchSize: number;
  steps: number;
  seconds: number;
}

/** Steps timed before K is cut to the budget. */
const TIMED_STEPS = 10;
/** The share of the last steps loss and accuracy are averaged over. */
const TAIL_SHARE = 0.1;

/** An endless stream of consecutive batches of `size` rows, wrapping around the end of the data. fitDataset disposes each. */
function consecutiveBatches(xs: tf.Tensor[], ys: tf.Tensor[], size: number): unknown {
  const n = xs[0].shape[0];
  const rows = (t: tf.Tensor, start: number) =>
    tf.tidy(() => (start + size <= n ? tf.slice(t, start, size) : tf.concat([tf.slice(t, start, n - start), tf.slice(t, 0, size - (n - start))])));
  const one = (ts: tf.Tensor[], start: number) => (ts.length === 1 ? rows(ts[0], start) : ts.map((t) => rows(t, start)));
  return {
    iterator: async () => {
      let step = 0;
      return {
        next: async () => {
          const start = (step++ * size) % n;
          return { done: false, value: { xs: one(xs, start), ys: one(ys, start) } };
        },
      };
    },
  };
}

interface TrainedRun {
  steps: number;
  loss: number;
  accuracy: number;
  activeCodes: Set<FindingCode>;
}

const tailMean = (values: number[]) => {
  const tail = values.slice(values.length - Math.max(1, Math.ceil(values.length * TAIL_SHARE)));
  return tail.length ? tail.reduce((a, b) => a + b, 0) / tail.length : NaN;
};

/**
 * Trains a copy for `steps` steps with a doctor attached; `cut(done, elapsedMs)` may return a smaller
 * step count once the first steps are timed (the untreated copy only).
 */
async function train(copy: LayersModel, xs: tf.Tensor[], ys: tf.Tensor[], data: TrialData, steps: number, watch: Watch, cut?: (done: number, ms: number) => number): Promise<TrainedRun> {
  const watcher = watch(copy);
  let target = steps;
  let firstStepAt = NaN;
  let done = 0;
  const timer = {
    onBatchEnd: async () => {
      done++;
      if (done === 1) firstStepAt = performance.now();
      else if (cut && done === Math.min(TIMED_STEPS + 1, steps)) target = cut(done - 1, performance.now() - firstStepAt);
      if (done >= target) innerModel(copy).stopTraining = true;
    },
  };
  try {
    await copy.fitDataset(consecutiveBatches(xs, ys, data.batchSize) as never, { epochs: 1, batchesPerEpoch: steps, callbacks: [watcher.callback, timer] as never, verbose: 0 });
    const { findings, record } = watcher.report();
    return {
      steps: record.steps.loss.length,
      loss: tailMean(record.steps.loss),
      accuracy: tailMean(record.steps.accuracy),
      activeCodes: new Set(findings.filter(isActive).map((f) => f.code)),
    };
  } finally {
    watcher.detach();
  }
}

const outcome = (run: TrainedRun, symptoms: FindingCode[]): TrialOutcome => ({ loss: run.loss, accuracy: run.accuracy, active: symptoms.filter((c) => run.activeCodes.has(c)) });

/** Runs the untreated copy and one treated copy per treatment; a treatment that cannot be applied to this model is left out. */
export async function runTrials(model: LayersModel, treatments: Treatment[], data: TrialData, watch: Watch): Promise<Prescription[]> {
  const copies = treatments.length + 1;
  const budgetMs = (data.seconds * 1000) / copies;
  const base = await patchedCopy(model, null);
  let untreated: TrainedRun;
  try {
    untreated = await train(base!.model, data.xs, data.ys, data, data.steps, watch, (timed, ms) => Math.max(timed + 1, Math.min(data.steps, Math.floor(budgetMs / (ms / timed)))));
  } finally {
    base!.dispose();
  }
  const steps = untreated.steps;
  const prescriptions: Prescription[] = [];
  for (const [i, t] of treatments.entries()) {
    const started = performance.now();
    const copy = await patchedCopy(model, t, 1 + 100 * i);
    if (!copy) continue;
    let scaled: { xs: tf.Tensor[]; how: InputScaling } | null = null;
    let run: TrainedRun;
    try {
      scaled = t.kind === 'scale_inputs' || t.parts?.some((part) => part.kind === 'scale_inputs') ? scaleInputs(data.xs) : null;
      run = await train(copy.model, scaled?.xs ?? data.xs, data.ys, data, steps, watch);
    } finally {
      copy.dispose();
      if (scaled) tf.dispose(scaled.xs.filter((x) => !data.xs.includes(x)));
    }
    const treated = outcome(run, t.symptoms);
    prescriptions.push({
      code: t.code,
      kind: t.kind,
      fix: describeTreatment(t, scaled?.how),
      symptoms: t.symptoms,
      steps: run.steps,
      seconds: Math.round(performance.now() - started) / 1000,
      untreated: outcome(untreated, t.symptoms),
      treated,
      cleared: treated.active.length === 0,
    });
  }
  return prescriptions;
}
