/**
 * The tfjs adapter: the only file that knows the fit-callback API. It extends the user's own
 * tf.Callback (tfjs-layers is a peer dependency), because tfjs only wires class callbacks to the model
 * when `callbacks[0] instanceof BaseCallback` of the same tfjs copy.
 */
import { Callback } from '@tensorflow/tfjs-layers';
import type { Logs } from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { DoctorEngine } from './doctor';
import { CnnDoctorError } from './errors';
import type { Finding } from './findings';
import { assertTrainable } from './model-info';
import { parseOptions, type DiagnoseOptions } from './options';
import { readLogs } from './probes/scalars';
import type { Report } from './report';

export class Doctor extends Callback {
  private readonly engine: DoctorEngine;

  constructor(model: LayersModel, options?: DiagnoseOptions) {
    super();
    const resolved = parseOptions(options);
    this.engine = new DoctorEngine(assertTrainable(model), resolved);
  }

  /** Findings so far, in the order they appeared. */
  get findings(): Finding[] {
    return [...this.engine.findings];
  }

  /** A report of everything found so far; `toString()` for the console, `toJSON()` for a run log. */
  report(): Report {
    return this.engine.report();
  }

  /** Removes the doctor's hooks from the model; call it if you keep training the model without the doctor. */
  detach(): void {
    this.engine.detach();
  }

  override async onTrainBegin(): Promise<void> {
    if (this.model !== this.engine.watchedModel) {
      throw new CnnDoctorError(
        'already_attached',
        `this doctor was created for model "${this.engine.watchedModel.name}" but is attached to the fit() of model "${this.model?.name}".`,
        'create one doctor per model: diagnose(model) for the model you call fit() on',
      );
    }
    this.safely('onTrainBegin', () => this.engine.trainBegin());
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.safely('onEpochBegin', () => this.engine.epochBegin(epoch));
  }

  override async onBatchBegin(): Promise<void> {
    this.safely('onBatchBegin', () => this.engine.batchBegin());
  }

  override async onBatchEnd(_batch: number, logs?: Logs): Promise<void> {
    // fit disposes the log tensors as soon as this returns: read them now.
    this.safely('onBatchEnd', () => this.engine.batchEnd(readLogs(logs as Record<string, unknown>)));
    if (this.engine.stopRequested) this.model.stopTraining = true;
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    this.safely('onEpochEnd', () => this.engine.epochEnd(epoch, readLogs(logs as Record<string, unknown>)));
    if (this.engine.stopRequested) this.model.stopTraining = true;
  }

  override async onTrainEnd(): Promise<void> {
    this.safely('onTrainEnd', () => this.engine.trainEnd());
  }

  /**
   * The last line of defence: a bug in the doctor must never stop the user's training. Probe and check
   * failures are already turned into `probe_failed` notes inside the engine; this catches the rest.
   */
  private safely(hook: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      console.error(`[cnn-doctor] internal error in ${hook}, training continues: ${e instanceof Error ? e.message : String(e)}`);
    }
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
 * Pass the doctor first in `callbacks` (or alone): tfjs treats the list as class callbacks only when
 * its first entry is one.
 */
export function diagnose(model: LayersModel, options?: DiagnoseOptions): Doctor {
  return new Doctor(model, options);
}
