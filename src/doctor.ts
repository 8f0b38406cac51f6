/**
 * The doctor's engine: owns the run record, drives the probes on their schedule, runs the checks and
 * turns new drafts into findings. It knows models and tensors but not the fit-callback API; the
 * callback adapter (callback.ts) translates fit's hooks into the calls below.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { advise } from './advice';
import { CHECKS } from './checks';
import type { Finding, FindingDraft } from './findings';
import { findingKey, severityRank } from './findings';
import { innerModel, summarizeModel } from './model-info';
import type { ResolvedOptions } from './options';
import { ActivationProbe } from './probes/activations';
import { watchTrainingBatches } from './probes/batch-capture';
import { NonFiniteInputSentinel } from './probes/input-sentinel';
import { LabelPriorCounter } from './probes/label-prior';
import { watchGradients } from './probes/gradients';
import { accuracyOf, readLearningRate } from './probes/scalars';
import { isProbeStep } from './probes/schedule';
import type { LayerProbe, ProbeRecord, RunRecord } from './record';
import { emptyRecord } from './record';
import { Report } from './report';
import { formatFindingLine } from './reporters/console';
import { validateProbeBatch } from './probe-batch';
import { asArray, errorText } from './util';

interface ProbeBatch {
  xs: tf.Tensor[];
  ys?: tf.Tensor[];
  /** Tensors the doctor cloned (and must dispose), as opposed to the user's own probe option. */
  owned: boolean;
}


export class DoctorEngine {
  readonly findings: Finding[] = [];
  /** Set when a finding matches `stopOn`; the adapter then asks fit to stop. */
  stopRequested = false;

  private readonly inner: LayersModel;
  private record: RunRecord | null = null;
  private step = 0;
  private epoch = 0;
  private active = false;
  private detached = false;
  private probingThisStep = false;
  private probeBatch: ProbeBatch | null = null;
  private activationProbe: ActivationProbe | null = null;
  private pendingGradients: Record<string, LayerProbe> | null = null;
  private stepZeroProbe: ProbeRecord | null = null;
  private labelCounter: LabelPriorCounter | null = null;
  /** Label counts and the NaN watch on inputs are measurements of the activation probe's family: on with it. */
  private inputSentinel: NonFiniteInputSentinel | null = null;
  private unwatchGradients: (() => void) | null = null;
  private unwatchBatches: (() => void) | null;
  private readonly byKey = new Map<string, Finding>();
  /** Held here because the model's hook holds it only weakly (see watchTrainingBatches). */
  private readonly batchListener = (xs: tf.Tensor[], ys: tf.Tensor[]) => this.onTrainingBatch(xs, ys);

  constructor(private readonly model: LayersModel, private readonly options: ResolvedOptions) {
    this.inner = innerModel(model);
    if (options.probe) validateProbeBatch(this.inner, options.probe);
    // fit() asks for its train function before any callback runs, so the hook goes in now.
    this.unwatchBatches = watchTrainingBatches(this.inner, this.batchListener);
  }

  /** The model whose fit this engine expects to watch (the inner model of a Sequential). */
  get watchedModel(): LayersModel {
    return this.inner;
  }

