/**
 * npm run bench:detection — precision and recall of every finding code on the labelled fault zoo
 * (bench/zoo/cases.ts): each case is a small real training run (or checkup) with ground-truth codes;
 * healthy controls must raise nothing.
 *
 *   npx tsx bench/detection.ts [--split tune|heldout|fresh|confirm|validate|audit|<a,b,…>|all] [--source hand|generated|all] [--only <id-substring>]
 *                              [--jobs N] [--backend wasm|cpu] [--max-steps N] [--json FILE] [--quiet] [--notes]
 *
 * Two sources of cases: the hand-written zoo (bench/zoo/cases.ts) and variants drawn from fault
 * families (bench/zoo/families). Tables are per source and split. A generated fault variant is scored
 * only when its outcome confirms it — the buggy program fails to learn and its fixed twin learns
 * (bench/zoo/outcome.ts) — and a healthy one only when it learns; the others are listed, not scored.
 * `--only` takes an id substring (a family id such as `healthy/field-` selects families). `--notes`
 * prints what each confirmation measured under its case.
 * `--jobs N` runs N worker processes (wasm trains on one thread), each on every Nth case.
 *
 * Prints, per split, one row per code: faulty cases expecting it, detected, recall, median and max
 * steps to detection; and the false-alarm rate on the healthy controls (any warning or error), per
 * code and overall. Writes everything (per-case results too) to bench/results/detection.json.
 * Targets: recall ≥ 95% per code, ≥ 95% of healthy controls silent, median detection ≤ 200 steps.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FINDING_CODES, type FindingCode } from '../src';
import { setupBackend } from '../src/backend';
import { arg, runInWorkers, wilson } from './shards';
import { CASES } from './zoo/cases';
import { GENERATED } from './zoo/families';
import { passed, runCase, scored, type CaseResult } from './zoo/harness';
import type { Split } from './zoo/types';

const quiet = process.argv.includes('--quiet');
const notes = process.argv.includes('--notes');

export interface CodeRow {
  code: FindingCode;
  cases: number;
  detected: number;
  recall: number;
  /** Healthy controls of this split that raised this code. */
  falseAlarms: number;
  healthy: number;
  /** Faulty cases not labelled with this code that raised it ("also raised": not false alarms). */
  alsoRaised: number;
  falseAlarmRate: number;
  medianSteps: number;
  maxSteps: number;
  missedBy: string[];
  falseAlarmOn: string[];
}

