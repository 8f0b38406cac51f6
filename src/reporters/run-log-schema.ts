/**
 * The JSON run log's schema, defined once. `parseRunLog` validates a log on read (a file from disk, a
 * hand-edited copy, a log from a newer cnn-doctor) and turns the nulls JSON wrote for NaN back into
 * NaN, so what it returns is exactly the in-memory `RunLog` that `report.toJSON()` produced.
 *
 * The TS interfaces (RunRecord, ModelSummary, Finding…) stay the source of the public type names;
 * the compile-time checks at the bottom fail `tsc` when they and this schema drift apart.
 * Browser-safe: no Node imports.
 */
import * as z from 'zod/mini';
import { CnnDoctorError } from '../errors';
import { FINDING_CODES, type Finding } from '../findings';
import type { ModelSummary, Task } from '../model-info';
import type { FixKind, Prescription } from '../prescriptions/prescription';
import type { StoryChapter } from '../story';
import type { RunRecord } from '../record';
import { zodMessage } from '../zod-messages';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type RunLog } from './json';

/**
 * A measured number. JSON has no NaN or Infinity, so the writer emits null for them; in memory the
 * value is NaN (or ±Infinity), which zod's z.number() would reject. Output is always a number.
 */
const measured = z.pipe(
  z.custom<number | null>((v) => v === null || typeof v === 'number', { error: 'expected a number (or null)' }),
  z.transform((v: number | null): number => (v === null ? NaN : v)),
);

/** Counts, steps and epochs: always finite in a log cnn-doctor wrote. */
const count = z.number({ error: 'expected a number' });

const TASKS = ['multiclass', 'binary', 'multilabel', 'regression', 'unknown'] as const satisfies readonly Task[];

/** A tensor shape: null is a real value here (the batch dimension), not a NaN placeholder. */
const shape = z.array(z.nullable(z.number()));

const kernelSummary = z.object({
  fanIn: measured,
  fanOut: measured,
  std: measured,
  heStd: measured,
  glorotStd: measured,
  lecunStd: measured,
});

const layerSummary = z.object({
  name: z.string(),
  className: z.string(),
  activation: z.optional(z.string()),
  isRelu: z.boolean(),
  outputShape: z.nullable(shape),
  params: count,
  trainableWeights: z.array(z.string()),
  kernel: z.optional(kernelSummary),
  inbound: z.optional(z.array(z.string())),
  rate: z.optional(measured),
});

export const modelSummarySchema = z.object({
  name: z.string(),
  layers: z.array(layerSummary),
  task: z.enum(TASKS),
  numClasses: z.optional(count),
  loss: z.string(),
  lossOnLogits: z.boolean(),
  outputActivation: z.optional(z.string()),
  optimizer: z.string(),
  totalParams: count,
  trainableParams: count,
  epsilon: measured,
  inputShapes: z.array(shape),
});

const activationStats = z.object({
  mean: measured,
  std: measured,
  zeroFraction: measured,
  deadUnitFraction: measured,
  absMax: measured,
  units: count,
  nonFinite: measured,
});

const layerProbe = z.object({
  activation: z.optional(activationStats),
  gradNorm: z.optional(measured),
  weightNorm: z.optional(measured),
  updateRatio: z.optional(measured),
});

const probeRecord = z.object({
  step: count,
  epoch: count,
  beforeFirstUpdate: z.boolean(),
  penalty: z.optional(measured),
  layers: z.record(z.string(), layerProbe),
  output: z.optional(
    z.object({
      saturatedFraction: measured,
      noGradientFraction: z.optional(measured),
      accuracy: z.optional(measured),
      labelPrior: z.optional(z.array(measured)),
      labelPriorSamples: z.optional(measured),
      loss: z.optional(measured),
    }),
  ),
  input: z.optional(z.object({ min: measured, max: measured, mean: measured, std: measured, nonFinite: measured, dtype: z.optional(z.string()) })),
});

