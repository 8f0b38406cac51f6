/**
 * Scores cnn-doctor on the real-world corpus (bench/real): every program is run as its author would,
 * with the doctor attached (`diagnose()` at its defaults) and, in the `checkup` mode, with `checkup()`'s
 * trials run first on the same data. Outcomes are measured in the same run (bench/real/outcome.ts), and only
 * programs that behave as their role says are scored:
 *  - a buggy program (fails its criterion) is *found* when a code its entry names was raised as a warning
 *    or error at any point;
 *  - a working program (a fixed twin or a healthy program, which meets its criterion) raises a *false alarm*
 *    when a warning or error is still active at the end (open or confirmed; a resolved one is reported
 *    apart as transient).
 *
 *   npx tsx bench/real/detect.ts [--mode fit|checkup|both] [--split tune|heldout|all] [--only SUBSTR]
 *                                [--jobs 2] [--json FILE]
 *
 * `--from FILE` re-prints the tables of a saved run. `--only` takes one or more comma-separated substrings of ids. Prints one line per program and a table per mode: recall on buggy programs, false-alarm rate on working
 * ones, each with its 95% Wilson interval, and every miss and false alarm. Writes bench/results/real.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkup, diagnose, type Finding, type FindingCode } from '../../src';
import { setupBackend } from '../../src/backend';
import { arg, runInWorkers, wilson } from '../shards';
import { missingExternal } from './data';
import { CORPUS } from './index';
import { programsOf, runProgram, type Role } from './outcome';
import type { ProgramData, RealEntry } from './types';

type Mode = 'fit' | 'checkup';

interface Raised {
  code: FindingCode;
  severity: 'warning' | 'error';
  step: number;
  layer?: string;
  /** Where it stands at the end (checkup's findings are passed to the doctor, which confirms or resolves them). */
  status: string;
}

export interface RealResult {
  id: string;
  split: RealEntry['split'];
  role: Role;
  mode: Mode;
  /** The codes that name the documented cause (buggy and fixed programs). */
  codes: FindingCode[];
  value: number;
  learned: boolean;
  /** The outcome matches the role (buggy fails, working learns): only these are scored. */
  confirmed: boolean;
  raised: Raised[];
  /** Buggy: a named code was raised as a warning or error. */
  found: boolean;
  /** Working: a warning or error still active at the end. */
  falseAlarm: boolean;
  steps: number;
  ms: number;
  error?: string;
  /** Why a fixed twin that learns is not scored (the entry's fixedNotScored). */
  notScored?: string;
}

async function runOne(entry: RealEntry, role: Role, mode: Mode): Promise<RealResult> {
  const program = programsOf(entry).find((p) => p.role === role)!.program;
  const raised = new Map<string, Raised>();
  const key = (f: Finding) => `${f.code}@${f.layer ?? ''}`;
  const note = (f: Finding) => {
    if (f.severity === 'info') return;
    const prior = raised.get(key(f));
    raised.set(key(f), { code: f.code, severity: prior?.severity === 'error' ? 'error' : f.severity, step: prior?.step ?? f.step, layer: f.layer, status: f.status });
  };
  let doctor: ReturnType<typeof diagnose> | null = null;
  let pre: Awaited<ReturnType<typeof checkup>> | undefined;
  const run = await runProgram(entry, role, program, {
    beforeFit: async (model: tfl.LayersModel, data: ProgramData) => {
      if (mode === 'checkup') {
        pre = await checkup(model, { x: data.x, y: data.y, overfitBatch: true, baseline: true });
        for (const f of pre.findings) note(f);
      }
    },
    callbacks: (model) => {
      // checkup's findings join the fit's (as the README shows): the fit confirms or resolves them.
      doctor = diagnose(model, { log: false, onFinding: note, checkup: pre });
      return [doctor as unknown as tfl.Callback];
    },
  });
  if (doctor) {
    const d = doctor as ReturnType<typeof diagnose>;
    for (const f of d.report().findings) {
      const r = raised.get(key(f));
      if (r) r.status = f.status;
      else note(f);
    }
    d.detach();
  }
  const all = [...raised.values()];
  const codes = entry.kind === 'bug' ? entry.codes : [];
  const excluded = role === 'fixed' && entry.kind === 'bug' && entry.fixedNotScored !== undefined;
  const confirmed = !run.error && run.learned === (role !== 'buggy') && !excluded;
  return {
    id: entry.id,
    split: entry.split,
    role,
    mode,
    codes,
    value: run.value,
    learned: run.learned,
    confirmed,
    raised: all,
    found: role === 'buggy' && all.some((r) => codes.includes(r.code)),
    falseAlarm: role !== 'buggy' && all.some((r) => r.status !== 'resolved'),
    steps: run.steps,
    ms: run.ms,
    error: run.error,
    ...(excluded ? { notScored: (entry as { fixedNotScored?: string }).fixedNotScored } : {}),
  };
}

