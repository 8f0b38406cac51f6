/**
 * npm run bench:browser — what the doctor costs in a browser, on each tfjs browser backend.
 *
 * Bundles bench/browser-page.ts (tfjs, cnn-doctor and its wasm training kernels) with esbuild and runs it
 * in headless Chromium (/usr/bin/chromium, or CHROMIUM=path) on cpu, wasm (with
 * registerWasmTrainingKernels) and webgl (SwiftShader: software GL, so slow — its run is kept small).
 * Per backend, a small CNN (8×8×1 → conv8 → pool → conv16 → dense32 → 3) trains the same fit with and
 * without `diagnose(model)` (probeEvery 50), interleaved, and reports the median fit-time ratio and the
 * longest main-thread gap between requestAnimationFrame callbacks during the fits: overall, at steps the
 * doctor probes, and between probes. Both fits yield to the page alike (one CustomCallback with tfjs's
 * default yieldEvery, 125 ms); the doctor runs as a class callback, so it is handed the log tensors. A
 * third fit, without the doctor but with a callback that reads the loss every step (as tfjs does for any
 * plain-object `onBatchEnd`, e.g. tfjs-vis), shows what the per-step read alone costs: on webgl it waits
 * for the GPU every step. Then a planted fault (every ReLU dead from a −5 bias init) trains
 * with the doctor; its findings should be the same on every backend. Targets: ratio ≤ 1.05 per backend,
 * no frame gap between probes more than 50 ms longer than without the doctor.
 *
 *   npm run bench:browser [-- --backends cpu,wasm,webgl] [--repeats 3] [--steps 150]
 *
 * Prints a table and writes bench/results/browser.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { BenchConfig, BenchResult, FitTiming } from './browser-page';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** SwiftShader gives webgl a (software) GL in a headless machine without a GPU. */