  trainBegin(): void {
    if (this.detached) return; // detach() is final: a fit the doctor is passed to afterwards is not recorded
    if (!this.record) this.record = emptyRecord(summarizeModel(this.model, this.options.numClasses));
    const { probes } = this.options;
    if (probes.activations && !this.activationProbe) {
      this.guard('activations', () => {
        this.activationProbe = new ActivationProbe(this.inner, this.record!.model);
        for (const s of this.activationProbe.skipped) this.note(`activations of ${s.layer}`, s.reason);
      });
    }
    if ((probes.gradients || probes.updates) && this.inner.optimizer) {
      const layerOf = new Map<string, string>();
      for (const layer of this.inner.layers) for (const w of layer.trainableWeights) layerOf.set(w.name, layer.name);
      this.unwatchGradients = watchGradients(this.inner.optimizer, {
        layerOf,
        shouldProbe: () => this.active && this.probingThisStep,
        measureGradients: probes.gradients,
        measureUpdates: probes.updates,
        onMeasured: (perLayer) => (this.pendingGradients = perLayer),
        onError: (e) => this.note('gradients', errorText(e)),
      });
    }
    if (probes.activations && !this.labelCounter) this.labelCounter = new LabelPriorCounter(this.record.model);
    if (probes.activations && !this.inputSentinel) this.inputSentinel = new NonFiniteInputSentinel();
    if (this.options.probe) {
      this.probeBatch = { xs: asArray(this.options.probe.x), ys: this.options.probe.y && asArray(this.options.probe.y), owned: false };
    }
    this.stopRequested = false;
    this.active = true;
  }

  epochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  batchBegin(): void {
    this.probingThisStep = isProbeStep(this.step, this.options.probeEvery);
  }

  batchEnd(allLogs: Record<string, number>): void {
    const record = this.record;
    if (!record || !this.active) return;
    const logs = firstHeadLogs(allLogs, this.inner.outputNames);
    const s = record.steps;
    s.step.push(this.step);
    s.epoch.push(this.epoch);
    s.loss.push(logs.loss ?? NaN);
    s.accuracy.push(accuracyOf(logs));
    s.learningRate.push(readLearningRate(this.inner.optimizer));
    if (this.probingThisStep || !Number.isFinite(s.loss[s.loss.length - 1])) this.checkInputs(record);

    if (this.probingThisStep) this.recordProbe();
    this.runChecks();
    this.step++;
  }

  epochEnd(epoch: number, logs: Record<string, number>): void {
    if (this.active) this.record?.epochs.push({ epoch, logs });
  }

  trainEnd(): void {
    this.active = false;
    this.unwatchGradients?.();
    this.unwatchGradients = null;
    if (this.probeBatch?.owned) tf.dispose([...this.probeBatch.xs, ...(this.probeBatch.ys ?? [])]);
    this.probeBatch = null;
    this.guard('label prior', () => this.labelCounter?.settle());
    this.guard('training-batch inputs', () => this.inputSentinel?.release());
  }

  /** Did a training batch since the last look hold NaN/Infinity inputs? (Read at probes and at a non-finite loss.) */
  private checkInputs(record: RunRecord): void {
    if (record.nonFiniteBatch || !this.inputSentinel) return;
    this.guard('training-batch inputs', () => {
      const step = this.inputSentinel!.check();
      if (step !== undefined) record.nonFiniteBatch = { step };
    });
  }

  /** Removes every hook from the model and optimizer. The doctor records nothing afterwards. */
  detach(): void {
    this.detached = true;
    this.trainEnd();
    this.unwatchBatches?.();
    this.unwatchBatches = null;
  }

  report(): Report {
    return new Report(this.findings, this.record ?? emptyRecord(summarizeModel(this.model, this.options.numClasses)));
  }

  /** Called by the batch hook inside fit, before the step updates the weights. Never throws. */
  private onTrainingBatch(xs: tf.Tensor[], ys: tf.Tensor[]): void {
    if (!this.active) return;
    this.guard('probe batch', () => {
      if (!this.probeBatch) {
        const n = Math.min(this.options.probeBatchSize, xs[0].shape[0]);
        const take = (t: tf.Tensor) => tf.keep(tf.slice(t, 0, n));
        this.probeBatch = { xs: xs.map(take), ys: ys.map(take), owned: true };
      }
    });
    if (ys[0]) this.guard('label prior', () => this.labelCounter?.add(ys[0]));
    this.guard('training-batch inputs', () => this.inputSentinel?.add(this.step, xs[0]));
    if (this.step === 0 && this.activationProbe && this.probeBatch) {
      // The only chance to see the initialisation itself: this step has not updated anything yet.
      this.stepZeroProbe = this.measureActivations(true);
    }
  }

