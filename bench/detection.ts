/**
 * npm run bench:detection — precision and recall of every finding code on the labelled fault zoo
 * (bench/zoo/cases.ts): each case is a small real training run (or checkup) with ground-truth codes;
 * healthy controls must raise nothing.
 *
 *   npx tsx bench/detection.ts [--split tune|heldout|all] [--only <id-substring>] [--backend wasm|cpu]
 *                              [--max-steps N] [--json FILE] [--quiet]
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
import { CASES } from './zoo/cases';
import { passed, runCase, type CaseResult } from './zoo/harness';
import type { Split } from './zoo/types';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
};
const quiet = process.argv.includes('--quiet');

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
  split: Split | 'all';
  faultyCases: number;
  healthyCases: number;
  healthySilent: number;
  healthySilentRate: number;
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

export function summarize(results: CaseResult[], split: Split | 'all'): SplitSummary {
  const rs = results.filter((r) => split === 'all' || r.split === split);
  const healthy = rs.filter((r) => r.healthy);
  const faulty = rs.filter((r) => !r.healthy);
  const rows: CodeRow[] = [];
  const allSteps: number[] = [];
  for (const code of FINDING_CODES) {
    const expecting = faulty.filter((r) => r.expected.includes(code));
    const alarms = healthy.filter((r) => r.raised.some((x) => x.code === code));
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
    split,
    faultyCases: faulty.length,
    healthyCases: healthy.length,
    healthySilent: silent,
    healthySilentRate: healthy.length ? silent / healthy.length : NaN,
    rows,
    medianStepsAll: median(allSteps),
    failedCases: rs.filter((r) => !passed(r)).map((r) => r.id),
  };
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '—');
const num = (x: number) => (Number.isFinite(x) ? String(x) : '—');

export function formatTable(s: SplitSummary): string {
  const head = ['code', 'cases', 'detected', 'recall', 'false alarms (healthy)', 'median step', 'max step', 'also raised'];
  const lines = s.rows.map((r) => [r.code, String(r.cases), String(r.detected), pct(r.recall), `${r.falseAlarms}/${r.healthy} (${pct(r.falseAlarmRate)})`, num(r.medianSteps), num(r.maxSteps), String(r.alsoRaised)]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    `### ${s.split}: ${s.faultyCases} faulty cases, ${s.healthyCases} healthy controls`,
    '',
    row(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...lines.map(row),
    '',
    `healthy controls with no warning or error: ${s.healthySilent}/${s.healthyCases} (${pct(s.healthySilentRate)}); median step to detection (fit cases, all codes): ${num(s.medianStepsAll)}`,
    s.failedCases.length ? `cases not passing: ${s.failedCases.join(', ')}` : 'every case passes',
  ].join('\n');
}

async function main(): Promise<void> {
  const split = arg('split', 'all') as Split | 'all';
  const only = arg('only', '');
  const maxSteps = Number(arg('max-steps', 'Infinity'));
  const backend = await setupBackend(arg('backend', 'wasm') as 'wasm');
  console.log(`backend: ${backend.name}`);
  const cases = CASES.filter((c) => (split === 'all' || c.split === split) && (!only || c.id.includes(only)));
  const started = Date.now();
  const results: CaseResult[] = [];
  for (const c of cases) {
    const r = await runCase(c, { maxSteps });
    results.push(r);
    if (!quiet) {
      const status = passed(r) ? 'ok  ' : 'FAIL';
      const raised = r.raised.map((x) => `${x.code}${x.severity === 'error' ? '!' : ''}@${x.step}`).join(' ') || '—';
      console.log(`${status} ${r.id.padEnd(44)} ${r.split.padEnd(7)} steps ${String(r.steps).padStart(3)}  ${(r.ms / 1000).toFixed(1).padStart(5)}s  raised: ${raised}${r.missed.length ? `  MISSED: ${r.missed.join(',')}` : ''}${r.error ? `  ERROR: ${r.error}` : ''}`);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const splits = (['tune', 'heldout'] as const).filter((s) => results.some((r) => r.split === s));
  const summaries = splits.map((s) => summarize(results, s));
  console.log('');
  for (const s of summaries) console.log(`${formatTable(s)}\n`);
  console.log(`${results.length} cases in ${seconds.toFixed(0)} s on ${backend.name}`);

  const out = resolve(arg('json', resolve(__dirname, 'results/detection.json')));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), backend: backend.name, split, only: only || null, seconds, node: process.version, summaries, cases: results }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`,
  );
  console.log(`wrote ${out}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
