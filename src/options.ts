/**
 * The options of `diagnose()`, validated with zod so a typo or a wrong type fails before training
 * starts, with a message that names the option and what was expected.
 *
 * zod/mini, imported as a namespace (`import * as z from 'zod/mini'`), so a browser bundle keeps only
 * the zod it uses (~8 KB gzipped). `import { z } from 'zod'` kept all of zod and its locales (~90 KB),
 * and `import { z } from 'zod/mini'` does too: bundlers cannot tree-shake that re-exported namespace.
 * test/cli/bundle-size.test.ts pins it. Messages come from our own map, ./zod-messages, not a zod locale.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as z from 'zod/mini';
import { CnnDoctorError } from './errors';
import type { Finding } from './findings';
import { zodMessage } from './zod-messages';

const tensorLike = z.custom<tf.Tensor>((v) => v instanceof tf.Tensor, { message: 'expected a tf.Tensor' });
/** One tensor or a non-empty list of them (model inputs or labels). Shared by every entry point's options. */
export const tensors = z.union([tensorLike, z.array(tensorLike).check(z.minLength(1))], { error: 'expected a tf.Tensor or a non-empty array of tf.Tensors' });

export const diagnoseOptionsSchema = z.strictObject({
  /** A fixed batch to probe. Default: the first `probeBatchSize` samples of the first batch `fit` trains on. */
  probe: z.optional(z.strictObject({ x: tensors, y: z.optional(tensors) })),
  /** Steps between probes once the warm-up probes (steps 0, 1, 2, 4, 8, …) are done. */
  probeEvery: z._default(z.number().check(z.int(), z.minimum(1)), 50),
  /** Samples in the probe batch taken from training data. */
  probeBatchSize: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(4096)), 64),
  /** Print each new finding once as it appears: true (console), false, or your own line printer. */
  log: z._default(
    z.union([z.boolean(), z.custom<(line: string) => void>((v) => typeof v === 'function')], { error: 'expected true, false or a function (line: string) => void' }),
    true,
  ),
  /** Called once for each new finding. */
  onFinding: z.optional(z.custom<(finding: Finding) => void>((v) => typeof v === 'function', { message: 'expected a function' })),
  /** Called on every change of any finding: raised, escalated, confirmed (it explains a symptom), resolved, reopened. */
  onChange: z.optional(
    z.custom<(finding: Finding, change: 'raised' | 'escalated' | 'confirmed' | 'resolved' | 'reopened') => void>((v) => typeof v === 'function', { message: 'expected a function' }),
  ),
  /** Stop training on NaN loss (default), on any error finding, or never. */
  stopOn: z._default(z.enum(['nan', 'error', 'never']), 'nan'),
  /** Number of classes, when it cannot be read off the output layer. */
  numClasses: z.optional(z.number().check(z.int(), z.minimum(2))),
  /** Steps a loss plateau must last before `chance_plateau` is reported. */
  plateauWindow: z._default(z.number().check(z.int(), z.minimum(10)), 100),
  /** The report `checkup()` returned for this model: its findings join the fit's, to be confirmed or resolved by it. */
  checkup: z.optional(
    z.custom<{ readonly findings: readonly Finding[] }>((v) => typeof v === 'object' && v !== null && Array.isArray((v as { findings?: unknown }).findings), {
      message: 'expected the report checkup() returned',
    }),
  ),
  /** Turn individual probes off (their cost, not just their storage). */
  probes: z._default(
    z.strictObject({
      activations: z._default(z.boolean(), true),
      gradients: z._default(z.boolean(), true),
      updates: z._default(z.boolean(), true),
    }),
    { activations: true, gradients: true, updates: true },
  ),
});

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

// The interface above is what users read; the schema is what runs. They must describe the same options.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _optionsMatchSchema: Same<Required<DiagnoseOptions>, Required<z.input<typeof diagnoseOptionsSchema>>> = true;
void _optionsMatchSchema;
/** Options after defaults are applied. */
export type ResolvedOptions = z.output<typeof diagnoseOptionsSchema>;

export function parseOptions(options: unknown): ResolvedOptions {
  const parsed = diagnoseOptionsSchema.safeParse(options ?? {}, { reportInput: true, error: zodMessage });
  if (parsed.success) return parsed.data;
  const probe = (options as { probe?: unknown } | null)?.probe;
  const probeIssues = probe instanceof tf.Tensor || Array.isArray(probe);
  const issues = parsed.error.issues.flatMap((issue) => {
    // A bare tensor (or array) where { x, y? } belongs: one issue, not one per tensor property.
    if (probeIssues && issue.path[0] === 'probe') {
      return issue === parsed.error.issues.find((i) => i.path[0] === 'probe')
        ? [{ path: 'probe', message: `expected { x, y? } (the probe inputs and, optionally, labels), got ${describeValue(probe)}; write probe: { x }` }]
        : [];
    }
    return [describeIssue(issue)];
  });
  const known = Object.keys(diagnoseOptionsSchema.shape).join(', ');
  const text = issues.map((i) => `\`${i.path}\`: ${i.message}`).join('; ');
  throw new CnnDoctorError('invalid_options', `invalid options: ${text}`, `valid options are ${known} (see the README's API section)`, issues);
}

/** One zod issue as `{ path, message }`: the option's full path, what was expected, and what was given. */
export function describeIssue(issue: z.core.$ZodIssue): { path: string; message: string } {
  const path = issue.path.length ? issue.path.join('.') : '(options)';
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? `${path}.` : '';
    return { path: issue.keys.map((k) => where + k).join(', '), message: `unknown option${issue.keys.length > 1 ? 's' : ''}` };
  }
  return { path, message: `${issue.message}${'input' in issue ? `, got ${describeValue(issue.input)}` : ''}` };
}

function describeValue(v: unknown): string {
  if (v instanceof tf.Tensor) return `a tf.Tensor of shape [${v.shape.join(', ')}]`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
}
