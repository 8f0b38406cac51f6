/**
 * What the core entry costs a browser app: src/index.ts bundled by esbuild for the browser, minified,
 * with tfjs external (the app has its own), then gzipped. Pins the size so a dependency that drags in
 * more than it is used for (as `import { z } from 'zod'` did: all of zod and its ~40 locales, 584 KB
 * min / 140 KB gzipped for the whole entry) fails here instead of in users' bundles.
 */
import { build, type Metafile } from 'esbuild';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(__dirname, '../..');
const KB = 1024;

/**
 * Budgets, min+gzip, just above what is measured: the whole entry (every export: checkup,
 * findLearningRate, renderHtml, parseRunLog, showInTfvis…) 66 KB, of it ~8 KB zod (checkup's and the run
 * log's schemas); `import { diagnose }` alone 38 KB, with no zod at all (its options are checked by hand).
 * `doctor.tryFixes()` (src/prescriptions: planning, patched copies, the trial runner, its wording) ships
 * with every doctor and costs ~4 KB of that (33.8 → 37.9 KB); the story of the run (src/story.ts and its words
 * in src/advice/story.ts, which every report's toString() tells) ~2.4 KB more (37.9 → 40.3 KB; the entry 66 →
 * 68.7 KB). Raise a budget only on purpose, for code that earns it.
 */
const ENTRY_BUDGET_KB = 69.5;
const DIAGNOSE_BUDGET_KB = 41;
/** zod/mini's share, minified: the schemas' parsers and checks, no locale (was 443 KB with `zod`). */
const ZOD_BUDGET_KB = 32;

interface Measured {
  raw: number;
  min: number;
  gzip: number;
  text: string;
  zodBytes: number;
  inputs: string[];
  imports: string[];
}

async function measure(contents: string): Promise<Measured> {
  const options = {
    stdin: { contents, resolveDir: ROOT, sourcefile: 'app.ts', loader: 'ts' as const },
    absWorkingDir: ROOT, // metafile paths relative to the repository: src/…, node_modules/…
    bundle: true,
    format: 'esm' as const,
    platform: 'browser' as const,
    external: ['@tensorflow/*'],
    write: false,
    logLevel: 'silent' as const,
  };
  const [raw, min] = await Promise.all([build(options), build({ ...options, minify: true, metafile: true })]);
  const [rawOut, minOut] = [raw.outputFiles![0], min.outputFiles![0]];
  const code = minOut.contents;
  const output = Object.values((min.metafile as Metafile).outputs)[0];
  const zodBytes = Object.entries(output.inputs)
    .filter(([file]) => file.includes('node_modules/zod/'))
    .reduce((sum, [, v]) => sum + v.bytesInOutput, 0);
  return {
    raw: rawOut.contents.length / KB,
    min: code.length / KB,
    gzip: gzipSync(code).length / KB,
    text: minOut.text,
    zodBytes,
    inputs: Object.keys(output.inputs),
    imports: output.imports.map((i) => i.path),
  };
}

const describeSize = (name: string, m: Measured) =>
  `${name}: ${m.raw.toFixed(1)} KB raw, ${m.min.toFixed(1)} KB min, ${m.gzip.toFixed(1)} KB min+gzip (zod ${(m.zodBytes / KB).toFixed(1)} KB min)`;

let entry: Measured;
let diagnoseOnly: Measured;

beforeAll(async () => {
  [entry, diagnoseOnly] = await Promise.all([measure("export * from './src/index';"), measure("export { diagnose } from './src/index';")]);
  console.log(`${describeSize('core entry, every export', entry)}\n${describeSize('import { diagnose }', diagnoseOnly)}`);
}, 30_000);

it(`the core entry adds at most ${ENTRY_BUDGET_KB} KB min+gzip; a diagnose() user at most ${DIAGNOSE_BUDGET_KB} KB`, () => {
  expect(entry.gzip).toBeLessThanOrEqual(ENTRY_BUDGET_KB);
  expect(diagnoseOnly.gzip).toBeLessThanOrEqual(DIAGNOSE_BUDGET_KB);
});

it('keeps only the zod it uses: zod/mini, tree-shaken, with no locale — and none for a diagnose() user', () => {
  expect(diagnoseOnly.zodBytes).toBe(0);
  expect(entry.zodBytes).toBeGreaterThan(0); // checkup's options and run logs are still validated with zod
  expect(entry.zodBytes / KB).toBeLessThanOrEqual(ZOD_BUDGET_KB);
  expect(entry.inputs.filter((f) => /node_modules\/zod\/(v4\/)?(locales|classic)\//.test(f))).toEqual([]);
});

it('pulls in no Node-only code: its only imports are tfjs', () => {
  expect(entry.imports.filter((p) => !p.startsWith('@tensorflow/'))).toEqual([]);
  expect(entry.inputs.filter((f) => /node_modules\/(tar|minipass|chownr|mkdirp|yallist)\//.test(f) || /^src\/(data|backend|cli)\//.test(f))).toEqual([]);
  const nodeModule = /(?:\bfrom|\bimport|\brequire\s*\()\s*\(?\s*["'](?:node:)?(?:fs|path|os|zlib|stream|crypto|child_process|http|https)(?:\/promises)?["']/;
  expect(entry.text).not.toMatch(nodeModule);
  expect(`import{promises}from"node:fs";require("path")`).toMatch(nodeModule); // the pattern does catch them
});
