/** Command-line parsing for `cnn-doctor`: strict flags, a usage error for anything unknown. */
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export const USAGE = `cnn-doctor — tells you why your TensorFlow.js model is not learning

Usage:
  cnn-doctor example [options]     Train the story's broken CIFAR-10 CNN and the fixed one, with the doctor attached
  cnn-doctor report RUN.json [--html FILE]
                                   Print (or render to HTML) a run saved with --json
  cnn-doctor --help | --version

example options:
  --model seed|fixed|both   which network to train (default: both)
  --data SRC                CIFAR-10: the official URL, a cifar-10-binary.tar.gz, or an extracted
                            cifar-10-batches-bin folder (default: $CNN_DOCTOR_CIFAR10, else the official
                            download; with no network, the bundled 1,420-image subset)
  --limit N                 use at most N training images (default: all)
  --epochs N                epochs per model (default: as many as --steps needs)
  --steps N                 stop each model after N training steps (default: 300 when --epochs is not given)
  --batch N                 batch size (default: 64)
  --backend auto|tensorflow|wasm|cpu
                            auto = tfjs-node if installed, else wasm with cnn-doctor's training kernels
  --json FILE               write { runs: [ { model, ...run log } ] } to FILE
  --html FILE               write a self-contained HTML report of the runs to FILE
  --seed N                  seed for the whole run: initial weights, shuffling, dropout (default: 1)
  --try-fixes               after training, try the mechanical fixes of each model's error findings on
                            copies of it (doctor.tryFixes on the training data, default budget: 300 steps,
                            at most 60 s of training) and end its report with what they measured
  --quiet                   print only the final diagnosis

Exit codes: 0 a completed run (whatever it diagnosed), 1 an error, 2 a usage error.`;

export interface ExampleArgs {
  model: 'seed' | 'fixed' | 'both';
  data?: string;
  limit?: number;
  epochs?: number;
  steps?: number;
  batch: number;
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  json?: string;
  html?: string;
  seed: number;
  quiet: boolean;
  /** Run doctor.tryFixes() on the training data after each model's fit (default false). */
  tryFixes?: boolean;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'example'; args: ExampleArgs }
  | { kind: 'report'; file: string; html?: string };

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${flag} expects a positive whole number, got "${value}"`);
  return Number(value);
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} expects one of ${allowed.join('|')}, got "${value}"`);
  return value as T;
}

export function parseCommand(argv: string[]): Command {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  if (argv[0] === '--version' || argv[0] === '-v') return { kind: 'version' };
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: command === 'report',
      strict: true,
      options: {
        model: { type: 'string' }, data: { type: 'string' }, limit: { type: 'string' }, epochs: { type: 'string' },
        steps: { type: 'string' }, batch: { type: 'string' }, backend: { type: 'string' }, json: { type: 'string' },
        html: { type: 'string' }, seed: { type: 'string' }, quiet: { type: 'boolean' }, 'try-fixes': { type: 'boolean' },
      },
    });
  } catch (e) {
    const message = (e as Error).message;
    // "--steps -5": parseArgs reads -5 as a flag and asks whether the value was forgotten.
    const dashed = /Option '--(\w+) <value>' argument is ambiguous|Did you forget to specify the option argument for '--(\w+)'/.exec(message);
    if (dashed) throw new UsageError(`--${dashed[1] ?? dashed[2]} needs a value; negative numbers are not allowed here`);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, '').replace(/\n.*$/s, ''));
  }
  const v = parsed.values;
  if (command === 'report') {
    const extra = Object.keys(v).filter((k) => k !== 'html');
    if (extra.length) throw new UsageError(`cnn-doctor report takes only --html, not --${extra[0]}`);
    if (parsed.positionals.length !== 1) throw new UsageError('cnn-doctor report needs exactly one RUN.json file');
    return { kind: 'report', file: parsed.positionals[0], html: v.html };
  }
  if (command !== 'example') throw new UsageError(`unknown command "${command}"`);
  const epochs = positiveInt('epochs', v.epochs);
  const steps = positiveInt('steps', v.steps);
  return {
    kind: 'example',
    args: {
      model: oneOf('model', v.model, ['seed', 'fixed', 'both'] as const, 'both'),
      data: v.data,
      limit: positiveInt('limit', v.limit),
      epochs,
      steps: steps ?? (epochs === undefined ? 300 : undefined),
      batch: positiveInt('batch', v.batch) ?? 64,
      backend: oneOf('backend', v.backend, ['auto', 'tensorflow', 'wasm', 'cpu'] as const, 'auto'),
      json: v.json,
      html: v.html,
      seed: v.seed === undefined ? 1 : (positiveInt('seed', v.seed) as number),
      quiet: v.quiet ?? false,
      tryFixes: v['try-fixes'] ?? false,
    },
  };
}
