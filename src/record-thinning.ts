/**
 * Bounded run logs. The doctor keeps every step and probe of a run in memory: its checks judge exact
 * windows of the live record (indexed through `fits[].startIndex`), and that record is small — 50,000 steps
 * of a tiny MLP with a probe every 50 steps hold about 3.7 MB of heap. Its JSON is not: written whole, the
 * same run made a 4.6 MB log (0.6 MB thinned). So the run log (`report.toJSON()`) is a thinned copy once a series outgrows
 * its limit; the live record stays whole, and short runs are written exactly as recorded.
 *
 * - Steps, beyond 5,000: the first 2,000 and the last 500 are kept as recorded. The steps between are cut
 *   into 1,000 buckets of equal length (more than the widest chart has pixel columns), each keeping the
 *   steps of its lowest and highest loss and data loss, of its quartile and median losses (with the
 *   extremes, the five-number summary of its loss) and of its first non-finite loss. Kept wherever they
 *   fall: the steps at which a finding was raised or changed (and steps its evidence names, such as
 *   `sinceStep`), each fit's first step, the step of every kept probe, and the first step with non-finite
 *   inputs. So every spike is in the log (the highest loss of its bucket), a smoothed line through the kept
 *   steps runs where the full series' would (the quartiles, not one random draw), and every finding marker
 *   sits on the curve.
 * - Probes, beyond 300: the first 50 (the step-0 probe and the doubling schedule, then the first ~2,000
 *   steps at the default `probeEvery`) and the last 10 are kept. Those between are cut into 100 buckets of
 *   equal count, each keeping its last probe and its most unusual one: the probe whose reading strays
 *   furthest from the bucket's median, in units of that reading's typical spread over the thinned stretch
 *   (gradient and weight norms, update ratios and the probe loss on a log scale; dead and zero shares,
 *   saturated outputs and non-finite flags as they are; a non-finite reading is the most unusual of all).
 *   Probes taken at a finding's step are always kept.
 * - Epochs, beyond 1,000: the first 250 and the last 250 are kept; the 100 buckets between keep the epochs
 *   of their lowest and highest loss and validation loss and of their quartile and median losses.
 *
 * The log says what was thinned (`thinning`: per series, how many were recorded and kept, and how), and
 * each fit's `startIndex` points at its first step in the thinned series. A thinned log is for reading and
 * rendering: its findings were judged on the whole record during training; judged again on the thinned
 * copy, rules that look back over the thinned stretch (a best window, the epochs since the best
 * validation loss) would see less than the doctor saw.
 */
import type { Finding } from './findings';
import type { ProbeRecord, RunRecord } from './record';
import { median } from './checks/series';

/** Where a series starts being thinned, and how. */
export interface ThinningLimits {
  /** Entries kept as recorded up to this many. */
  limit: number;
  /** Beyond it: the first `head` and last `tail` entries are kept as recorded… */
  head: number;
  tail: number;
  /** …and the entries between are cut into this many buckets. */
  buckets: number;
}

export const STEP_LIMITS: ThinningLimits = { limit: 5000, head: 2000, tail: 500, buckets: 1000 };
export const PROBE_LIMITS: ThinningLimits = { limit: 300, head: 50, tail: 10, buckets: 100 };
export const EPOCH_LIMITS: ThinningLimits = { limit: 1000, head: 250, tail: 250, buckets: 100 };

/** How one series of the log was thinned. */
export interface SeriesThinning {
  /** Entries the run recorded. */
  recorded: number;
  /** Entries the log keeps. */
  kept: number;
  /** The first `head` and last `tail` recorded entries are all kept… */
  head: number;
  tail: number;
  /** …and the ones between were cut into buckets of this many entries (the last bucket may be shorter). */
  bucketSize: number;
}

/** What a thinned run log left out; each part is present when that series was thinned. */
export interface RunLogThinning {
  steps?: SeriesThinning;
  probes?: SeriesThinning;
  epochs?: SeriesThinning;
}

/** The number of steps the run recorded, whether or not its log was thinned. */
export function recordedSteps(log: { record: RunRecord; thinning?: RunLogThinning }): number {
  return log.thinning?.steps?.recorded ?? log.record.steps.step.length;
}

/**
 * A copy of the record for the run log: thinned where a series is over its limit (see the file header),
 * else a plain deep copy. `thinning` is undefined when nothing was left out.
 */
