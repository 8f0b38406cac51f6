/**
 * Runs a benchmark script in N worker processes (`--shard i/N --json FILE --worker`), each on every Nth
 * item, and gathers what they wrote. wasm trains on one thread, so two processes use both cores.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function runInWorkers<T>(script: string, jobs: number, key: string): Promise<T[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-doctor-bench-'));
  const passOn = process.argv.slice(2).filter((a, i, all) => a !== '--jobs' && all[i - 1] !== '--jobs' && a !== '--json' && all[i - 1] !== '--json');
  try {
    const files = await Promise.all(
      Array.from({ length: jobs }, (_, i) => {
        const file = join(dir, `shard-${i}.json`);
        const child = spawn(process.execPath, [...process.execArgv, script, ...passOn, '--shard', `${i}/${jobs}`, '--json', file, '--worker'], { stdio: ['ignore', 'inherit', 'inherit'] });
        return new Promise<string>((done, fail) => child.on('exit', (code) => (code === 0 ? done(file) : fail(new Error(`worker ${i} of ${script} exited with ${code}`)))));
      }),
    );
    return files.flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as Record<string, T[]>)[key]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `--name value` from the command line, or the fallback. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

/** The 95% Wilson score interval of k successes in n trials. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [NaN, NaN];
  const z = 1.96;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = p + (z * z) / (2 * n);
  const r = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [(c - r) / d, (c + r) / d];
}
