/**
 * The tfjs adapter: the only file that knows the fit-callback API.
 *
 * The doctor is *not* a subclass of tf.Callback, on purpose. tfjs's `fit` looks only at
 * `callbacks[0] instanceof tf.Callback`: when it is one, every entry is used as a class callback (and a
 * plain-object callback after it breaks fit); otherwise every entry is wrapped in a `CustomCallback`
 * (and a class callback after it loses its model). The doctor speaks both: it has the class-callback
 * methods tfjs calls in the first case (setParams, setModel, hooks with tensor logs), and, bound to
 * itself, the plain-object hooks tfjs copies in the second (hooks called with numeric logs and a foreign
 * `this`). So `[doctor]`, `[doctor, { onEpochEnd }]`, `[{ onBatchEnd }, doctor]`,
 * and tfjs-vis's `fitCallbacks` all work, and in the plain path tfjs also yields to the browser between
 * steps (`yieldEvery: 'auto'`). A list that mixes the doctor, class callbacks and plain objects
 * (`[doctor, tf.callbacks.earlyStopping(), { onEpochEnd }]`) is put into one form by fit-callbacks.ts.
 */
import type { LayersModel, Logs } from '@tensorflow/tfjs-layers';
import { DoctorEngine, type FitParams } from './doctor';
import { CnnDoctorError } from './errors';
import type { Finding } from './findings';
import { BOTH, normaliseFitCallbacks } from './fit-callbacks';
import { assertTrainable } from './model-info';
import { parseOptions, type DiagnoseOptions } from './options';
import type { Prescription, TryFixesOptions } from './prescriptions';
import type { Report } from './report';

export class Doctor {
  private readonly engine: DoctorEngine;
  /** Set by tfjs when it uses the doctor as a class callback (the inner model of a Sequential). */
  model: LayersModel | null = null;
  /** Set by tfjs when it uses the doctor as a class callback: { epochs, samples, steps, batchSize, … }. */
  params: FitParams | null = null;
  /** Part of tfjs's class-callback shape; unused. */
  validationData: unknown = null;
  readonly [BOTH] = true;
  private readonly unwatchFit: () => void;

  constructor(model: LayersModel, options?: DiagnoseOptions) {
    const resolved = parseOptions(options);
    this.engine = new DoctorEngine(assertTrainable(model), resolved);
    // Held weakly, like the batch hook: the model must not keep a dropped doctor alive.
    const engine = new WeakRef(this.engine);
    this.unwatchFit = normaliseFitCallbacks(model, () => engine.deref()?.followInner());
    // tfjs's plain-object path copies these functions and calls them with its own `this`.
    this.onTrainBegin = this.onTrainBegin.bind(this);
    this.onTrainEnd = this.onTrainEnd.bind(this);
    this.onEpochBegin = this.onEpochBegin.bind(this);
    this.onEpochEnd = this.onEpochEnd.bind(this);
    this.onBatchBegin = this.onBatchBegin.bind(this);
    this.onBatchEnd = this.onBatchEnd.bind(this);
  }

  /** Findings so far, in the order they first appeared (each with its status and history). */
  get findings(): Finding[] {
    return this.engine.findings;
  }

  /** A report of everything found so far; `toString()` for the console, `toJSON()` for a run log. */
  report(): Report {
    return this.engine.report();
  }

  /**
   * Tries the mechanical fixes of the active error findings on copies of the model, and reports what they
   * measured. For each fix (He/Glorot re-initialisation of the named or off-scale layers, scaled inputs,
   * the learning rate ÷ 10 or × 10, a linear output with a logits loss) a patched copy and one shared
   * untreated copy train for the same `steps` on the same batches in the same order (consecutive slices of
   * `x`/`y`, no shuffle), from your model's current weights wherever the fix does not change them, each with
   * a doctor attached. Per fix: the mean loss and accuracy of the last 10% of the steps, treated vs untreated,
   * and whether the symptoms are still active on the treated copy (`cleared`). Also kept in
   * `report().prescriptions`, the JSON run log and the console report, and printed through `log`.
   *
   * Your model, its weights and its optimizer state are left bit-identical; nothing stays attached and no
   * tensor is left behind. Bad options throw a `CnnDoctorError` (`invalid_options`) before any training.
   * Returns `[]` when no active error finding has a mechanical fix.
   *
   * @example
   * ```ts
   * const doctor = diagnose(model);
   * await model.fit(x, y, { epochs: 5, batchSize: 32, callbacks: [doctor] });
   * const tried = await doctor.tryFixes({ x, y });        // 300 steps per copy, at most 60 s of training
   * for (const p of tried) console.log(p.fix, p.treated.loss, 'vs', p.untreated.loss, p.cleared);
   * // [cnn-doctor] tried He init on hidden1, hidden2 for dead_relu: loss 0.0475 vs 1.1 untreated after 300 steps, …
   * ```
   */
  async tryFixes(options: TryFixesOptions): Promise<Prescription[]> {
    const engine = this.engine;
    // Loaded on first use: a browser bundle that never calls tryFixes keeps it out of its first load (a chunk of its own).
    const { tryFixes } = await import('./prescriptions');
    const prescriptions = await tryFixes(
      {
        model: engine.userModel,
        findings: engine.findings,
        summary: engine.summary,
        lastBatchSize: engine.lastBatchSize,
        watch: (copy) => {
          const doctor = new Doctor(copy, engine.copyOptions);
          return { callback: doctor, report: () => doctor.report(), detach: () => doctor.detach() };
        },
      },
      options,
    );
    engine.setPrescriptions(prescriptions);
    return prescriptions;
  }

