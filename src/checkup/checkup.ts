/**
 * checkup(): everything that can be known about a model before it trains, from one batch.
 *
 * Measures (plain data into a RunRecord): the model summary, a step-0 activation probe and the loss
 * at initialisation on a fixed random subset of x, input statistics over all of x, label
 * statistics, and — opt-in — two short trial runs on *copies* of the model (overfit one tiny batch;
 * real vs zeroed inputs). Then runs the same checks diagnose() runs (CHECKS) plus the pre-training
 * checks (PRETRAINING_CHECKS) over that record, and words the drafts with the same advice.
 * The user's model, optimizer and tensors are never changed or disposed.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CnnDoctorError } from '../errors';
import type { Finding, FindingDraft } from '../findings';
import { assertTrainable, innerModel, summarizeModel } from '../model-info';
import { ActivationProbe, inputStats as packedInputStats } from '../probes/activations';
import { weightPenalty } from '../probes/penalty';
import { readLearningRate } from '../probes/scalars';
import { summarizeTargets } from '../probes/target-sample';
import { finalLoss, overfitThreshold } from '../checks/cannot-overfit';
import { usesInput } from '../checks/input-independent';
import type { CheckupData, InputStats, ProbeRecord, RunRecord, TrialRun } from '../record';
import { emptyRecord } from '../record';
import { trainingCopy, trainStep } from './clone-model';
import { asArray, sampleIndices, takeRows, unwrap, validateData } from './data';
import { labelStats } from './labels';
import { layerTable, type CheckupLayerRow } from './layer-table';
import { checkupOptionsSchema, parseWith, type CheckupOptions } from './options';
import { CheckupReport } from './report';
import { note, runAllChecks } from './run-checks';

export interface CheckupResult {
  /** Findings, most severe first. */
  findings: Finding[];
  /** One row per layer: init scale, activation statistics on the probe batch, findings naming it. */
  layers: CheckupLayerRow[];
  /** The plain data every finding was judged on. */
  record: RunRecord;
  /** True when no finding is a warning or an error. */
  healthy: boolean;
  /** The console/JSON report. */
  report(): CheckupReport;
}

/** Re-words assertTrainable's errors for checkup()/findLearningRate() (same codes). */
export function assertReady(model: LayersModel, fn: string): LayersModel {
  try {
    return assertTrainable(model);
  } catch (e) {
    if (e instanceof CnnDoctorError && e.code === 'model_not_compiled') {
      throw new CnnDoctorError(
        'model_not_compiled',
        `${fn}: model "${model.name}" is not compiled, so there is no loss to measure and no optimizer to try.`,
        `call model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] }) before ${fn}(model, { x, y })`,
      );
    }
    if (e instanceof CnnDoctorError && e.code === 'not_a_layers_model') {
      throw new CnnDoctorError('not_a_layers_model', `${fn}() needs a tf.LayersModel (tf.sequential() or tf.model()).`, `pass the model you will call fit() on: ${fn}(model, { x, y })`);
    }
    throw e;
  }
}

/**
 * Check a model before training it.
 *
 * @example
 * ```ts
 * const result = await checkup(model, { x, y, overfitBatch: true, baseline: true });
 * console.log(result.report().toString());
 * ```
 */
