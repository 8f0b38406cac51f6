/**
 * The doctor's engine: owns the run record, drives the probes on their schedule, runs the checks and
 * hands their drafts to the finding pipeline (lifecycle.ts). It knows models and tensors but not the
 * fit-callback API; the callback adapter (callback.ts) translates fit's hooks into the calls below.
 *
 * State lives at two levels. The run (this engine): the record, the findings, the activation view and
 * the batch hook on the model. One fit (FitState, made fresh at every trainBegin and released at trainEnd
 * — or at the next trainBegin when a fit was rejected before its end): the probe batch, the step-0 probe,
 * the gradient hook on the optimizer, the label and target counters, the NaN watch on inputs, the weight
 * penalty last measured.
 *
 * Per step the doctor reads back from the backend only with one `await`: the step's log values and, on
 * probe steps, every probe's packed statistics are issued first and read together (probes/reads.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CHECKS } from './checks';
import { checkContext } from './checks/check';
import type { Finding, FindingDraft } from './findings';
import { FindingLedger, type ChangeKind } from './lifecycle';
import { progress } from './checks/progress';
import { innerModel, summarizeModel, type ModelSummary } from './model-info';
import type { DiagnoseOptions, ResolvedOptions } from './options';
import type { Prescription } from './prescriptions/prescription';
import { describePrescription } from './advice';
import { ActivationProbe } from './probes/activations';
import { watchTrainingBatches } from './probes/batch-capture';
import { watchGradients } from './probes/gradients';
import { NonFiniteInputSentinel } from './probes/input-sentinel';
import { LabelCounter } from './probes/label-prior';
import { weightPenalty, weightPenaltyRead } from './probes/penalty';
import { dropRead, StepReads, type PendingRead } from './probes/reads';
import { accuracyOf, logsRead, readLearningRate } from './probes/scalars';
import { isProbeStep } from './probes/schedule';
import { TargetSampler } from './probes/target-sample';
import type { FitRecord, LabelCounts, LayerProbe, ProbeRecord, RunRecord, TargetStats } from './record';
import { emptyRecord } from './record';
import { Report } from './report';
import { formatChangeLine, formatFindingLine } from './reporters/console';
import { validateProbeBatch } from './probe-batch';
import type { ActivationMeasurement } from './probes/activations';
import { asArray, errorText } from './util';

interface ProbeBatch {
  xs: tf.Tensor[];
  ys?: tf.Tensor[];
  /** Tensors the doctor cloned (and must dispose), as opposed to the user's own probe option. */
  owned: boolean;
}

/** What fit tells its callbacks about itself (tfjs `params`). */
export interface FitParams {
  epochs?: number;
  samples?: number;
  steps?: number;
  batchSize?: number;
  doValidation?: boolean;
}

/** Everything that belongs to one fit. */
class FitState {
  /** Steps of this fit so far (the probe schedule restarts at each fit). */
  step = 0;
  probingThisStep = false;
  probeBatch: ProbeBatch | null = null;
  /** The probe taken before the first update (issued inside the step, read at its end). */
  stepZeroProbe: { probe: ProbeRecord; activations: PendingRead<ActivationMeasurement> | null } | null = null;
  /** This step's gradient measurement, to read at its end. */
  pendingGradients: PendingRead<Record<string, LayerProbe>> | null = null;
  /** Σ weight penalties at this step's weights (subtracted from fit's loss to give the data loss). */
  penalty = 0;
  /** This step's weight penalties, to read at its end. */
  pendingPenalty: PendingRead<number> | null = null;
  /** Samples trained on in this fit (the epoch size, when fit did not say, is this at the first epoch end). */
  samplesSeen = 0;
  unwatchGradients: (() => void) | null = null;
  labels: LabelCounter | null = null;
  targets: TargetSampler | null = null;
  /** Label counts and the NaN watch on inputs are measurements of the activation probe's family: on with it. */
  inputs: NonFiniteInputSentinel | null = null;

  constructor(readonly record: FitRecord) {}

