/**
 * The options of `diagnose()`, checked before training starts, so a typo or a wrong type fails at once
 * with a message that names the option, what was expected and what was given — errors as data
 * (`CnnDoctorError.issues`, one `{ path, message }` per offending option).
 *
 * Checked by hand, not with zod: `diagnose` is what a browser app imports, and these eleven options do
 * not earn zod's ~7 KB gzipped there (test/cli/bundle-size.test.ts pins the size). The wording is zod's
 * English, as the other entry points' options (./option-schemas) say it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CnnDoctorError } from './errors';
import type { Finding } from './findings';
import { receivedType } from './zod-messages';

/**
 * What you may pass to `diagnose(model, options)`. Every field is optional; the defaults need no tuning.
 *
 * @example
 * ```ts
 * const doctor = diagnose(model, {
 *   probeEvery: 100,                       // probe less often on a long run
 *   stopOn: 'error',                       // stop fit at the first error finding
 *   onChange: (f, change) => console.log(change, f.code, f.status),
 * });
 * ```
 */
export interface DiagnoseOptions {
  /** A fixed batch to probe. Default: the first `probeBatchSize` samples of the first batch `fit` trains on. Tensors stay yours. */
  probe?: { x: tf.Tensor | tf.Tensor[]; y?: tf.Tensor | tf.Tensor[] };
  /** Steps between probes once the warm-up probes (steps 0, 1, 2, 4, 8, …) are done. Default 50. */
  probeEvery?: number;
  /** Samples kept from the training data as the probe batch (1–4096). Default 64. */
  probeBatchSize?: number;
  /** Print each new finding and each change once as it happens: `true` (console.warn, the default), `false`, or your own line printer. */
  log?: boolean | ((line: string) => void);
  /** Called once for each new finding. */
  onFinding?: (finding: Finding) => void;
  /** Called on every change of any finding: raised, escalated, confirmed (it explains a symptom), resolved, reopened. */
  onChange?: (finding: Finding, change: 'raised' | 'escalated' | 'confirmed' | 'resolved' | 'reopened') => void;
  /** Stop training on a NaN loss (`'nan'`, the default), on any error finding (`'error'`), or never. */
  stopOn?: 'nan' | 'error' | 'never';
  /** Number of classes, when it cannot be read off the output layer. */
  numClasses?: number;
  /** Steps a loss plateau must last before `chance_plateau` is reported (≥ 10). Default 100. */
  plateauWindow?: number;
  /** Switch probes off, with their cost. All on by default. */
  probes?: { activations?: boolean; gradients?: boolean; updates?: boolean };
  /**
   * The report `checkup(model, …)` returned before this fit. Its findings join the doctor's: a trial's
   * verdict or a risk is confirmed when the fit shows a symptom it explains, and resolved when the fit
   * learns — so one report tells the whole story. The report itself is not changed.
   *
   * @example
   * ```ts
   * const pre = await checkup(model, { x, y, overfitBatch: true, baseline: true });
   * const doctor = diagnose(model, { checkup: pre });
   * ```
   */
  checkup?: { readonly findings: readonly Finding[] };
}

/** Options after defaults are applied. */
export interface ResolvedOptions {
  probe?: { x: tf.Tensor | tf.Tensor[]; y?: tf.Tensor | tf.Tensor[] };
  probeEvery: number;
  probeBatchSize: number;
  log: boolean | ((line: string) => void);
  onFinding?: (finding: Finding) => void;
  onChange?: NonNullable<DiagnoseOptions['onChange']>;
  stopOn: 'nan' | 'error' | 'never';
  numClasses?: number;
  plateauWindow: number;
  checkup?: { readonly findings: readonly Finding[] };
  probes: { activations: boolean; gradients: boolean; updates: boolean };
}

export type Issue = { path: string; message: string };
/** One option's check: the issue's message (without the ", got …" part), or undefined when the value is fine. */
export type Rule = (v: unknown) => string | undefined;

export const invalidType = (expected: string, v: unknown) => `Invalid input: expected ${expected}, received ${receivedType(v)}`;
export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof tf.Tensor);