const trialRun = z.object({ samples: count, steps: count, learningRate: measured, losses: z.array(measured) });

/** What checkup() / findLearningRate() measured before training. */
const checkupData = z.object({
  labels: z.optional(
    z.object({
      samples: count,
      dtype: z.string(),
      rank: count,
      width: count,
      integerValued: z.boolean(),
      min: measured,
      max: measured,
      nonFinite: measured,
      notOneHotRows: count,
      notDistributionRows: count,
      counts: z.array(count),
    }),
  ),
  overfit: z.optional(trialRun),
  overfitAlternatives: z.optional(z.array(trialRun)),
  baseline: z.optional(z.object({ real: trialRun, zeroed: trialRun, alternatives: z.optional(z.array(z.object({ real: trialRun, zeroed: trialRun }))) })),
  lrRange: z.optional(
    z.object({
      curve: z.array(z.object({ lr: measured, loss: measured, smoothed: measured })),
      suggested: measured,
      learningRate: measured,
      rule: z.string(),
      verdict: z.enum(['suggested', 'no_learning_rate_works', 'too_short']),
    }),
  ),
});

const fitRecord = z.object({
  startIndex: count,
  startStep: count,
  batchSize: measured,
  epochs: measured,
  samples: measured,
  validates: z.boolean(),
});

const targetStats = z.object({
  samples: count,
  mean: z.array(measured),
  variance: z.array(measured),
  min: measured,
  max: measured,
  meanAbsDeviation: z.array(measured),
});

const labelCounts = z.object({ samples: count, counts: z.array(measured), min: measured, max: measured, integerValued: z.boolean() });

export const runRecordSchema = z.object({
  model: modelSummarySchema,
  steps: z.object({
    step: z.array(measured),
    epoch: z.array(measured),
    loss: z.array(measured),
    dataLoss: z.array(measured),
    accuracy: z.array(measured),
    learningRate: z.array(measured),
  }),
  probes: z.array(probeRecord),
  epochs: z.array(z.object({ epoch: count, logs: z.record(z.string(), measured) })),
  fits: z.array(fitRecord),
  targets: z.optional(targetStats),
  labels: z.optional(labelCounts),
  checkup: z.optional(checkupData),
  nonFiniteBatch: z.optional(z.object({ step: z.number() })),
});

const SEVERITIES = ['info', 'warning', 'error'] as const;
const STATUSES = ['open', 'confirmed', 'resolved'] as const;

/**
 * Evidence is checked as a map of names to numbers or strings, not per code: the per-code field lists
 * exist only as TS types, and a reader should not need to know every field of every finding.
 */
export const findingSchema = z.object({
  code: z.enum(FINDING_CODES),
  severity: z.enum(SEVERITIES),
  step: count,
  epoch: count,
  layer: z.optional(z.string()),
  evidence: z.record(z.string(), z.union([z.string(), measured], { error: 'expected a number, a string or null' })),
  message: z.string(),
  fixes: z.array(z.object({ title: z.string(), code: z.optional(z.string()) })),
  role: z.enum(['symptom', 'cause', 'breakage', 'note']),
  status: z.enum(STATUSES),
  explains: z.array(z.string()),
  history: z.array(z.object({ step: count, status: z.enum(STATUSES), severity: z.enum(SEVERITIES), note: z.string() })),
});

/** How one series of a long run's log was thinned (record-thinning.ts). */
const seriesThinning = z.object({ recorded: count, kept: count, head: count, tail: count, bucketSize: count });

/**
 * Present when the log holds a thinned copy of a long run: beyond 5,000 steps, 300 probes or 1,000 epochs
 * the log keeps the first and last entries as recorded and, between them, a few real entries per bucket —
 * for steps and epochs the five-number summary of the loss, for probes the last and the most unusual —
 * plus every step a finding names. `recorded` is how many the run had; see docs/report.md, "Long runs".
 */