  private measureActivations(beforeFirstUpdate: boolean): ProbeRecord {
    const probe: ProbeRecord = { step: this.step, epoch: this.epoch, beforeFirstUpdate, layers: {} };
    if (this.activationProbe && this.probeBatch) {
      const { xs, ys } = this.probeBatch;
      this.guard('activations', () => {
        const m = this.activationProbe!.measure(xs, ys);
        for (const [name, activation] of Object.entries(m.layers)) probe.layers[name] = { activation };
        probe.output = m.output;
        probe.input = m.input;
        // The prior of the training labels counted so far is a far better estimate than the probe batch's.
        const counted = this.labelCounter?.read();
        if (probe.output?.labelPrior && counted && counted.prior.length === probe.output.labelPrior.length) {
          probe.output.labelPrior = counted.prior;
          probe.output.labelPriorSamples = counted.samples;
        }
      });
    }
    return probe;
  }

  private recordProbe(): void {
    const probe =
      this.stepZeroProbe && this.stepZeroProbe.step === this.step ? this.stepZeroProbe : this.measureActivations(this.step === 0);
    this.stepZeroProbe = null;
    if (this.unwatchGradients && !this.pendingGradients) {
      // The hook is on the optimizer but the step never went through it (a custom optimizer whose
      // minimize updates the variables itself): say so once rather than report silence as health.
      this.note('gradients', 'the optimizer did not call applyGradients during the step, so gradient norms and update sizes are not measured');
    }
    for (const [name, g] of Object.entries(this.pendingGradients ?? {})) probe.layers[name] = { ...probe.layers[name], ...g };
    this.pendingGradients = null;
    this.record!.probes.push(probe);
  }

  private runChecks(): void {
    const record = this.record!;
    for (const check of CHECKS) {
      // Wording and announcing a finding run inside the guard too: a bug there must not stop the other checks.
      this.guard(`check ${check.code}`, () => {
        for (const draft of check.run(record, { plateauWindow: this.options.plateauWindow }) as FindingDraft[]) this.accept(draft);
      });
    }
  }

  /** Records a draft as a finding unless it is already known at the same or a higher severity. */
  private accept(draft: FindingDraft): void {
    const key = findingKey(draft);
    const known = this.byKey.get(key);
    if (known && severityRank(known.severity) >= severityRank(draft.severity)) return;
    const finding = advise(draft, this.record!.model);
    if (known) this.findings.splice(this.findings.indexOf(known), 1, finding);
    else this.findings.push(finding);
    this.byKey.set(key, finding);
    this.announce(finding);
    const { stopOn } = this.options;
    if ((stopOn === 'nan' && finding.code === 'nan_loss') || (stopOn === 'error' && finding.severity === 'error')) {
      this.stopRequested = true;
    }
  }

  private announce(finding: Finding): void {
    const { log, onFinding } = this.options;
    if (log === true) console.warn(formatFindingLine(finding));
    else if (typeof log === 'function') {
      try {
        log(formatFindingLine(finding));
      } catch (e) {
        console.error(`[cnn-doctor] your log function threw: ${errorText(e)}`);
      }
    }
    if (onFinding) {
      try {
        onFinding(finding);
      } catch (e) {
        console.error(`[cnn-doctor] your onFinding callback threw: ${errorText(e)}`);
      }
    }
  }

  /** A probe that fails becomes an info note; it never throws into the user's fit. */
  private note(probe: string, reason: string): void {
    try {
      this.accept({ code: 'probe_failed', severity: 'info', step: this.step, epoch: this.epoch, layer: probe, evidence: { probe, reason } });
    } catch (e) {
      console.error(`[cnn-doctor] could not measure ${probe} (${reason}), and could not report it: ${errorText(e)}`);
    }
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (this.record) this.note(what, errorText(e));
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
