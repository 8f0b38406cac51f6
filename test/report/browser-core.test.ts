/**
 * The core entry in a real browser: examples/browser/main.ts is bundled for the browser with esbuild
 * (tfjs included, no Node built-ins allowed) and run in headless Chromium, where a real `fit` with the
 * doctor attached must raise the planted diagnosis. Skips loudly when Chromium is not installed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { announceSkip } from '../helpers/skip';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const EXAMPLE = resolve(__dirname, '../../examples/browser');

const available = existsSync(CHROMIUM);
if (!available) announceSkip(`chromium not found at ${CHROMIUM} — install with apt-get install -y chromium`);

(available ? it : it.skip)('bundles for the browser and diagnoses a real fit in Chromium', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-doctor-browser-'));
  try {
    await build({ entryPoints: [join(EXAMPLE, 'main.ts')], bundle: true, format: 'iife', platform: 'browser', outfile: join(dir, 'bundle.js'), logLevel: 'silent' });
    writeFileSync(join(dir, 'index.html'), readFileSync(join(EXAMPLE, 'index.html')));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(dir, 'index.html')).href);
      await page.waitForFunction(() => window.cnnDoctorResult !== undefined, undefined, { timeout: 60_000 });
      const result = await page.evaluate(() => window.cnnDoctorResult!);
      expect(errors).toEqual([]);
      expect(result.steps).toBe(8 * 16);
      expect(result.codes).toContain('dead_relu');
      expect(await page.locator('#findings li.error').count()).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