const ARGS = ['--headless', '--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** A made-up origin: every request to it is answered from memory or node_modules (page.route), no server. */
const ORIGIN = 'http://cnn-doctor.bench';
const WASM_DIR = resolve(__dirname, '../node_modules/@tensorflow/tfjs-backend-wasm/dist');

type Backend = BenchConfig['backend'];
/** webgl on SwiftShader takes tens of ms a step: fewer steps and repeats. */
const PER_BACKEND: Record<Backend, { steps: number; repeats: number; faultSteps: number }> = {
  cpu: { steps: 150, repeats: 3, faultSteps: 128 },
  wasm: { steps: 150, repeats: 7, faultSteps: 128 },
  webgl: { steps: 100, repeats: 3, faultSteps: 128 },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const max = (xs: number[]) => Math.max(...xs);

interface Row {
  backend: Backend;
  steps: number;
  repeats: number;
  withoutMs: number;
  withMs: number;
  /** Without the doctor but with the loss read every step (ms, median). */
  logsOnlyMs: number;
  /** Median of logs-only ÷ without: what reading the loss every step costs by itself. */
  logsOnlyRatio: number;
  ratio: number;
  ratios: number[];
  /** Longest frame gaps over all repeats (ms). */
  gapWithout: number;
  gapWith: number;
  gapBetweenProbesWithout: number;
  gapBetweenProbesWith: number;
  gapAtProbesWith: number;
  /** Longest gap between probes with the doctor minus without. */
  addedGapBetweenProbes: number;
  faultCodes: string[];
  result: BenchResult;
}

function summarize(backend: Backend, steps: number, repeats: number, result: BenchResult): Row {
  const ratios = result.with.map((w, i) => w.ms / result.without[i].ms);
  const gap = (runs: FitTiming[], key: keyof FitTiming) => max(runs.map((r) => r[key]));
  return {
    backend,
    steps,
    repeats,
    withoutMs: median(result.without.map((r) => r.ms)),
    withMs: median(result.with.map((r) => r.ms)),
    logsOnlyMs: median(result.logsOnly.map((r) => r.ms)),
    logsOnlyRatio: median(result.logsOnly.map((l, i) => l.ms / result.without[i].ms)),
    ratio: median(ratios),
    ratios,
    gapWithout: gap(result.without, 'maxGapMs'),
    gapWith: gap(result.with, 'maxGapMs'),
    gapBetweenProbesWithout: gap(result.without, 'maxGapBetweenProbesMs'),
    gapBetweenProbesWith: gap(result.with, 'maxGapBetweenProbesMs'),
    gapAtProbesWith: gap(result.with, 'maxGapAtProbesMs'),
    addedGapBetweenProbes: gap(result.with, 'maxGapBetweenProbesMs') - gap(result.without, 'maxGapBetweenProbesMs'),
    faultCodes: result.fault.codes,
    result,
  };
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.error(`chromium not found at ${CHROMIUM} — install it (apt-get install -y chromium) or set CHROMIUM=path`);
    process.exit(1);
  }
  const backends = arg('backends', 'cpu,wasm,webgl').split(',') as Backend[];
  const repeatsArg = process.argv.includes('--repeats') ? Number(arg('repeats', '3')) : undefined;
  const stepsArg = process.argv.includes('--steps') ? Number(arg('steps', '150')) : undefined;
  const bundled = await build({
    entryPoints: [join(__dirname, 'browser-page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    // setupBackend's lazy import(specifier) of the optional Node peers stays a runtime import.
  });
  const script = bundled.outputFiles[0].text;
  const html = '<!doctype html><meta charset="utf-8"><title>cnn-doctor bench</title><body><script src="bundle.js"></script></body>';

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const rows: Row[] = [];
  const info: Record<string, unknown> = { chromium: browser.version() };
  try {
    for (const backend of backends) {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.route(`${ORIGIN}/**`, async (route) => {
        const path = new URL(route.request().url()).pathname.slice(1);
        if (path === '' || path === 'index.html') return route.fulfill({ contentType: 'text/html', body: html });
        if (path === 'bundle.js') return route.fulfill({ contentType: 'text/javascript', body: script });
        if (path.endsWith('.wasm') && existsSync(join(WASM_DIR, path))) return route.fulfill({ contentType: 'application/wasm', body: readFileSync(join(WASM_DIR, path)) });
        return route.fulfill({ status: 404, body: 'not found' });
      });
      await page.goto(`${ORIGIN}/index.html`);
      await page.waitForFunction(() => window.benchReady === true);
      const plan = PER_BACKEND[backend];
      const config: BenchConfig = {
        backend,
        wasmPrefix: `${ORIGIN}/`,
        steps: stepsArg ?? plan.steps,
        batchSize: 32,
        repeats: repeatsArg ?? plan.repeats,
        faultSteps: plan.faultSteps,
        probeEvery: 50,
      };
      if (backend === 'webgl') info.webglRenderer = await page.evaluate(() => {
        const gl = document.createElement('canvas').getContext('webgl2');
        const ext = gl?.getExtension('WEBGL_debug_renderer_info');
        return gl ? String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'no webgl2';
      });
      process.stdout.write(`${backend}: ${config.steps} steps × ${config.repeats} interleaved repeats … `);
      const started = Date.now();
      const result = await page.evaluate((c) => window.runBench!(c), config);
      console.log(`${((Date.now() - started) / 1000).toFixed(0)} s`);
      if (errors.length) console.warn(`  page errors: ${errors.join('; ')}`);
      rows.push(summarize(backend, config.steps, config.repeats, result));
      await page.close();
    }
  } finally {
    await browser.close();
  }

  const ms = (x: number) => x.toFixed(0);
  const table = [
    ['backend', 'steps', 'fit without (ms)', 'fit with (ms)', 'ratio (median)', 'ratio target', 'loss read per step only (ratio)', 'max frame gap without / with (ms)', 'between probes without / with (ms)', 'at probes (ms)', 'added gap target', 'fault findings'],
    ...rows.map((r) => [
      r.backend, String(r.steps), ms(r.withoutMs), ms(r.withMs), r.ratio.toFixed(3), r.ratio <= 1.05 ? '≤ 1.05 ✓' : '≤ 1.05 ✗', r.logsOnlyRatio.toFixed(3),
      `${ms(r.gapWithout)} / ${ms(r.gapWith)}`, `${ms(r.gapBetweenProbesWithout)} / ${ms(r.gapBetweenProbesWith)}`, ms(r.gapAtProbesWith),
      r.addedGapBetweenProbes <= 50 ? `+${ms(Math.max(0, r.addedGapBetweenProbes))} ≤ 50 ✓` : `+${ms(r.addedGapBetweenProbes)} ≤ 50 ✗`,
      r.faultCodes.join(', ') || '—',
    ]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  console.log('');
  for (const row of table) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));
  const codeSets = new Set(rows.map((r) => r.faultCodes.join(',')));
  const sameCodes = codeSets.size <= 1;
  console.log(`\nplanted fault (dead ReLUs): ${sameCodes ? 'the same findings on every backend' : 'findings DIFFER between backends'}`);

  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'browser.json');
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), ...info, batchSize: 32, probeEvery: 50, sameFaultCodes: sameCodes, rows }, null, 2));
  console.log(`wrote ${file}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exit(1);
});