  release(): void {
    this.unwatchGradients?.();
    this.unwatchGradients = null;
    // Measurements of a step whose end never came (a fit rejected mid-step).
    dropRead(this.stepZeroProbe?.activations);
    dropRead(this.pendingGradients);
    dropRead(this.pendingPenalty);
    this.stepZeroProbe = null;
    this.pendingGradients = null;
    this.pendingPenalty = null;
    if (this.probeBatch?.owned) tf.dispose([...this.probeBatch.xs, ...(this.probeBatch.ys ?? [])]);
    this.probeBatch = null;
    this.labels?.settle();
    this.targets?.release();
    this.inputs?.release();
  }
}

export class DoctorEngine {
  /** Set when a finding matches `stopOn`; the adapter then asks fit to stop. */
  stopRequested = false;

  /** The inner model fit runs on; a Sequential builds a new one each time it is compiled again (followInner). */
  private inner: LayersModel;
  private record: RunRecord | null = null;
  private ledger: FindingLedger | null = null;
  private fit: FitState | null = null;
  private step = 0;
  private epoch = 0;
  private detached = false;
  private activationProbe: ActivationProbe | null = null;
  private hasPenalties = false;
  private unwatchBatches: (() => void) | null;
  /** Held here because the model's hook holds it only weakly (see watchTrainingBatches). */
  private readonly batchListener = (xs: tf.Tensor[], ys: tf.Tensor[]) => this.onTrainingBatch(xs, ys);

  constructor(private readonly model: LayersModel, private readonly options: ResolvedOptions) {
    this.inner = innerModel(model);
    if (options.probe) validateProbeBatch(this.inner, options.probe);
    // fit() asks for its train function before any callback runs, so the hook goes in now.
    this.unwatchBatches = watchTrainingBatches(this.inner, this.batchListener);
  }

  /** What the last `tryFixes()` measured (empty until it runs). */
  private prescriptions: Prescription[] = [];

  /** The model the doctor was created for (a Sequential itself, not its inner model). */
  get userModel(): LayersModel {
    return this.model;
  }

  /** The model summary the checks judge by (taken at the first fit; now, before any fit). */
  get summary(): ModelSummary {
    return this.record?.model ?? summarizeModel(this.model, this.options.numClasses);
  }

  /** The batch size of the last fit watched (NaN before any). */
  get lastBatchSize(): number {
    return this.record?.fits[this.record.fits.length - 1]?.batchSize ?? NaN;
  }

  /** The options a doctor on a copy of the model gets: the same checks and probes, silent, never stopping its fit. */
  get copyOptions(): DiagnoseOptions {
    const { probeEvery, probeBatchSize, numClasses, plateauWindow, probes } = this.options;
    return { log: false, stopOn: 'never', probeEvery, probeBatchSize, plateauWindow, probes, ...(numClasses === undefined ? {} : { numClasses }) };
  }

  /** Keeps what tryFixes() measured for the report, and prints one line per tried fix as findings are printed. */
  setPrescriptions(prescriptions: Prescription[]): void {
    this.prescriptions = prescriptions;
    for (const p of prescriptions) this.print(`[cnn-doctor] ${describePrescription(p)}`);
  }

  /** The name the user gave the model (a Sequential's, not its inner model's). */
  get modelName(): string {
    return this.model.name;
  }

  /** The model whose fit this engine expects to watch (the inner model of a Sequential). */
  get watchedModel(): LayersModel {
    return this.inner;
  }

  /**
   * Called as the user's fit() starts, before tfjs asks for its train function: a Sequential compiled
   * again since the last fit (freeze layers, recompile, fine-tune) has a new inner model, so the batch
   * hook and the activation probe move to it. The record and findings carry on.
   */
  followInner(): void {
    if (this.detached) return;
    const current = innerModel(this.model);
    if (current === this.inner) return;
    this.unwatchBatches?.();
    this.inner = current;
    this.unwatchBatches = watchTrainingBatches(current, this.batchListener);
    this.activationProbe = null; // rebuilt on the new inner model at trainBegin
    this.hasPenalties = this.guarded('weight penalties', () => weightPenalty(current) !== 0) ?? false;
  }

  /**
   * Set when a step of the fit under way ended without its training batch passing the hook on this
   * doctor's model: it is the fit of another model (tfjs's plain-callback path gives the doctor no model
   * to compare). Nothing of that step is recorded.
   */
  watchingAnotherModel = false;

  /** Findings so far, in the order they were first raised. */
  get findings(): Finding[] {
    return this.ledger ? [...this.ledger.findings] : [];
  }