export async function checkup(model: LayersModel, options: CheckupOptions): Promise<CheckupResult> {
  assertReady(model, 'checkup');
  const opts = parseWith(checkupOptionsSchema, options, 'checkup');
  const n = validateData(model, opts.x, opts.y, 'checkup');
  const inner = innerModel(model);
  const xs = asArray(opts.x);
  const ys = asArray(opts.y);
  const summary = summarizeModel(model, opts.numClasses);
  const learningRate = readLearningRate(inner.optimizer);
  const notes: FindingDraft[] = [];

  // Step 0: activations and the loss at initialisation, on a fixed random subset.
  const subset = sampleIndices(n, opts.probeSamples);
  const px = takeRows(xs, subset);
  const py = takeRows(ys, subset);
  const probe: ProbeRecord = { step: 0, epoch: 0, beforeFirstUpdate: true, layers: {} };
  let initialLoss = NaN;
  let lossError: unknown = null;
  try {
    const activationProbe = new ActivationProbe(inner, summary, { structuralLayers: true });
    for (const s of activationProbe.skipped) notes.push(note(`activations of ${s.layer}`, s.reason));
    let m;
    try {
      m = activationProbe.measure(px, py);
    } catch {
      m = activationProbe.measure(px); // labels that do not fit the output: measure without them
    }
    for (const [name, activation] of Object.entries(m.layers)) probe.layers[name] = { activation };
    probe.output = m.output;
  } catch (e) {
    notes.push(note('activations', e));
  }
  probe.input = { ...inputStats(xs[0]), dtype: xs[0].dtype };
  try {
    initialLoss = evaluateLoss(model, px, py);
  } catch (e) {
    lossError = e;
    notes.push(note('initial loss', e));
  }

  const data: CheckupData = {};
  try {
    data.labels = labelStats(ys[0]);
  } catch (e) {
    notes.push(note('labels', e));
  }

  // Opt-in trial runs, on copies of the model.
  try {
    if (opts.overfitBatch || opts.baseline) {
      if (lossError) {
        notes.push(note('trial training', 'skipped: the loss cannot be computed on these labels (see the other findings)'));
      } else {
        if (opts.overfitBatch) {
          const { samples, steps } = opts.overfitBatch;
          const idx = sampleIndices(n, samples);
          // Until memorised (below the rule's threshold) or the budget is spent.
          const memorised = (losses: number[]) => losses.length >= 5 && finalLoss({ losses } as TrialRun) <= overfitThreshold(summary, losses[0]);
          data.overfit = await trialRun(model, xs, ys, idx, steps, learningRate, false, memorised);
          if (!memorised(data.overfit.losses) && learningRate > 0) {
            // Not memorised at the user's rate: a sound rate may still do it (÷10 steadies, ×10 speeds up).
            data.overfitAlternatives = [];
            for (const lr of [learningRate / 10, learningRate * 10]) {
              const alt = await trialRun(model, xs, ys, idx, steps, lr, false, memorised);
              data.overfitAlternatives.push(alt);
              if (memorised(alt.losses)) break;
            }
          }
        }
        if (opts.baseline) {
          const { samples, steps } = opts.baseline;
          const idx = sampleIndices(n, samples);
          const real = await trialRun(model, xs, ys, idx, steps, learningRate, false);
          const zeroed = await trialRun(model, xs, ys, idx, steps, learningRate, true);
          data.baseline = { real, zeroed };
          if (!usesInput(real, zeroed) && learningRate > 0) {
            // Real inputs no better than zeros at the user's rate: a rate that learns faster may still show it.
            data.baseline.alternatives = [];
            for (const lr of [learningRate * 10, learningRate / 10]) {
              const pair = { real: await trialRun(model, xs, ys, idx, steps, lr, false), zeroed: await trialRun(model, xs, ys, idx, steps, lr, true) };
              data.baseline.alternatives.push(pair);
              if (usesInput(pair.real, pair.zeroed)) break;
            }
          }
        }
      }
    }
  } catch (e) {
    if (e instanceof CnnDoctorError) throw e;
    notes.push(note('trial training', e));
  } finally {
    tf.dispose([...px, ...py]);
  }

  const record = emptyRecord(summary);
  record.steps.step.push(0);
  record.steps.epoch.push(0);
  record.steps.loss.push(initialLoss);
  // evaluate() reports the compiled loss with the weight penalties: the checks judge the data loss.
  record.steps.dataLoss.push(initialLoss - (guardedPenalty(inner) ?? 0));
  record.steps.accuracy.push(probe.output?.accuracy ?? NaN);
  record.steps.learningRate.push(learningRate);
  record.probes.push(probe);
  record.checkup = data;
  if (summary.task === 'regression') record.targets = targetStatsOf(ys[0]);

  // A loss that could not be computed is not a NaN loss: output_loss_mismatch says why.
  const findings = runAllChecks(record, { skip: lossError ? ['nan_loss'] : [], notes });
  const layers = layerTable(record, findings);
  const report = new CheckupReport(findings, layers, record);
  return { findings: report.findings, layers, record, healthy: report.healthy, report: () => report };
}

