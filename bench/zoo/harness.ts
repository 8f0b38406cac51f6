/**
 * Runs one zoo case and scores it: which expected codes were detected (and at which step), which other
 * warnings/errors were raised, and — for healthy controls — whether anything was raised at all.
 * Reproducible: Math.random is replaced by a PRNG seeded from the case id for the duration of the case
 * (tfjs initialisers without a seed, dropout masks and fit's shuffling all draw from it).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkup, diagnose, type Finding, type FindingCode, type RunRecord } from '../../src';
import { isActive } from '../../src/findings';
import { accuracyOf, readLogs } from '../../src/probes/scalars';
import { rng } from './data';
import type { ZooCase } from './types';

export const DEFAULT_MAX_STEPS = 300;

export interface Raised {
  code: FindingCode;
  severity: 'warning' | 'error';
  /** First step at which this code was raised (any layer, warning or error). */
  step: number;
  layer?: string;
  /** The numbers behind the finding (as first raised). */
  evidence: Record<string, unknown>;
  /** Its status in the final report: a finding the run resolved is transient, not an alarm. */
  status?: Finding['status'];
}

export interface CaseResult {
  id: string;
  split: ZooCase['split'];
  kind: ZooCase['kind'];
  expected: FindingCode[];
  healthy: boolean;
  /** Every code raised as a warning or error, first occurrence. */
  raised: Raised[];
  /** expected code → first step detected, or null when missed. */
  detected: Partial<Record<FindingCode, number | null>>;
  missed: FindingCode[];
  /** Faulty cases: codes raised beyond the expected ones (not false alarms). */
  alsoRaised: FindingCode[];
  /** Healthy controls: true when a warning or error is still active (not resolved) at the end of the run. */
  falseAlarm: boolean;
  /** Healthy controls: a warning or error was raised and later resolved by the run itself. */
  transient: boolean;
  /** Training steps run (fit) or 0 (checkup). */
  steps: number;
  finalLoss: number;
  ms: number;
  error?: string;
  /** Generated cases: the family. */
  family?: string;
  /** Cases with a confirmation that did not confirm in this run: why (left out of scoring). */
  unconfirmed?: string;
  /** What the confirmation measured (the buggy and fixed outcomes, what went wrong), one line each. */
  confirmation?: string[];
  /** With `keepRecord`: the doctor's (or checkup's) run record, for inspecting a case. */
  record?: RunRecord;
}