export const integer = (min: number, max = Infinity): Rule => (v) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) return invalidType('number', v);
  if (!Number.isInteger(v)) return invalidType('int', v);
  if (v < min) return `Too small: expected number to be >=${min}`;
  if (v > max) return `Too big: expected number to be <=${max}`;
  return undefined;
};
const boolean: Rule = (v) => (typeof v === 'boolean' ? undefined : invalidType('boolean', v));
const fn = (message: string): Rule => (v) => (typeof v === 'function' ? undefined : message);
const oneOf = (values: readonly string[]): Rule => (v) => (typeof v === 'string' && values.includes(v) ? undefined : `Invalid option: expected one of ${values.map((x) => `"${x}"`).join('|')}`);
/** One tensor or a non-empty array of tensors. */
export const tensors: Rule = (v) => {
  if (v instanceof tf.Tensor) return undefined;
  if (Array.isArray(v) && v.every((t) => t instanceof tf.Tensor)) return v.length ? undefined : 'Too small: expected array to have >=1 items';
  return 'expected a tf.Tensor or a non-empty array of tf.Tensors';
};

const STOP_ON = ['nan', 'error', 'never'] as const;
/** Every option, in the order issues are reported and the fix lists them; nested objects have their own table. */
const RULES: Record<keyof DiagnoseOptions, Rule | Record<string, Rule>> = {
  probe: { x: tensors, y: tensors },
  probeEvery: integer(1),
  probeBatchSize: integer(1, 4096),
  log: (v) => (typeof v === 'boolean' || typeof v === 'function' ? undefined : 'expected true, false or a function (line: string) => void'),
  onFinding: fn('expected a function'),
  onChange: fn('expected a function'),
  stopOn: oneOf(STOP_ON),
  numClasses: integer(2),
  plateauWindow: integer(10),
  checkup: (v) => (typeof v === 'object' && v !== null && Array.isArray((v as { findings?: unknown }).findings) ? undefined : 'expected the report checkup() returned'),
  probes: { activations: boolean, gradients: boolean, updates: boolean },
};
/** Options that must be given when their object is (probe.x). */
const REQUIRED = new Set(['probe.x']);

const DEFAULTS = { probeEvery: 50, probeBatchSize: 64, log: true, stopOn: 'nan', plateauWindow: 100 } as const;

/** The issues of one object against its rules: each known key's, then one for every unknown key. `required`: paths that must be given. */
export function check(value: Record<string, unknown>, rules: Record<string, Rule | Record<string, Rule>>, prefix: string, issues: Issue[], required: ReadonlySet<string> = REQUIRED): void {
  for (const [key, rule] of Object.entries(rules)) {
    const path = prefix + key;
    const v = value[key];
    if (v === undefined) {
      if (required.has(path)) issues.push({ path, message: `${(rule as Rule)(v)}, got undefined` });
      continue;
    }
    if (typeof rule === 'function') {
      const message = rule(v);
      if (message) issues.push({ path, message: `${message}, got ${describeValue(v)}` });
    } else if (key === 'probe' && (v instanceof tf.Tensor || Array.isArray(v))) {
      // A bare tensor (or array) where { x, y? } belongs: say so, rather than "expected object".
      issues.push({ path, message: `expected { x, y? } (the probe inputs and, optionally, labels), got ${describeValue(v)}; write probe: { x }` });
    } else if (!isPlainObject(v)) {
      issues.push({ path, message: `${invalidType('object', v)}, got ${describeValue(v)}` });
    } else {
      check(v, rule, `${path}.`, issues, required);
    }
  }
  const unknown = Object.keys(value).filter((k) => !Object.hasOwn(rules, k));
  if (unknown.length) issues.push({ path: unknown.map((k) => prefix + k).join(', '), message: `unknown option${unknown.length > 1 ? 's' : ''}` });
}

/** Checks `diagnose()`'s options and applies the defaults; throws a CnnDoctorError naming every problem. */
export function parseOptions(options: unknown): ResolvedOptions {
  const given = options ?? {};
  const issues: Issue[] = [];
  if (!isPlainObject(given)) issues.push({ path: '(options)', message: `${invalidType('object', given)}, got ${describeValue(given)}` });
  else check(given, RULES, '', issues);
  if (issues.length) {
    const text = issues.map((i) => `\`${i.path}\`: ${i.message}`).join('; ');
    throw new CnnDoctorError('invalid_options', `invalid options: ${text}`, `valid options are ${Object.keys(RULES).join(', ')} (see the README's API section)`, issues);
  }
  const o = given as DiagnoseOptions;
  return {
    ...DEFAULTS,
    ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)),
    probes: { activations: true, gradients: true, updates: true, ...Object.fromEntries(Object.entries(o.probes ?? {}).filter(([, v]) => v !== undefined)) },
  } as ResolvedOptions;
}

/** A value as an error message shows it: a tensor by its shape, a string quoted, an array by its length. */
export function describeValue(v: unknown): string {
  if (v instanceof tf.Tensor) return `a tf.Tensor of shape [${v.shape.join(', ')}]`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
}