export function thinRecord(record: RunRecord, findings: readonly Finding[]): { record: RunRecord; thinning?: RunLogThinning } {
  const { steps, probes, epochs } = record;
  const n = steps.step.length;
  const findingSteps = stepsOfFindings(findings);

  const probeKept = keptIndices(probes.length, PROBE_LIMITS, mostUnusualAndLast(probes), probeIndicesAt(probes, findingSteps));
  const keptProbes = probeKept ? probeKept.map((i) => probes[i]) : probes;

  const always = new Set(findingSteps);
  for (const p of keptProbes) always.add(p.step);
  if (record.nonFiniteBatch) always.add(record.nonFiniteBatch.step);
  const anchors = indicesOfSteps(steps.step, always);
  for (const fit of record.fits) if (fit.startIndex < n) anchors.push(fit.startIndex);
  const stepKept = keptIndices(n, STEP_LIMITS, fiveNumberSummary([steps.loss, steps.dataLoss]), anchors);

  const epochLoss = (key: string) => epochs.map((e) => (key in e.logs ? e.logs[key] : undefined));
  const epochKept = keptIndices(epochs.length, EPOCH_LIMITS, fiveNumberSummary([epochLoss('loss'), epochLoss('val_loss')]), []);

  if (!stepKept && !probeKept && !epochKept) return { record: structuredClone(record) };
  const { steps: _s, probes: _p, epochs: _e, fits, ...rest } = record;
  const pick = <T>(xs: readonly T[], kept: readonly number[] | undefined): T[] => (kept ? kept.map((i) => xs[i]) : [...xs]);
  // Spread first so the copy lists its fields in the record's order, as an unthinned log does.
  const thinned: RunRecord = {
    ...record,
    ...structuredClone(rest),
    steps: {
      step: pick(steps.step, stepKept),
      epoch: pick(steps.epoch, stepKept),
      loss: pick(steps.loss, stepKept),
      dataLoss: pick(steps.dataLoss, stepKept),
      accuracy: pick(steps.accuracy, stepKept),
      learningRate: pick(steps.learningRate, stepKept),
    },
    probes: structuredClone(keptProbes),
    epochs: structuredClone(pick(epochs, epochKept)),
    // A fit's first step is always kept: its new index is the number of kept steps before it.
    fits: fits.map((f) => ({ ...f, startIndex: stepKept ? lowerBound(stepKept, f.startIndex) : f.startIndex })),
  };
  const thinning: RunLogThinning = {};
  if (stepKept) thinning.steps = summary(n, stepKept.length, STEP_LIMITS);
  if (probeKept) thinning.probes = summary(probes.length, probeKept.length, PROBE_LIMITS);
  if (epochKept) thinning.epochs = summary(epochs.length, epochKept.length, EPOCH_LIMITS);
  return { record: thinned, thinning };
}

function summary(recorded: number, kept: number, limits: ThinningLimits): SeriesThinning {
  return { recorded, kept, head: limits.head, tail: limits.tail, bucketSize: bucketSize(recorded, limits) };
}

function bucketSize(n: number, { head, tail, buckets }: ThinningLimits): number {
  return Math.max(1, Math.ceil((n - head - tail) / buckets));
}

/**
 * The indices of a series of `n` entries that the log keeps, ascending; undefined when the series is within
 * its limit (all kept). `pick(from, to)` chooses the entries of one bucket [from, to); `always` are kept too.
 */
export function keptIndices(n: number, limits: ThinningLimits, pick: (from: number, to: number) => Iterable<number>, always: Iterable<number>): number[] | undefined {
  if (n <= limits.limit) return undefined;
  const kept = new Uint8Array(n);
  const end = n - limits.tail;
  for (let i = 0; i < limits.head; i++) kept[i] = 1;
  for (let i = end; i < n; i++) kept[i] = 1;
  const size = bucketSize(n, limits);
  for (let from = limits.head; from < end; from += size) for (const i of pick(from, Math.min(end, from + size))) kept[i] = 1;
  for (const i of always) if (i >= 0 && i < n) kept[i] = 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (kept[i]) out.push(i);
  return out;
}

/**
 * A bucket's lowest and highest finite value of each series and the first non-finite one (NaN is the
 * loudest spike of all), and the entries holding the lower quartile, the median and the upper quartile of
 * the first series: with the extremes, its five-number summary, so a line smoothed through the kept
 * entries runs where the full series' would (the bucket's last entry would be one random draw).
 * `undefined` entries (not logged) are skipped.
 */
export function fiveNumberSummary(series: readonly (readonly (number | undefined)[])[]): (from: number, to: number) => number[] {
  let finite = new Float64Array(0);
  return (from, to) => {
    if (finite.length < to - from) finite = new Float64Array(to - from);
    const out: number[] = [];
    series.forEach((values, s) => {
      let lo = -1;
      let hi = -1;
      let bad = -1;
      let count = 0;
      for (let i = from; i < to; i++) {
        const v = values[i];
        if (v === undefined) continue;
        if (!Number.isFinite(v)) {
          if (bad < 0) bad = i;
          continue;
        }
        finite[count++] = v;
        if (lo < 0 || v < values[lo]!) lo = i;
        if (hi < 0 || v > values[hi]!) hi = i;
      }
      for (const i of [lo, hi, bad]) if (i >= 0) out.push(i);
      if (s === 0 && count > 0) {
        // The (lower) median value, then the first entry holding it.
        // Each quantile's (lower) value, then the first entry holding it.
        const sorted = finite.subarray(0, count).sort();
        for (const q of [0.25, 0.5, 0.75]) {
          const m = sorted[Math.floor((count - 1) * q)];
          for (let i = from; i < to; i++) {
            if (values[i] === m) {
              out.push(i);
              break;
            }
          }
        }
      }
    });
    return out.length ? out : [to - 1];
  };
}