const thinning = z.object({ steps: z.optional(seriesThinning), probes: z.optional(seriesThinning), epochs: z.optional(seriesThinning) });

const FIX_KINDS = ['reinit', 'scale_inputs', 'lower_lr', 'raise_lr', 'logits_output', 'combined'] as const satisfies readonly FixKind[];
const trialOutcome = z.object({ loss: measured, accuracy: measured, active: z.array(z.enum(FINDING_CODES)) });

/** What `doctor.tryFixes()` measured: one entry per fix tried on a copy of the model, against the shared untreated copy. */
export const prescriptionSchema = z.object({
  code: z.enum(FINDING_CODES),
  kind: z.enum(FIX_KINDS),
  fix: z.string(),
  symptoms: z.array(z.enum(FINDING_CODES)),
  steps: count,
  seconds: measured,
  untreated: trialOutcome,
  treated: trialOutcome,
  cleared: z.boolean(),
});

/** The story of the run: chapters of linked findings, each a root cause and what it explains, in step order (src/story.ts). */
export const storyChapterSchema = z.object({
  cause: z.optional(z.string()),
  causes: z.array(z.string()),
  symptoms: z.array(z.string()),
  events: z.array(z.object({ key: z.string(), code: z.enum(FINDING_CODES), layer: z.optional(z.string()), step: count, part: z.enum(['cause', 'symptom']) })),
});

export const runLogSchema = z.object({
  format: z.literal(RUN_LOG_FORMAT),
  version: z.literal(RUN_LOG_VERSION),
  createdAt: z.string(),
  findings: z.array(findingSchema),
  record: runRecordSchema,
  thinning: z.optional(thinning),
  prescriptions: z.optional(z.array(prescriptionSchema)),
  story: z.optional(z.array(storyChapterSchema)),
});

/** The run log as JSON holds it: numbers may be null where the run had NaN. */
export type RunLogJson = z.input<typeof runLogSchema>;

const FIX_FILE = 'pass a file written by cnn-doctor (JSON.stringify(doctor.report().toJSON())), unedited';