  /**
   * Removes the doctor's hooks from the model and optimizer and frees the tensors it holds; call it if you
   * keep training the model without the doctor. The doctor records nothing afterwards.
   */
  detach(): void {
    this.engine.detach();
    this.unwatchFit();
  }

  /** @internal tfjs's class-callback API. */
  setParams(params: FitParams): void {
    this.params = params;
  }

  /** @internal tfjs's class-callback API. */
  setModel(model: LayersModel): void {
    this.model = model;
  }

  /** @internal */
  async onTrainBegin(): Promise<void> {
    if (this.model && this.model !== this.engine.watchedModel) throw this.wrongModel(this.model.name.replace(/_model$/, ''));
    this.safely('onTrainBegin', () => this.engine.trainBegin(this.params ?? {}));
    // Class-callback params belong to one fit; a later fit through the plain path must not reuse them.
    this.params = null;
  }

  /** @internal */
  async onEpochBegin(epoch: number): Promise<void> {
    this.safely('onEpochBegin', () => this.engine.epochBegin(epoch));
  }

  /** @internal */
  async onBatchBegin(): Promise<void> {
    this.safely('onBatchBegin', () => this.engine.batchBegin());
  }

  /** @internal */
  async onBatchEnd(_batch: number, logs?: Logs): Promise<void> {
    // In the class path fit awaits this hook and disposes the log tensors once it returns: the engine
    // reads them (with the step's probe values, one await) before it does.
    await this.safelyAsync('onBatchEnd', () => this.engine.batchEnd(logs as Record<string, unknown> | undefined));
    if (this.engine.watchingAnotherModel) {
      this.engine.trainEnd();
      throw this.wrongModel('another model');
    }
    this.stopIfAsked();
  }

  /** @internal */
  async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    await this.safelyAsync('onEpochEnd', () => this.engine.epochEnd(epoch, logs as Record<string, unknown> | undefined));
    this.stopIfAsked();
  }

  /** @internal */
  async onTrainEnd(): Promise<void> {
    this.safely('onTrainEnd', () => this.engine.trainEnd());
  }

  private wrongModel(other: string): CnnDoctorError {
    return new CnnDoctorError(
      'already_attached',
      `this doctor was created for model "${this.engine.modelName}" but is attached to the fit() of ${other === 'another model' ? other : `model "${other}"`}.`,
      'create one doctor per model: diagnose(model) for the model you call fit() on',
    );
  }

  private stopIfAsked(): void {
    if (this.engine.stopRequested) this.engine.watchedModel.stopTraining = true;
  }

  /**
   * The last line of defence: a bug in the doctor must never stop the user's training. Probe and check
   * failures are already turned into `probe_failed` notes inside the engine; this catches the rest.
   */
  private safely(hook: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.internalError(hook, e);
    }
  }

  private async safelyAsync(hook: string, fn: () => Promise<void> | void): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.internalError(hook, e);
    }
  }

  private internalError(hook: string, e: unknown): void {
    console.error(`[cnn-doctor] internal error in ${hook}, training continues: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Watch a model while it trains and say why it is not learning.
 *
 * @example
 * ```ts
 * import { diagnose } from 'cnn-doctor';
 * const doctor = diagnose(model);
 * await model.fit(x, y, { epochs: 5, callbacks: [doctor] });
 * console.log(doctor.report().toString());
 * ```
 * The doctor goes anywhere in `callbacks`, next to plain-object callbacks, `tf.CustomCallback`s,
 * `tf.callbacks.earlyStopping()` or tfjs-vis's `fitCallbacks`.
 */
export function diagnose(model: LayersModel, options?: DiagnoseOptions): Doctor {
  return new Doctor(model, options);
}