/** A probe's readings, by name, as the unusualness measure compares them (log scale for norms and ratios). */
function readings(p: ProbeRecord): Map<string, number> {
  const out = new Map<string, number>();
  const log = (v: number) => (v > 0 ? Math.log10(v) : v === 0 ? -30 : NaN);
  const put = (key: string, v: number | undefined, scale: (v: number) => number = (x) => x) => {
    if (typeof v === 'number') out.set(key, Number.isFinite(v) ? scale(v) : NaN);
  };
  for (const [name, l] of Object.entries(p.layers)) {
    put(`${name}.gradNorm`, l.gradNorm, log);
    put(`${name}.weightNorm`, l.weightNorm, log);
    put(`${name}.updateRatio`, l.updateRatio, log);
    put(`${name}.deadUnitFraction`, l.activation?.deadUnitFraction);
    put(`${name}.zeroFraction`, l.activation?.zeroFraction);
    put(`${name}.nonFinite`, l.activation?.nonFinite);
  }
  put('output.saturatedFraction', p.output?.saturatedFraction);
  put('output.loss', p.output?.loss, log);
  put('input.nonFinite', p.input?.nonFinite);
  return out;
}

/**
 * Per bucket of probes: its last probe and its most unusual one — the largest |reading − the bucket's
 * median of it| / that reading's median absolute deviation over all probes being thinned.
 */
function mostUnusualAndLast(probes: readonly ProbeRecord[]): (from: number, to: number) => number[] {
  let read: Map<string, number>[] | undefined;
  let spread: Map<string, number> | undefined;
  return (from, to) => {
    if (!read) {
      read = probes.map(readings);
      // Spread over the thinned stretch only: the first probes (initialisation, a model still settling) are kept anyway.
      spread = new Map();
      const start = PROBE_LIMITS.head;
      const end = probes.length - PROBE_LIMITS.tail;
      const keys = new Set(read.slice(start, end).flatMap((r) => [...r.keys()]));
      for (const key of keys) spread.set(key, mad(read.slice(start, end).map((r) => r.get(key)!).filter((v) => v !== undefined && Number.isFinite(v))));
    }
    const medians = new Map<string, number>();
    const bucket = read.slice(from, to);
    for (const key of new Set(bucket.flatMap((r) => [...r.keys()]))) {
      medians.set(key, median(bucket.map((r) => r.get(key)).filter((v): v is number => v !== undefined && Number.isFinite(v))));
    }
    let most = -1;
    let score = -1;
    for (let i = from; i < to; i++) {
      let s = 0;
      for (const [key, v] of read[i]) {
        const d = Number.isFinite(v) ? Math.abs(v - medians.get(key)!) / Math.max(spread!.get(key) ?? 0, 1e-12) : Infinity;
        if (d > s) s = d;
      }
      if (s > score) [most, score] = [i, s];
    }
    return most >= 0 && most !== to - 1 ? [most, to - 1] : [to - 1];
  };
}

/** Median absolute deviation from the median. */
function mad(xs: number[]): number {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
}

/** Every step a finding was raised or changed at, and steps its evidence names (`sinceStep`, `lastFiniteStep`…). */
function stepsOfFindings(findings: readonly Finding[]): number[] {
  const out: number[] = [];
  for (const f of findings) {
    out.push(f.step);
    for (const h of f.history ?? []) out.push(h.step);
    for (const [key, v] of Object.entries(f.evidence as Record<string, unknown>)) {
      if (/Step$/.test(key) && typeof v === 'number' && Number.isInteger(v) && v >= 0) out.push(v);
    }
  }
  return out;
}

/** Indices of the probes taken at these steps. */
function probeIndicesAt(probes: readonly ProbeRecord[], steps: readonly number[]): number[] {
  const wanted = new Set(steps);
  const out: number[] = [];
  probes.forEach((p, i) => wanted.has(p.step) && out.push(i));
  return out;
}

/** The index of each of these steps in the step series (its first occurrence). */
function indicesOfSteps(stepSeries: readonly number[], steps: Set<number>): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  stepSeries.forEach((s, i) => {
    if (steps.has(s) && !seen.has(s)) {
      seen.add(s);
      out.push(i);
    }
  });
  return out;
}

/** The number of entries of the ascending `xs` below `x`. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