function guardedPenalty(model: LayersModel): number | undefined {
  try {
    return weightPenalty(model);
  } catch {
    return undefined;
  }
}

/** The regression targets' statistics, from at most TARGET_ROWS rows. */
function targetStatsOf(y: tf.Tensor): RunRecord['targets'] {
  const rows = Math.min(y.shape[0], 2048);
  const t = tf.tidy(() => tf.reshape(tf.cast(tf.slice(y, 0, rows), 'float32'), [rows, -1]));
  const values = t.dataSync();
  const width = t.shape[1] ?? 1;
  t.dispose();
  return summarizeTargets(values, rows, width);
}

/** The compiled loss on a batch, in inference mode (evaluate: no weight or BatchNorm update). */
function evaluateLoss(model: LayersModel, xs: tf.Tensor[], ys: tf.Tensor[]): number {
  const out = model.evaluate(unwrap(xs), unwrap(ys), { batchSize: xs[0].shape[0] });
  const all = Array.isArray(out) ? out : [out];
  const v = all[0].dataSync()[0];
  tf.dispose(all);
  return v;
}

/** The probe's input statistics, over all of x. */
function inputStats(x: tf.Tensor): InputStats {
  const t = tf.tidy(() => packedInputStats(x));
  const v = t.dataSync();
  t.dispose();
  return { min: v[0], max: v[1], mean: v[2], std: v[3], nonFinite: v[4] };
}

/** Above this weight penalty, fit's loss minus the penalty has lost the data loss to float32 rounding (1e4 × 2⁻²³ ≈ 1e-3). */
const MAX_SUBTRACTED_PENALTY = 1e4;

/** `steps` training steps (fewer once `done`) on a fresh copy of the model at `learningRate`, the same rows every step. */
async function trialRun(
  model: LayersModel,
  xs: tf.Tensor[],
  ys: tf.Tensor[],
  indices: number[],
  steps: number,
  learningRate: number,
  zeroInputs: boolean,
  done: (losses: number[]) => boolean = () => false,
): Promise<TrialRun> {
  // The copy first: if the model cannot be copied, no data slices are left behind.
  const copy = await trainingCopy(model, Number.isFinite(learningRate) ? { learningRate } : {});
  const bx = takeRows(xs, indices);
  const by = takeRows(ys, indices);
  const inputs = zeroInputs ? bx.map((t) => tf.zerosLike(t)) : bx;
  const losses: number[] = [];
  try {
    if (copy.model.trainableWeights.length === 0) {
      // Every layer frozen: tfjs refuses to step, and the loss can never move. Record it as such.
      const loss = evaluateLoss(copy.model, inputs, by);
      for (let i = 0; i < steps; i++) losses.push(loss);
    } else {
      // The copy trains as configured, weight penalties included, but the loss recorded is the data loss:
      // fit's loss adds Σ penalties (at the pre-step weights), which never reach zero, so a model that fits
      // the batch under a moderate L2 must not look unable to; an L2 so strong that the data loss cannot
      // fall still shows (detection zoo: L2 3–8 → cannot_overfit; L2 1.3 → data loss 0.61 → 0.25, fine).
      for (let i = 0; i < steps && !done(losses); i++) {
        const penalty = weightPenalty(copy.model);
        const loss = await trainStep(copy.model, unwrap(inputs), unwrap(by));
        // A penalty this large means the weights blew up, and loss − penalty would be float32 rounding
        // (±8 at 1e8), which can read as a memorised batch: record the whole loss instead.
        losses.push(penalty < MAX_SUBTRACTED_PENALTY ? loss - penalty : loss);
      }
    }
  } finally {
    copy.dispose();
    tf.dispose([...bx, ...by, ...(zeroInputs ? inputs : [])]);
  }
  return { samples: indices.length, steps: losses.length, learningRate, losses };
}