function describe(r: RealResult): string {
  const list = r.raised.map((x) => `${x.code}${x.layer ? `(${x.layer})` : ''}:${x.severity[0]}@${x.step}${x.status === 'resolved' ? '/resolved' : ''}`).join(' ') || '-';
  const verdict = !r.confirmed ? 'UNCONFIRMED' : r.role === 'buggy' ? (r.found ? 'found' : 'MISSED') : r.falseAlarm ? 'FALSE ALARM' : 'silent';
  return `${verdict.padEnd(11)} ${r.mode.padEnd(7)} ${r.id} [${r.role}] value=${r.value.toFixed(3)} ${r.ms / 1000 | 0}s  raised: ${list}${r.error ? `  error: ${r.error}` : ''}`;
}

const pct = (k: number, n: number) => (n ? `${((100 * k) / n).toFixed(1)}%` : 'n/a');
const interval = (k: number, n: number) => {
  const [lo, hi] = wilson(k, n);
  return n ? `[${(100 * lo).toFixed(0)}–${(100 * hi).toFixed(0)}%]` : '';
};

function summarise(results: RealResult[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const mode of ['fit', 'checkup'] as Mode[]) {
    const rs = results.filter((r) => r.mode === mode);
    if (!rs.length) continue;
    const scoredBuggy = rs.filter((r) => r.role === 'buggy' && r.confirmed);
    const scoredWorking = rs.filter((r) => r.role !== 'buggy' && r.confirmed);
    const found = scoredBuggy.filter((r) => r.found).length;
    const alarms = scoredWorking.filter((r) => r.falseAlarm).length;
    const transient = scoredWorking.filter((r) => !r.falseAlarm && r.raised.length > 0).length;
    console.log(`\n== ${mode === 'fit' ? 'diagnose() alone' : 'checkup() + diagnose()'} ==`);
    console.log(`buggy programs: documented cause found in ${found}/${scoredBuggy.length} = ${pct(found, scoredBuggy.length)} ${interval(found, scoredBuggy.length)}`);
    console.log(`working programs (fixed twins + healthy): any active warning/error in ${alarms}/${scoredWorking.length} = ${pct(alarms, scoredWorking.length)} ${interval(alarms, scoredWorking.length)}; ${transient} more raised one that resolved`);
    for (const split of ['tune', 'heldout'] as const) {
      const b = scoredBuggy.filter((r) => r.split === split);
      const w = scoredWorking.filter((r) => r.split === split);
      console.log(`  ${split.padEnd(7)} found ${b.filter((r) => r.found).length}/${b.length}; false alarms ${w.filter((r) => r.falseAlarm).length}/${w.length}`);
    }
    // Per code: buggy programs whose documented cause it names (and how many got it), working programs it fired on.
    const codes = [...new Set([...scoredBuggy.flatMap((r) => r.codes), ...scoredWorking.flatMap((r) => r.raised.filter((x) => x.status !== 'resolved').map((x) => x.code))])].sort();
    const perCode = codes.map((code) => {
      const naming = scoredBuggy.filter((r) => r.codes.includes(code));
      const got = naming.filter((r) => r.raised.some((x) => x.code === code)).length;
      const alarms = scoredWorking.filter((r) => r.raised.some((x) => x.code === code && x.status !== 'resolved')).length;
      return { code, naming: naming.length, got, alarms };
    });
    console.log('| code | buggy programs naming it | raised on them | working programs with it active |');
    console.log('|---|---|---|---|');
    for (const c of perCode) console.log(`| ${c.code} | ${c.naming} | ${c.naming ? `${c.got} ${interval(c.got, c.naming)}` : '—'} | ${c.alarms}/${scoredWorking.length} |`);
    const misses = scoredBuggy.filter((r) => !r.found);
    const falseAlarms = scoredWorking.filter((r) => r.falseAlarm);
    const unconfirmed = rs.filter((r) => !r.confirmed);
    if (misses.length) console.log('misses:\n' + misses.map((r) => '  ' + describe(r)).join('\n'));
    if (falseAlarms.length) console.log('false alarms:\n' + falseAlarms.map((r) => '  ' + describe(r)).join('\n'));
    const mismatched = unconfirmed.filter((r) => !r.notScored);
    if (mismatched.length) console.log(`not scored (outcome does not match the role): ${mismatched.map((r) => `${r.id}[${r.role}]`).join(', ')}`);
    for (const r of unconfirmed.filter((u) => u.notScored)) console.log(`not scored: ${r.id}[${r.role}]: ${r.notScored}`);
    out[mode] = {
      buggy: scoredBuggy.length,
      found,
      recall: found / scoredBuggy.length,
      recallInterval: wilson(found, scoredBuggy.length),
      working: scoredWorking.length,
      falseAlarms: alarms,
      falseAlarmRate: alarms / scoredWorking.length,
      falseAlarmInterval: wilson(alarms, scoredWorking.length),
      transient,
      perCode,
      misses: misses.map((r) => `${r.id}[${r.role}]`),
      falseAlarmPrograms: falseAlarms.map((r) => `${r.id}[${r.role}]`),
      unconfirmed: unconfirmed.map((r) => `${r.id}[${r.role}]`),
    };
  }
  return out;
}

