/**
 * cnn-doctor's wasm training kernels in a real browser: test/report/browser-wasm-page.ts is bundled for
 * the browser with esbuild (tfjs, tfjs-backend-wasm and the public `cnn-doctor/backend` entry; no Node
 * built-ins allowed) and run in headless Chromium, the .wasm binaries served from
 * node_modules/@tensorflow/tfjs-backend-wasm/dist through a made-up origin (page.route, no server). Stock
 * tfjs-backend-wasm must fail to train the tiny conv net; with registerWasmTrainingKernels() it trains 12
 * Adam steps with the doctor attached, its weights match the same training on cpu, and no tensor leaks.
 * Skips loudly when Chromium is not installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { announceSkip } from '../helpers/skip';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ORIGIN = 'http://cnn-doctor.test';
const WASM_DIR = resolve(__dirname, '../../node_modules/@tensorflow/tfjs-backend-wasm/dist');

const available = existsSync(CHROMIUM);
if (!available) announceSkip(`chromium not found at ${CHROMIUM} — install with apt-get install -y chromium`);

(available ? it : it.skip)('registers the wasm training kernels in the browser and trains a conv net on wasm as on cpu', async () => {
  const bundled = await build({ entryPoints: [join(__dirname, 'browser-wasm-page.ts')], bundle: true, format: 'iife', platform: 'browser', write: false, logLevel: 'silent' });
  const script = bundled.outputFiles![0].text;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    const served: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname.slice(1);
      served.push(path);
      if (path === 'index.html') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><script src="bundle.js"></script>' });
      if (path === 'bundle.js') return route.fulfill({ contentType: 'text/javascript', body: script });
      if (path.endsWith('.wasm') && existsSync(join(WASM_DIR, path))) return route.fulfill({ contentType: 'application/wasm', body: readFileSync(join(WASM_DIR, path)) });
      return route.fulfill({ status: 404, body: 'not found' });
    });
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForFunction(() => typeof window.runWasmTraining === 'function');
    const r = await page.evaluate((prefix) => window.runWasmTraining!(prefix), `${ORIGIN}/`);
    expect(errors).toEqual([]);
    expect(served.some((p) => p.endsWith('.wasm'))).toBe(true);
    expect(r.backend).toBe('wasm');
    expect(r.simd).toBe(true);
    expect(r.stockError).toMatch(/Conv2DBackpropFilter/);
    expect(r.kernels).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad']));
    expect(r.wasmLosses).toHaveLength(12);
    expect(r.wasmLosses.every(Number.isFinite)).toBe(true);
    expect(r.wasmLosses[11]).toBeLessThan(r.wasmLosses[0]);
    // Same initial weights, same batch, 12 Adam steps: wasm (XNNPACK) and cpu round differently, no more.
    expect(r.maxRelativeError).toBeLessThan(1e-4);
    expect(r.tensorsLeaked).toBe(0);
    expect(r.probes).toBeGreaterThan(0);
  } finally {
    await browser.close();
  }
}, 60_000);