  trainBegin(params: FitParams = {}): void {
    if (this.detached) return; // detach() is final: a fit the doctor is passed to afterwards is not recorded
    // A fit rejected before its end (a user callback threw) never called trainEnd: release what it left.
    this.fit?.release();
    this.fit = null;
    this.watchingAnotherModel = false;
    if (!this.record) {
      this.record = emptyRecord(summarizeModel(this.model, this.options.numClasses));
      this.ledger = new FindingLedger({ model: this.record.model, onChange: (f, kind) => this.announce(f, kind) });
      if (this.options.checkup) this.ledger.adopt(this.options.checkup.findings);
      this.hasPenalties = this.guarded('weight penalties', () => weightPenalty(this.inner) !== 0) ?? false;
    }
    const record = this.record;
    const stepsPerEpoch = params.steps ?? (params.samples && params.batchSize ? Math.ceil(params.samples / params.batchSize) : NaN);
    const fitRecord: FitRecord = {
      startIndex: record.steps.step.length,
      startStep: this.step,
      batchSize: params.batchSize ?? NaN,
      epochs: params.epochs ?? NaN,
      samples: params.samples ?? NaN,
      validates: params.doValidation ?? false,
    };
    record.fits.push(fitRecord);
    const fit = new FitState(fitRecord);
    this.fit = fit;
    const { probes } = this.options;
    if (probes.activations && !this.activationProbe) {
      this.guard('activations', () => {
        this.activationProbe = new ActivationProbe(this.inner, record.model);
        for (const s of this.activationProbe.skipped) this.note(`activations of ${s.layer}`, s.reason);
      });
    }
    if ((probes.gradients || probes.updates) && this.inner.optimizer) {
      const layerOf = new Map<string, string>();
      for (const layer of this.inner.layers) for (const w of layer.trainableWeights) layerOf.set(w.name, layer.name);
      fit.unwatchGradients = watchGradients(this.inner.optimizer, {
        layerOf,
        shouldProbe: () => this.fit === fit && fit.probingThisStep,
        measureGradients: probes.gradients,
        measureUpdates: probes.updates,
        onMeasured: (perLayer) => {
          dropRead(fit.pendingGradients);
          fit.pendingGradients = perLayer;
        },
        onError: (e) => this.note('gradients', errorText(e)),
      });
    }
    if (probes.activations) {
      fit.labels = new LabelCounter(record.model, stepsPerEpoch);
      if (record.model.task === 'regression') fit.targets = new TargetSampler();
      fit.inputs = new NonFiniteInputSentinel();
    }
    if (this.options.probe) fit.probeBatch = { xs: asArray(this.options.probe.x), ys: this.options.probe.y && asArray(this.options.probe.y), owned: false };
    this.stopRequested = false;
  }

  epochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  batchBegin(): void {
    if (this.fit) this.fit.probingThisStep = isProbeStep(this.fit.step, this.options.probeEvery);
  }

  /** The step's end: its logs (scalar tensors in the class-callback path) and, on probe steps, the probes, read with one `await`. */
  async batchEnd(rawLogs: Record<string, unknown> | undefined): Promise<void> {
    const { record, fit } = this;
    if (!record || !fit) return;
    if (fit.samplesSeen === 0) {
      this.watchingAnotherModel = true;
      return;
    }
    const reads = new StepReads();
    let allLogs: Record<string, number> = {};
    reads.add('logs', logsRead(rawLogs), (logs) => (allLogs = logs));
    const probing = fit.probingThisStep;
    let probe: ProbeRecord | null = null;
    if (fit.pendingPenalty) {
      reads.add('weight penalties', fit.pendingPenalty, (penalty) => (fit.penalty = penalty));
      fit.pendingPenalty = null;
    }
    if (probing) {
      this.readInputs(reads, record, fit);
      probe = this.startProbe(reads, record, fit);
    }
    const reading = this.flush(reads, fit);
    if (reading) await reading;
    if (this.fit !== fit) return; // the fit was released while the values were read
    // The penalties were read with the step's loss: the probe record carries this step's.
    if (probe && this.hasPenalties) probe.penalty = fit.penalty;
    const logs = firstHeadLogs(allLogs, this.inner.outputNames);
    const s = record.steps;
    const loss = logs.loss ?? NaN;
    s.step.push(this.step);
    s.epoch.push(this.epoch);
    s.loss.push(loss);
    s.dataLoss.push(loss - fit.penalty);
    s.accuracy.push(accuracyOf(logs));
    s.learningRate.push(readLearningRate(this.inner.optimizer));
    if (!probing && !Number.isFinite(loss)) {
      // Rare: a non-finite loss between probes asks whether the data did it.
      this.readInputs(reads, record, fit);
      const reading = this.flush(reads, fit);
      if (reading) await reading;
      if (this.fit !== fit) return;
    }
    if (probe) record.probes.push(probe);
    this.runChecks();
    this.step++;
    fit.step++;
  }

