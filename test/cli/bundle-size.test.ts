/**
 * What the core entry costs a browser app: src/index.ts bundled by esbuild for the browser, minified,
 * with tfjs external (the app has its own), then gzipped. Pins the size so a dependency that drags in
 * more than it is used for (as `import { z } from 'zod'` did: all of zod and its ~40 locales, 584 KB
 * min / 140 KB gzipped for the whole entry) fails here instead of in users' bundles.
 */
import { build, type Metafile } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(__dirname, '../..');
const KB = 1024;

/**
 * Budgets, min+gzip, just above what is measured, for what an app loads first (the entry chunk and the
 * chunks it imports statically; esbuild splits dynamic imports into chunks of their own, as Vite, Rollup and
 * webpack do): the whole entry (every export: checkup, findLearningRate, renderHtml, parseRunLog,
 * showInTfvis…) ~68 KB, of it ~8 KB zod (checkup's and the run log's schemas); `import { diagnose }` alone
 * ~38.4 KB, with no zod at all (its options are checked by hand) and with the story of the run (every report's
 * toString() tells it). `doctor.tryFixes()` (src/prescriptions: planning, patched copies, the trial runner) is
 * imported on first use, a lazy chunk of ~4 KB. Raise a budget only on purpose, for code that earns it.
 */
const ENTRY_BUDGET_KB = 68.5;
const DIAGNOSE_BUDGET_KB = 39;
/** The lazily loaded tryFixes chunk. */
const LAZY_BUDGET_KB = 5;
/** zod/mini's share, minified: the schemas' parsers and checks, no locale (was 443 KB with `zod`). */
const ZOD_BUDGET_KB = 32;

interface Measured {
  raw: number;
  min: number;
  /** What the app loads first: the entry chunk and its static imports, each gzipped. */
  gzip: number;
  /** Chunks loaded only by a dynamic import, gzipped. */
  lazyGzip: number;
  /** Every chunk's code, inputs and external imports (first load and lazy). */
  text: string;
  zodBytes: number;
  inputs: string[];
  imports: string[];
}

async function measure(contents: string): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-doctor-bundle-'));
  const app = join(dir, 'app.ts');
  writeFileSync(app, contents.replace("'./src/index'", JSON.stringify(join(ROOT, 'src/index'))));
  const options = {
    entryPoints: [app],
    absWorkingDir: ROOT, // metafile paths relative to the repository: src/…, node_modules/…
    bundle: true,
    splitting: true,
    outdir: join(dir, 'out'),
    format: 'esm' as const,
    platform: 'browser' as const,
    external: ['@tensorflow/*'],
    write: false,
    metafile: true,
    logLevel: 'silent' as const,
  };
  try {
    const [raw, min] = await Promise.all([build(options), build({ ...options, minify: true })]);
    const outputs = (min.metafile as Metafile).outputs;
    const entryName = Object.keys(outputs).find((name) => outputs[name].entryPoint)!;
    // The first load: the entry and every chunk reachable by static imports.
    const first = new Set<string>();
    const visit = (name: string) => {
      if (first.has(name)) return;
      first.add(name);
      for (const i of outputs[name].imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
    };
    visit(entryName);
    const file = (name: string) => min.outputFiles!.find((f) => f.path === resolve(ROOT, name))!;
    const gz = (names: string[]) => names.reduce((sum, n) => sum + gzipSync(file(n).contents).length, 0) / KB;
    const firstNames = [...first];
    const lazyNames = Object.keys(outputs).filter((n) => !first.has(n) && n.endsWith('.js'));
    const all = [...firstNames, ...lazyNames];
    const inputs = all.flatMap((n) => Object.keys(outputs[n].inputs));
    const zodBytes = firstNames.flatMap((n) => Object.entries(outputs[n].inputs)).filter(([f]) => f.includes('node_modules/zod/')).reduce((sum, [, v]) => sum + v.bytesInOutput, 0);
    return {
      raw: raw.outputFiles!.filter((f) => firstNames.some((n) => f.path === resolve(ROOT, n))).reduce((sum, f) => sum + f.contents.length, 0) / KB,
      min: firstNames.reduce((sum, n) => sum + file(n).contents.length, 0) / KB,
      gzip: gz(firstNames),
      lazyGzip: gz(lazyNames),
      text: all.map((n) => file(n).text).join('\n'),
      zodBytes,
      inputs,
      imports: all.flatMap((n) => outputs[n].imports.filter((i) => i.external).map((i) => i.path)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const describeSize = (name: string, m: Measured) =>
  `${name}: ${m.raw.toFixed(1)} KB raw, ${m.min.toFixed(1)} KB min, ${m.gzip.toFixed(1)} KB min+gzip first load (zod ${(m.zodBytes / KB).toFixed(1)} KB min), ${m.lazyGzip.toFixed(1)} KB min+gzip loaded on first tryFixes()`;

let entry: Measured;
let diagnoseOnly: Measured;

beforeAll(async () => {
  [entry, diagnoseOnly] = await Promise.all([measure("export * from './src/index';"), measure("export { diagnose } from './src/index';")]);
  console.log(`${describeSize('core entry, every export', entry)}\n${describeSize('import { diagnose }', diagnoseOnly)}`);
}, 30_000);

it(`the core entry adds at most ${ENTRY_BUDGET_KB} KB min+gzip to a first load; a diagnose() user at most ${DIAGNOSE_BUDGET_KB} KB, and ${LAZY_BUDGET_KB} KB more on the first tryFixes()`, () => {
  expect(entry.gzip).toBeLessThanOrEqual(ENTRY_BUDGET_KB);
  expect(diagnoseOnly.gzip).toBeLessThanOrEqual(DIAGNOSE_BUDGET_KB);
  expect(diagnoseOnly.lazyGzip).toBeGreaterThan(0); // tryFixes is a chunk of its own
  expect(diagnoseOnly.lazyGzip).toBeLessThanOrEqual(LAZY_BUDGET_KB);
  expect(diagnoseOnly.inputs).toContain('src/prescriptions/trial.ts');
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