export interface SplitSummary {
  /** Which cases: `hand-written / heldout`, `generated / tune`, … */
  split: string;
  faultyCases: number;
  /** Generated cases whose pathology (or, for healthy ones, learning) was not confirmed: not scored. */
  unconfirmed: string[];
  healthyCases: number;
  healthySilent: number;
  healthySilentRate: number;
  /** Healthy controls silent at the end that raised a warning or error the run then resolved. */
  healthyTransient: number;
  rows: CodeRow[];
  medianStepsAll: number;
  failedCases: string[];
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function summarize(results: CaseResult[], split: Split | 'all', label: string = split): SplitSummary {
  const inSplit = results.filter((r) => split === 'all' || r.split === split);
  const rs = inSplit.filter(scored);
  const healthy = rs.filter((r) => r.healthy);
  const faulty = rs.filter((r) => !r.healthy);
  const rows: CodeRow[] = [];
  const allSteps: number[] = [];
  for (const code of FINDING_CODES) {
    const expecting = faulty.filter((r) => r.expected.includes(code));
    const alarms = healthy.filter((r) => r.raised.some((x) => x.code === code && x.status !== 'resolved'));
    if (!expecting.length && !alarms.length && !faulty.some((r) => r.alsoRaised.includes(code))) continue;
    const steps = expecting.map((r) => r.detected[code]).filter((s): s is number => typeof s === 'number');
    // checkup findings are dated step 0 (before training): they are counted as detections, not as steps.
    const fitSteps = expecting.filter((r) => r.kind === 'fit').map((r) => r.detected[code]).filter((s): s is number => typeof s === 'number');
    allSteps.push(...fitSteps);
    rows.push({
      code,
      cases: expecting.length,
      detected: steps.length,
      recall: expecting.length ? steps.length / expecting.length : NaN,
      falseAlarms: alarms.length,
      healthy: healthy.length,
      alsoRaised: faulty.filter((r) => r.alsoRaised.includes(code)).length,
      falseAlarmRate: healthy.length ? alarms.length / healthy.length : NaN,
      medianSteps: median(fitSteps),
      maxSteps: fitSteps.length ? Math.max(...fitSteps) : NaN,
      missedBy: expecting.filter((r) => r.detected[code] == null).map((r) => r.id),
      falseAlarmOn: alarms.map((r) => r.id),
    });
  }
  const silent = healthy.filter((r) => !r.falseAlarm && !r.error).length;
  return {
    split: label,
    faultyCases: faulty.length,
    unconfirmed: inSplit.filter((r) => !scored(r)).map((r) => r.id),
    healthyCases: healthy.length,
    healthySilent: silent,
    healthySilentRate: healthy.length ? silent / healthy.length : NaN,
    healthyTransient: healthy.filter((r) => r.transient && !r.error).length,
    rows,
    medianStepsAll: median(allSteps),
    failedCases: rs.filter((r) => !passed(r)).map((r) => r.id),
  };
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '—');
/** The 95% Wilson interval of k of n, as `a–b%`. */
const ci = (k: number, n: number) => {
  const [lo, hi] = wilson(k, n);
  return n ? `${Math.max(0, 100 * lo).toFixed(0)}–${Math.min(100, 100 * hi).toFixed(0)}%` : '—';
};
const num = (x: number) => (Number.isFinite(x) ? String(x) : '—');

export function formatTable(s: SplitSummary): string {
  const head = ['code', 'cases', 'detected', 'recall', 'recall 95% CI', 'false alarms (healthy)', 'median step', 'max step', 'also raised'];
  const lines = s.rows.map((r) => [
    r.code,
    String(r.cases),
    String(r.detected),
    pct(r.recall),
    ci(r.detected, r.cases),
    `${r.falseAlarms}/${r.healthy} (${pct(r.falseAlarmRate)})`,
    num(r.medianSteps),
    num(r.maxSteps),
    String(r.alsoRaised),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    `### ${s.split}: ${s.faultyCases} faulty cases, ${s.healthyCases} healthy controls`,
    '',
    row(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...lines.map(row),
    '',
    `healthy controls with no warning or error active at the end: ${s.healthySilent}/${s.healthyCases} (${pct(s.healthySilentRate)}, 95% CI ${ci(s.healthySilent, s.healthyCases)}); any alarm: ${s.healthyCases - s.healthySilent}/${s.healthyCases} (95% CI ${ci(s.healthyCases - s.healthySilent, s.healthyCases)}); ${s.healthyTransient} more raised one the run resolved; median step to detection (fit cases, all codes): ${num(s.medianStepsAll)}`,
    s.failedCases.length ? `cases not passing: ${s.failedCases.join(', ')}` : 'every case passes',
    ...(s.unconfirmed.length ? [`not scored (outcome not confirmed: a buggy program that learned, a fixed twin or healthy setup that did not): ${s.unconfirmed.length} — ${s.unconfirmed.join(', ')}`] : []),
  ].join('\n');
}

const isGenerated = (r: { family?: string }) => r.family !== undefined;

/** Tables per source (hand-written, generated) and split. */
export function summarizeAll(results: CaseResult[]): SplitSummary[] {
  const out: SplitSummary[] = [];
  for (const [source, pick] of [['hand-written', (r: CaseResult) => !isGenerated(r)], ['generated', isGenerated]] as const) {
    const rs = results.filter(pick);
    for (const split of ['tune', 'heldout', 'fresh', 'confirm', 'validate', 'audit'] as const) if (rs.some((r) => r.split === split)) out.push(summarize(rs, split, `${source} / ${split}`));
  }
  return out;
}

function printResult(r: CaseResult): void {
  const status = r.unconfirmed ? 'skip' : passed(r) ? 'ok  ' : 'FAIL';
  const raised = r.raised.map((x) => `${x.code}${x.severity === 'error' ? '!' : ''}@${x.step}${x.status === 'resolved' ? '/resolved' : ''}`).join(' ') || '—';
  console.log(
    `${status} ${r.id.padEnd(44)} ${r.split.padEnd(7)} steps ${String(r.steps).padStart(3)}  ${(r.ms / 1000).toFixed(1).padStart(5)}s  raised: ${raised}` +
      `${r.missed.length ? `  MISSED: ${r.missed.join(',')}` : ''}${r.error ? `  ERROR: ${r.error}` : ''}${r.unconfirmed ? `  UNCONFIRMED: ${r.unconfirmed}` : ''}`,
  );
  if (notes) for (const line of r.confirmation ?? []) console.log(`       ${line}`);
}

async function main(): Promise<void> {
  // One split, a comma-separated list (`tune,heldout`), or all.
  const split = arg('split', 'all');
  const splits = split === 'all' ? null : new Set(split.split(','));
  const source = arg('source', 'all');
  const only = arg('only', '');
  const maxSteps = Number(arg('max-steps', 'Infinity'));
  const jobs = Number(arg('jobs', '1'));
  const worker = process.argv.includes('--worker');
  const [shard, shards] = arg('shard', '0/1').split('/').map(Number);
  const pool = [...(source === 'generated' ? [] : CASES), ...(source === 'hand' ? [] : GENERATED)];
  const cases = pool.filter((c, i) => (!splits || splits.has(c.split)) && (!only || c.id.includes(only)) && i % shards === shard);
  const started = Date.now();
  let results: CaseResult[] = [];
  let backendName = arg('backend', 'wasm');
  if (jobs > 1) {
    console.log(`${cases.length} cases in ${jobs} worker processes`);
    results = await runInWorkers<CaseResult>(__filename, jobs, 'cases');
  } else {
    const backend = await setupBackend(backendName as 'wasm');
    backendName = backend.name;
    if (!worker) console.log(`backend: ${backend.name}, ${cases.length} cases`);
    for (const c of cases) {
      const r = await runCase(c, { maxSteps });
      results.push(r);
      if (!quiet) printResult(r);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const summaries = summarizeAll(results);
  if (!worker) {
    console.log('');
    for (const s of summaries) console.log(`${formatTable(s)}\n`);
    console.log(`${results.length} cases in ${seconds.toFixed(0)} s on ${backendName}${jobs > 1 ? ` (${jobs} processes)` : ''}`);
  }
  const out = resolve(arg('json', resolve(__dirname, 'results/detection.json')));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), backend: backendName, split, source, only: only || null, seconds, jobs, node: process.version, summaries, cases: results }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`,
  );
  if (!worker) console.log(`wrote ${out}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