  async epochEnd(epoch: number, rawLogs: Record<string, unknown> | undefined): Promise<void> {
    const { record, fit } = this;
    if (!record || !fit) return;
    const reads = new StepReads();
    let logs: Record<string, number> = {};
    reads.add('logs', logsRead(rawLogs), (values) => (logs = values));
    fit.labels?.epochEnded();
    // Epoch-level rules (overfitting, labels missing from training) read the new epoch now.
    this.readCounters(reads, record, fit);
    const reading = this.flush(reads, fit);
    if (reading) await reading;
    if (this.fit !== fit) return;
    record.epochs.push({ epoch, logs });
    if (!Number.isFinite(fit.record.samples)) fit.record.samples = fit.samplesSeen;
    if (!fit.record.validates && ('val_loss' in logs)) fit.record.validates = true;
    this.runChecks();
  }

  trainEnd(): void {
    const { record, fit } = this;
    if (!fit) return;
    if (record) {
      this.guard('label counts', () => {
        const labels = fit.labels?.read();
        if (labels) record.labels = labels;
      });
      this.guard('targets', () => {
        const targets = fit.targets?.read();
        if (targets) record.targets = targets;
      });
    }
    // A fit too short to fill two loss windows is judged once more at its end, on the halves it has.
    if (record && this.ledger) this.guard('findings', () => this.ledger!.settle(this.currentStep(), progress(record, true)));
    this.guard('fit state', () => fit.release());
    this.fit = null;
  }

  /** Did a training batch since the last look hold NaN/Infinity inputs? (Read at probes and at a non-finite loss.) */
  private readInputs(reads: StepReads, record: RunRecord, fit: FitState): void {
    if (record.nonFiniteBatch || !fit.inputs) return;
    const inputs = fit.inputs;
    this.guard('training-batch inputs', () =>
      reads.add('training-batch inputs', inputs.pendingCheck(), (step) => {
        if (step !== undefined && !record.nonFiniteBatch) record.nonFiniteBatch = { step: fit.record.startStep + step };
      }),
    );
  }

  /** Reads everything added to `reads` (no await when no tensor needs reading); a value that cannot be read becomes a note. */
  private flush(reads: StepReads, fit: FitState): Promise<void> | void {
    return reads.flush((what, e) => {
      if (this.fit === fit) this.note(what, errorText(e));
    });
  }

  /** Removes every hook from the model and optimizer and frees what the doctor holds. It records nothing afterwards. */
  detach(): void {
    this.detached = true;
    this.trainEnd();
    this.unwatchBatches?.();
    this.unwatchBatches = null;
  }

  report(): Report {
    return new Report(this.findings, this.record ?? emptyRecord(summarizeModel(this.model, this.options.numClasses)), this.prescriptions);
  }

  /** Called by the batch hook inside fit, before the step updates the weights. Never throws. */
  private onTrainingBatch(xs: tf.Tensor[], ys: tf.Tensor[]): void {
    const fit = this.fit;
    if (!fit) return;
    if (fit.step === 0 && !Number.isFinite(fit.record.batchSize)) fit.record.batchSize = xs[0].shape[0];
    fit.samplesSeen += xs[0].shape[0];
    this.guard('probe batch', () => this.collectProbeBatch(fit, xs, ys));
    if (ys[0]) {
      this.guard('label counts', () => fit.labels?.add(ys[0]));
      this.guard('targets', () => fit.targets?.add(ys[0]));
    }
    this.guard('training-batch inputs', () => fit.inputs?.add(fit.step, xs[0]));
    if (this.hasPenalties) {
      // fit's loss of this step adds the penalties at the weights before the update: measure them now, every
      // step (one sum over the penalised weights, read with the loss): a strong penalty shrinks the weights
      // fast, and one measured steps ago would make the data loss (loss − penalty) wrong, even negative.
      this.guard('weight penalties', () => {
        dropRead(fit.pendingPenalty);
        fit.pendingPenalty = weightPenaltyRead(this.inner);
      });
    }
    if (fit.step === 0 && this.record!.fits.length === 1 && this.activationProbe && fit.probeBatch) {
      // The only chance to see the initialisation itself: this step has not updated anything yet.
      dropRead(fit.stepZeroProbe?.activations);
      fit.stepZeroProbe = this.startActivations(fit, true);
    }
  }

