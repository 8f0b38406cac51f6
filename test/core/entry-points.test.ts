/**
 * The core entry must run in a browser: nothing reachable from src/index.ts may import Node-only
 * modules or the Node-only entries (data, backend, cli).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const SRC = resolve(__dirname, '../../src');

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g)].map((m) => m[1]);
}

function resolveLocal(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // try the next
    }
  }
  throw new Error(`cannot resolve ${spec} from ${from}`);
}

function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    const imports = importsOf(file);
    seen.set(file, imports);
    for (const spec of imports) if (spec.startsWith('.')) stack.push(resolveLocal(file, spec));
  }
  return seen;
}

it('the core entry imports nothing Node-only', () => {
  const files = reachable(join(SRC, 'index.ts'));
  const offenders: string[] = [];
  for (const [file, imports] of files) {
    const rel = file.slice(SRC.length + 1);
    if (/^(data|backend|cli)\//.test(rel)) offenders.push(`${rel} is reachable from the core entry`);
    for (const spec of imports) {
      if (!spec.startsWith('.') && !/^(@tensorflow\/tfjs-(core|layers)|zod\/mini)$/.test(spec)) offenders.push(`${rel} imports ${spec}`);
    }
  }
  expect(offenders).toEqual([]);
  expect(files.size).toBeGreaterThan(10);
});
