/**
 * Per-epoch progress for the CLI: loss, accuracy, steps/s and ETA. On a terminal the line redraws in
 * place; elsewhere (CI, pipes) a line is printed at the end of each epoch and every 15 s within one,
 * so logs stay readable and a long epoch still shows signs of life.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { readLogs } from '../probes/scalars';

export interface ProgressOptions {
  stepsPerEpoch: number;
  epochs: number;
  /** Stop after this many steps in total. */
  maxSteps?: number;
  write: (text: string) => void;
  tty: boolean;
}

const clock = (seconds: number) => {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export class TrainingProgress extends tfl.Callback {
  private step = 0;
  private epoch = 0;
  private started = 0;
  private lastDraw = 0;
  private last: Record<string, number> = {};

  constructor(private readonly o: ProgressOptions) {
    super();
  }

  get steps(): number {
    return this.step;
  }

  private get totalSteps(): number {
    const byEpochs = this.o.stepsPerEpoch * this.o.epochs;
    return this.o.maxSteps ? Math.min(this.o.maxSteps, byEpochs) : byEpochs;
  }

  override async onTrainBegin(): Promise<void> {
    this.started = Date.now();
    this.lastDraw = this.started;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }

  override async onBatchEnd(batch: number, logs?: tfl.Logs): Promise<void> {
    this.step++;
    this.last = readLogs(logs as Record<string, unknown>);
    const done = this.o.maxSteps !== undefined && this.step >= this.o.maxSteps;
    if (done) this.model.stopTraining = true;
    const now = Date.now();
    if (this.o.tty && (now - this.lastDraw > 100 || done)) {
      this.lastDraw = now;
      this.o.write(`\r${this.line(batch + 1)}\x1b[K`);
    } else if (!this.o.tty && now - this.lastDraw > 15_000 && !done) {
      this.lastDraw = now;
      this.o.write(`${this.line(batch + 1)}\n`);
    }
  }

  override async onEpochEnd(epoch: number, logs?: tfl.Logs): Promise<void> {
    const inEpoch = ((this.step - 1) % this.o.stepsPerEpoch) + 1;
    // The --steps budget can end a run inside an epoch: say so, or the line reads like an aborted epoch.
    const budgetEnded = this.o.maxSteps !== undefined && this.step >= this.o.maxSteps && inEpoch < this.o.stepsPerEpoch;
    const text = this.line(inEpoch, readLogs(logs as Record<string, unknown>)) + (budgetEnded ? `  — done: ${this.step} steps (--steps)` : '');
    this.o.write(this.o.tty ? `\r${text}\x1b[K\n` : `${text}\n`);
  }

  private line(inEpoch: number, epochLogs: Record<string, number> = {}): string {
    const width = 20;
    const filled = Math.round((inEpoch / this.o.stepsPerEpoch) * width);
    const elapsed = (Date.now() - this.started) / 1000;
    const rate = this.step / Math.max(elapsed, 1e-3);
    const eta = (this.totalSteps - this.step) / rate;
    const loss = epochLogs.loss ?? this.last.loss;
    const acc = epochLogs.acc ?? this.last.acc;
    const epochs = this.o.maxSteps ? Math.ceil(this.totalSteps / this.o.stepsPerEpoch) : this.o.epochs;
    return (
      `epoch ${this.epoch + 1}/${epochs} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${inEpoch}/${this.o.stepsPerEpoch}` +
      `  loss ${formatLoss(loss)}  acc ${Number.isFinite(acc) ? acc.toFixed(3) : 'n/a'}  ${rate.toFixed(1)} steps/s  ETA ${clock(eta)}`
    );
  }
}

function formatLoss(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1000 ? x.toExponential(2) : x.toFixed(4);
}
