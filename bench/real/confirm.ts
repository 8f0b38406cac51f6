/**
 * Confirms the real-world corpus by outcome, without cnn-doctor: every buggy program must fail its
 * criterion and its fixed twin must meet it; every healthy program must meet its own.
 *
 *   npx tsx bench/real/confirm.ts [--only <id-substring>] [--backend wasm|cpu] [--json FILE]
 *
 * Prints one line per program: role, measured value, learned or not, steps, seconds; and the entries
 * whose outcome does not match their role (these are not scored by bench:detection).
 */
import { writeFileSync } from 'node:fs';
import { setupBackend } from '../../src/backend';
import { missingExternal } from './data';
import { CORPUS } from './index';
import { programsOf, runProgram, type Role } from './outcome';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

async function main(): Promise<void> {
  await setupBackend((arg('backend') as 'wasm' | 'cpu' | undefined) ?? 'wasm');
  const only = arg('only');
  const rows: { id: string; role: Role; value: number; learned: boolean; expected: boolean; steps: number; seconds: number; error?: string }[] = [];
  for (const entry of CORPUS) {
    if (only && !entry.id.includes(only)) continue;
    const missing = missingExternal(entry.needs);
    if (missing.length) {
      console.warn(`!!! SKIPPED ${entry.id}: needs ${missing.join(', ')} (not on this machine)`);
      continue;
    }
    for (const { role, program } of programsOf(entry)) {
      const run = await runProgram(entry, role, program);
      const expected = role !== 'buggy';
      rows.push({ id: entry.id, role, value: run.value, learned: run.learned, expected, steps: run.steps, seconds: run.ms / 1000, error: run.error });
      const mark = run.learned === expected ? 'ok ' : 'BAD';
      console.log(`${mark} ${entry.id} [${role}] ${entry.learns.metric}=${run.value.toFixed(4)} learned=${run.learned} steps=${run.steps} ${(run.ms / 1000).toFixed(1)}s${run.error ? ` error: ${run.error}` : ''}`);
    }
  }
  const bad = rows.filter((r) => r.learned !== r.expected);
  console.log(`\n${rows.length - bad.length}/${rows.length} programs behave as their role says; ${bad.length} do not:`);
  for (const r of bad) console.log(`  ${r.id} [${r.role}]`);
  const json = arg('json');
  if (json) writeFileSync(json, JSON.stringify(rows, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