function hashSeed(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Per-step loss and accuracy, for a case's confirmation (independent of the doctor's record). */
class StepLog extends tfl.Callback {
  readonly losses: number[] = [];
  readonly accuracies: number[] = [];
  override async onBatchEnd(_batch: number, logs?: tfl.Logs): Promise<void> {
    // fit hands callbacks scalar tensors, not numbers: read them as the doctor's adapter does.
    const values = readLogs(logs);
    this.losses.push(values.loss ?? NaN);
    const acc = accuracyOf(values);
    if (!Number.isNaN(acc)) this.accuracies.push(acc);
  }
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

export async function runCase(c: ZooCase, opts: { maxSteps?: number; keepRecord?: boolean } = {}): Promise<CaseResult> {
  const started = Date.now();
  const realRandom = Math.random;
  Math.random = rng(hashSeed(c.id));
  const raised = new Map<FindingCode, Raised>();
  const note = (f: Finding) => {
    if (f.severity === 'info' || raised.has(f.code)) return;
    raised.set(f.code, { code: f.code, severity: f.severity, step: f.step, layer: f.layer, evidence: { ...f.evidence } });
  };
  let steps = 0;
  let finalLoss = NaN;
  let error: string | undefined;
  let kept: RunRecord | undefined;
  let data: { x: tf.Tensor; y: tf.Tensor } | null = null;
  let model: tfl.LayersModel | null = null;
  let initialWeights: { name: string; value: tf.Tensor }[] = [];
  let unconfirmed: string | undefined;
  const notes: string[] = [];
  const log = new StepLog();
  const maxSteps = Math.min(opts.maxSteps ?? Infinity, c.fit?.maxSteps ?? DEFAULT_MAX_STEPS);
  const batchSize = c.fit?.batchSize ?? 32;
  try {
    data = await c.data();
    model = c.build();
    if (c.confirm) initialWeights = model.trainableWeights.map((w) => ({ name: w.name, value: tf.clone(w.read()) }));
    if (c.kind === 'fit') {
      const perEpoch = Math.ceil(data.x.shape[0] / batchSize);
      const doctor = diagnose(model, { log: false, onFinding: note });
      const limit = new StepLimit(maxSteps);
      if (c.fit?.run) {
        await c.fit.run({ model, data, callbacks: [doctor, log, limit] as unknown as tfl.CustomCallbackArgs[], batchSize, maxSteps });
      } else {
        await model.fit(data.x, data.y, {
          epochs: Math.ceil(maxSteps / perEpoch),
          batchSize,
          shuffle: c.fit?.shuffle ?? true,
          callbacks: [doctor, log, limit],
          verbose: 0,
        });
      }
      const report = doctor.report();
      // A code is active at the end when any of its findings (any layer) still is.
      for (const r of raised.values()) r.status = report.findings.find((f) => f.code === r.code && isActive(f))?.status ?? 'resolved';
      const record = report.record;
      if (opts.keepRecord) kept = record;
      steps = record.steps.step.length;
      finalLoss = record.steps.loss[record.steps.loss.length - 1];
      doctor.detach();
    } else {
      const result = await checkup(model, { x: data.x, y: data.y, ...(c.checkup ?? {}) });
      for (const f of result.findings) note(f);
      for (const r of raised.values()) r.status = 'open';
      if (opts.keepRecord) kept = result.record;
      const trial = result.record.checkup?.overfit?.losses;
      finalLoss = trial?.length ? trial[trial.length - 1] : result.record.steps.loss[0];
    }
    if (c.confirm) {
      unconfirmed =
        (await c.confirm({
          model,
          data,
          initialWeights,
          losses: log.losses,
          accuracies: log.accuracies,
          kind: c.kind,
          maxSteps,
          batchSize,
          twin: c.twin,
          note: (text) => notes.push(text),
        })) ?? undefined;
    }
  } catch (e) {
    error = e instanceof Error ? e.message.split('\n')[0] : String(e);
  } finally {
    Math.random = realRandom;
    tf.dispose(initialWeights.map((w) => w.value));
    model?.dispose();
    model?.optimizer?.dispose();
    if (data) tf.dispose([data.x, data.y]);
  }
  const detected: CaseResult['detected'] = {};
  for (const code of c.expected) detected[code] = raised.get(code)?.step ?? null;
  const healthy = c.expected.length === 0;
  return {
    id: c.id,
    split: c.split,
    kind: c.kind,
    expected: c.expected,
    healthy,
    raised: [...raised.values()],
    detected,
    missed: c.expected.filter((code) => !raised.has(code)),
    alsoRaised: [...raised.keys()].filter((code) => !c.expected.includes(code)),
    falseAlarm: healthy && [...raised.values()].some((r) => r.status !== 'resolved'),
    transient: healthy && raised.size > 0 && [...raised.values()].every((r) => r.status === 'resolved'),
    steps,
    finalLoss,
    ms: Date.now() - started,
    error,
    ...(c.family ? { family: c.family } : {}),
    ...(unconfirmed ? { unconfirmed } : {}),
    ...(notes.length ? { confirmation: notes } : {}),
    ...(kept ? { record: kept } : {}),
  };
}

/** A case passes when every expected code is detected (faulty) or nothing is raised (healthy), without an error. */
export function passed(r: CaseResult): boolean {
  return !r.error && (r.healthy ? !r.falseAlarm : r.missed.length === 0);
}

/** Scored cases: unconfirmed ones (the outcome did not confirm the fault, or a healthy setup did not learn) are left out. */
export const scored = (r: CaseResult): boolean => r.unconfirmed === undefined;
