/**
 * `doctor.tryFixes()`: prescriptions that prove themselves. Plans the mechanical fixes of the doctor's
 * active error findings (plan.ts), applies each to a copy of the model (patch.ts) and trains it next to
 * one untreated copy (trial.ts). The user's model, weights and optimizer state are only read; every copy,
 * its optimizer, its doctor and every tensor made for it are gone when this returns.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { validateData } from '../checkup/data';
import type { Finding } from '../findings';
import { assertTrainable, innerModel, type ModelSummary } from '../model-info';
import { readLearningRate } from '../probes/scalars';
import { parseTryFixesOptions } from './options';
import { planTreatments } from './plan';
import type { Prescription } from './prescription';
import { runTrials, type Watch } from './trial';

export type { TryFixesOptions } from './options';
export type { Prescription, Treatment, TrialOutcome, FixKind } from './prescription';

export interface TryFixesContext {
  model: LayersModel;
  findings: readonly Finding[];
  summary: ModelSummary;
  /** The batch size of the doctor's last fit (NaN when unknown). */
  lastBatchSize: number;
  watch: Watch;
}

/** Validates the options (before anything is copied or trained), plans the fixes and tries them. */
export async function tryFixes(context: TryFixesContext, options: unknown): Promise<Prescription[]> {
  const opts = parseTryFixesOptions(options);
  assertTrainable(context.model);
  const n = validateData(context.model, opts.xs, opts.ys, 'tryFixes');
  const learningRate = readLearningRate(innerModel(context.model).optimizer);
  const treatments = planTreatments(context.findings, context.summary, learningRate);
  if (treatments.length === 0) return [];
  const batchSize = Math.min(n, opts.batchSize ?? (Number.isFinite(context.lastBatchSize) && context.lastBatchSize > 0 ? context.lastBatchSize : 32));
  return runTrials(context.model, treatments, { xs: opts.xs, ys: opts.ys, batchSize, steps: opts.steps, seconds: opts.seconds }, context.watch);
}