async function main(): Promise<void> {
  const from = arg('from', '');
  if (from) {
    // Re-print the tables of a saved run (bench/results/real.json) without training anything.
    summarise((JSON.parse(readFileSync(from, 'utf8')) as { results: RealResult[] }).results);
    return;
  }
  const modeArg = arg('mode', 'both');
  const modes: Mode[] = modeArg === 'both' ? ['fit', 'checkup'] : [modeArg as Mode];
  const split = arg('split', 'all');
  const only = arg('only', '');
  const jobs = Number(arg('jobs', '1'));
  const [shard, of] = arg('shard', '0/1').split('/').map(Number);
  const jobsList: { entry: RealEntry; role: Role; mode: Mode; shardOf: number }[] = [];
  for (const [index, entry] of CORPUS.entries()) {
    if (split !== 'all' && entry.split !== split) continue;
    if (only && !only.split(',').some((o) => entry.id.includes(o))) continue;
    const missing = missingExternal(entry.needs);
    if (missing.length) {
      console.warn(`!!! SKIPPED ${entry.id}: needs ${missing.join(', ')} (not on this machine)`);
      continue;
    }
    // A whole entry goes to one worker (index % workers), so each worker gets fit and checkup runs alike.
    for (const { role } of programsOf(entry)) for (const mode of modes) jobsList.push({ entry, role, mode, shardOf: index % of });
  }
  let results: RealResult[];
  if (jobs > 1) {
    console.log(`${jobsList.length} runs in ${jobs} worker processes`);
    results = await runInWorkers<RealResult>(__filename, jobs, 'results');
  } else {
    await setupBackend('wasm');
    results = [];
    for (const { entry, role, mode, shardOf } of jobsList) {
      if (shardOf !== shard) continue;
      const r = await runOne(entry, role, mode);
      console.log(describe(r));
      results.push(r);
    }
  }
  const json = arg('json', resolve(__dirname, '../results/real.json'));
  if (process.argv.includes('--worker')) {
    writeFileSync(json, JSON.stringify({ results }));
    return;
  }
  const summary = summarise(results);
  mkdirSync(dirname(json), { recursive: true });
  writeFileSync(json, JSON.stringify({ summary, results }, null, 2));
  console.log(`\nwritten: ${json}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