  /**
   * The probe batch: the first `probeBatchSize` samples fit trains on. With small batches it grows over the
   * first steps (a 1-sample probe batch tells nothing about dead units), so the step-0 probe sees the first
   * batch only.
   */
  private collectProbeBatch(fit: FitState, xs: tf.Tensor[], ys: tf.Tensor[]): void {
    const want = this.options.probeBatchSize;
    const have = fit.probeBatch;
    if (have && (!have.owned || have.xs[0].shape[0] >= want)) return;
    const held = have?.xs[0].shape[0] ?? 0;
    const n = Math.min(want - held, xs[0].shape[0]);
    const grow = (old: tf.Tensor | undefined, t: tf.Tensor) => tf.keep(tf.tidy(() => (old ? tf.concat([old, tf.slice(t, 0, n)]) : tf.slice(t, 0, n))));
    const next = { xs: xs.map((t, i) => grow(have?.xs[i], t)), ys: ys.map((t, i) => grow(have?.ys?.[i], t)), owned: true };
    if (have) tf.dispose([...have.xs, ...(have.ys ?? [])]);
    fit.probeBatch = next;
  }

  /** A probe record whose activation statistics are issued now and read later (its penalty is set at the step's end, once read). */
  private startActivations(fit: FitState, beforeFirstUpdate: boolean): { probe: ProbeRecord; activations: PendingRead<ActivationMeasurement> | null } {
    const probe: ProbeRecord = { step: this.step, epoch: this.epoch, beforeFirstUpdate, layers: {} };
    let activations: PendingRead<ActivationMeasurement> | null = null;
    if (this.activationProbe && fit.probeBatch) {
      const { xs, ys } = fit.probeBatch;
      const view = this.activationProbe;
      this.guard('activations', () => (activations = view.start(xs, ys)));
    }
    return { probe, activations };
  }

  /** Label counts and target statistics, read with the step's other values into the record. */
  private readCounters(reads: StepReads, record: RunRecord, fit: FitState, then?: { labels?: (l: LabelCounts) => void }): void {
    const { labels, targets } = fit;
    if (labels) {
      this.guard('label counts', () =>
        reads.add('label counts', labels.pendingRead(), (counts) => {
          if (!counts) return;
          record.labels = counts;
          then?.labels?.(counts);
        }),
      );
    }
    if (targets) {
      this.guard('targets', () =>
        reads.add('targets', targets.pendingRead(), (stats: TargetStats | undefined) => {
          if (stats) record.targets = stats;
        }),
      );
    }
  }

  /**
   * The probe of this step: its activations (taken before the update at step 0, now otherwise), the
   * gradients the step's applyGradients measured, the label counts. Returns the record, filled in once
   * `reads` is flushed.
   */
  private startProbe(reads: StepReads, record: RunRecord, fit: FitState): ProbeRecord {
    const initial = fit.step === 0 && record.fits.length === 1;
    const taken = fit.stepZeroProbe && fit.stepZeroProbe.probe.step === this.step ? fit.stepZeroProbe : null;
    if (!taken) dropRead(fit.stepZeroProbe?.activations);
    fit.stepZeroProbe = null;
    // The prior of the training labels counted so far is a far better estimate than the probe batch's.
    let counted: LabelCounts | undefined;
    this.readCounters(reads, record, fit, { labels: (c) => (counted = c) });
    const { probe, activations } = taken ?? this.startActivations(fit, initial);
    reads.add('activations', activations, (m) => {
      for (const [name, activation] of Object.entries(m.layers)) probe.layers[name] = { ...probe.layers[name], activation };
      probe.output = m.output;
      probe.input = m.input;
      if (probe.output?.labelPrior && counted && counted.samples > 0 && counted.counts.length === probe.output.labelPrior.length) {
        probe.output.labelPrior = counted.counts.map((c) => c / counted!.samples);
        probe.output.labelPriorSamples = counted.samples;
      }
    });
    if (fit.unwatchGradients && !fit.pendingGradients) {
      // The hook is on the optimizer but the step never went through it (a custom optimizer whose
      // minimize updates the variables itself): say so once rather than report silence as health.
      this.note('gradients', 'the optimizer did not call applyGradients during the step, so gradient norms and update sizes are not measured');
    }
    reads.add('gradients', fit.pendingGradients, (perLayer) => {
      for (const [name, g] of Object.entries(perLayer)) probe.layers[name] = { ...probe.layers[name], ...g };
    });
    fit.pendingGradients = null;
    return probe;
  }