/** Validates a parsed JSON value as a run log; throws a CnnDoctorError (`invalid_run_log`) naming the first bad field. */
export function parseRunLog(json: unknown): RunLog {
  checkEnvelope(json);
  const parsed = runLogSchema.safeParse(json.version === 1 ? fromVersion1(json) : json, { reportInput: true, error: zodMessage });
  if (parsed.success) return parsed.data as RunLog; // evidence per code is not checkable at runtime; see findingSchema
  const issues = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: describeIssue(issue) }));
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more bad field${issues.length > 2 ? 's' : ''})` : '';
  throw new CnnDoctorError('invalid_run_log', `hand-edited? field ${first.path}: ${first.message}${more}`, FIX_FILE, issues);
}

/**
 * A version-1 log (before findings had a lifecycle and the record a data loss) read as version 2: every
 * finding open as raised, the data loss equal to fit's loss, one fit of unknown batch size.
 */
function fromVersion1(json: Record<string, unknown>): Record<string, unknown> {
  const log = structuredClone(json) as { version: number; findings?: unknown; record?: Record<string, unknown> };
  log.version = RUN_LOG_VERSION;
  const record = log.record as { steps?: Record<string, unknown>; model?: Record<string, unknown>; fits?: unknown; checkup?: { lrRange?: Record<string, unknown> } } | undefined;
  if (record && typeof record === 'object') {
    if (record.steps && typeof record.steps === 'object' && !('dataLoss' in record.steps)) record.steps.dataLoss = record.steps.loss;
    if (record.model && typeof record.model === 'object') {
      record.model.trainableParams ??= record.model.totalParams;
      record.model.epsilon ??= 1e-7;
    }
    record.fits ??= [];
    if (record.checkup?.lrRange) record.checkup.lrRange.verdict ??= Number.isFinite(record.checkup.lrRange.suggested as number) ? 'suggested' : 'too_short';
  }
  if (Array.isArray(log.findings)) {
    for (const f of log.findings as Record<string, unknown>[]) {
      if (!f || typeof f !== 'object') continue;
      f.role ??= f.severity === 'info' ? 'note' : 'symptom';
      f.status ??= 'open';
      f.explains ??= [];
      f.history ??= [{ step: f.step, status: 'open', severity: f.severity, note: '' }];
    }
  }
  return log as unknown as Record<string, unknown>;
}

/** The questions to answer before field-by-field validation: is this a run log at all, and one we can read? */
function checkEnvelope(json: unknown): asserts json is Record<string, unknown> {
  const notALog = (why: string) =>
    new CnnDoctorError('invalid_run_log', `this file is not a cnn-doctor run log (${why})`, FIX_FILE, [{ path: 'format', message: why }]);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw notALog(`expected a JSON object, got ${describeValue(json)}`);
  const { format, version } = json as Record<string, unknown>;
  if (format === undefined) throw notALog('missing format');
  if (format !== RUN_LOG_FORMAT) throw notALog(`format is ${describeValue(format)}, expected "${RUN_LOG_FORMAT}"`);
  if (typeof version === 'number' && Number.isInteger(version) && version > RUN_LOG_VERSION) {
    throw new CnnDoctorError(
      'invalid_run_log',
      `run log version ${version} is newer than this cnn-doctor (${RUN_LOG_VERSION}): upgrade`,
      'npm i cnn-doctor@latest, then read the log again',
      [{ path: 'version', message: `version ${version} > ${RUN_LOG_VERSION}` }],
    );
  }
}

/** findings[3].severity, record.probes[0].layers["conv 1"].gradNorm */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (/^[A-Za-z_$][\w$]*$/.test(name)) return i === 0 ? name : `.${name}`;
      return `[${JSON.stringify(name)}]`;
    })
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const expected =
    issue.code === 'invalid_value'
      ? issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.join('|')}`
      : issue.code === 'invalid_type'
        ? issue.expected
        : issue.message.replace(/^Invalid input: /, '').replace(/^expected /, '');
  if (!('input' in issue)) return issue.message;
  if (issue.input === undefined) return `missing (expected ${expected})`;
  return `expected ${expected}, got ${describeValue(issue.input)}`;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

// ---- compile-time agreement between the schema and the TS interfaces ------------------------------
// Each line fails `tsc` if a field is added, removed or retyped on one side only.

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Normalises optional-property and intersection quirks so only the shape is compared. */
type Plain<T> = T extends readonly (infer E)[] ? Plain<E>[] : T extends object ? { [K in keyof T]: Plain<T[K]> } : T;
type Assert<T extends true> = T;

type _SchemaMatchesModelSummary = Assert<Equals<Plain<z.output<typeof modelSummarySchema>>, Plain<ModelSummary>>>;
type _SchemaMatchesRunRecord = Assert<Equals<Plain<z.output<typeof runRecordSchema>>, Plain<RunRecord>>>;
/** Findings: everything but the per-code evidence must match exactly… */
type _SchemaMatchesFinding = Assert<
  Equals<Plain<Omit<z.output<typeof findingSchema>, 'evidence'>>, Plain<Omit<Finding, 'evidence'>>>
>;
/** …and every finding cnn-doctor can write must be accepted. */
type _FindingsAreAccepted = Assert<Finding extends z.output<typeof findingSchema> ? true : false>;
type _LogEnvelopeMatches = Assert<Equals<Plain<Omit<z.output<typeof runLogSchema>, 'findings' | 'record'>>, Plain<Omit<RunLog, 'findings' | 'record'>>>>;
type _SchemaMatchesPrescription = Assert<Equals<Plain<z.output<typeof prescriptionSchema>>, Plain<Prescription>>>;
type _SchemaMatchesStory = Assert<Equals<Plain<z.output<typeof storyChapterSchema>>, Plain<StoryChapter>>>;