  private runChecks(): void {
    const record = this.record!;
    const context = this.guarded('progress', () => checkContext(record, this.options.plateauWindow));
    if (!context) return;
    const drafts: FindingDraft[] = [];
    for (const check of CHECKS) {
      // A bug in one check must not stop the others.
      this.guard(`check ${check.code}`, () => drafts.push(...(check.run(record, context) as FindingDraft[])));
    }
    this.guard('findings', () => this.ledger!.round(drafts, this.currentStep(), context.progress));
  }

  /** The step the newest judgement is about (the last recorded step). */
  private currentStep(): number {
    const steps = this.record!.steps.step;
    return steps.length ? steps[steps.length - 1] : this.step;
  }

  private announce(finding: Finding, kind: ChangeKind): void {
    const { onFinding, onChange } = this.options;
    this.print(kind === 'raised' ? formatFindingLine(finding) : formatChangeLine(finding, kind));
    const call = (name: string, fn: () => void) => {
      try {
        fn();
      } catch (e) {
        console.error(`[cnn-doctor] your ${name} callback threw: ${errorText(e)}`);
      }
    };
    if (kind === 'raised' && onFinding) call('onFinding', () => onFinding(finding));
    if (onChange) call('onChange', () => onChange(finding, kind));
    const { stopOn } = this.options;
    if ((stopOn === 'nan' && finding.code === 'nan_loss') || (stopOn === 'error' && finding.severity === 'error' && finding.status !== 'resolved')) {
      this.stopRequested = true;
    }
  }

  /** One line through the `log` option: console.warn, the user's function, or nowhere. */
  private print(line: string): void {
    const { log } = this.options;
    if (log === true) console.warn(line);
    else if (typeof log === 'function') {
      try {
        log(line);
      } catch (e) {
        console.error(`[cnn-doctor] your log function threw: ${errorText(e)}`);
      }
    }
  }

  /** A probe that fails becomes an info note; it never throws into the user's fit. */
  private note(probe: string, reason: string): void {
    try {
      this.ledger?.round([{ code: 'probe_failed', severity: 'info', step: this.step, epoch: this.epoch, layer: probe, evidence: { probe, reason } }], this.step);
    } catch (e) {
      console.error(`[cnn-doctor] could not measure ${probe} (${reason}), and could not report it: ${errorText(e)}`);
    }
  }

  private guard(what: string, fn: () => void): void {
    this.guarded(what, fn);
  }

  private guarded<T>(what: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (this.record) this.note(what, errorText(e));
      return undefined;
    }
  }
}

/**
 * A model with several outputs logs the total `loss` and one `<output>_loss` (and `<output>_acc`) per
 * head. The model summary describes the first head — its task and chance level ln C — and a sum over
 * heads is not comparable to one head's chance level (two healthy 10-class heads start at 2 × ln 10),
 * so the recorded series are the first head's. A non-finite total is kept as it is: a NaN in any head
 * still shows as nan_loss.
 */
function firstHeadLogs(logs: Record<string, number>, outputNames: string[] | undefined): Record<string, number> {
  if (!outputNames || outputNames.length < 2) return logs;
  const prefix = `${outputNames[0]}_`;
  const head: Record<string, number> = {};
  for (const [key, value] of Object.entries(logs)) if (key.startsWith(prefix)) head[key.slice(prefix.length)] = value;
  if (!('loss' in head) || !Number.isFinite(logs.loss)) head.loss = logs.loss;
  return head;
}
