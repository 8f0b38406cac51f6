/**
 * The HTML report in a real headless Chromium: every chart renders (non-empty SVG), the chance line is
 * drawn, a fix expands on click, the copy button works, and the page makes no request and throws no
 * error. UPDATE_SCREENSHOT=1 refreshes docs/report-screenshot.png; otherwise the screenshot goes to a
 * temp dir. Skips (loudly, never fails) when Chromium is not installed.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { pathToFileURL } from 'url';
import { chromium, type Browser } from 'playwright-core';
import { renderHtml } from '../../src/reporters/html';
import { brokenRunLog, healthyRunLog } from './fixtures';
import { announceSkip } from '../helpers/skip';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CHARTS = ['loss', 'accuracy', 'dead-units', 'grad-norm', 'update-ratio'];

const available = existsSync(CHROMIUM);
if (!available) announceSkip(`chromium not found at ${CHROMIUM} — install with apt-get install -y chromium`);

(available ? describe : describe.skip)('HTML report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    const [seed, fixed] = [await brokenRunLog(), await healthyRunLog()];
    dir = mkdtempSync(join(tmpdir(), 'cnn-doctor-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml([seed, fixed], { title: 'cnn-doctor — seed model vs fixed', runLabels: ['seed (ReLU biases −5)', 'fixed (default init)'] }));
    url = pathToFileURL(file).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders every chart, the chance line and expandable fixes, offline and without errors', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']).catch(() => undefined); // file:// may refuse: the fallback selects the text
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('request', (r) => r.url() !== url && requests.push(r.url()));
    await page.goto(url);

    for (const chart of CHARTS) {
      const svgs = page.locator(`svg[data-chart="${chart}"]`);
      expect(await svgs.count()).toBe(2);
      for (const svg of await svgs.all()) {
        const box = (await svg.boundingBox())!;
        expect(box.width).toBeGreaterThan(200);
        expect(box.height).toBeGreaterThan(60);
        expect(await svg.locator('path.series, rect.cell').count()).toBeGreaterThan(0);
      }
    }
    const chance = page.locator('svg[data-chart="loss"] [data-role="chance-line"] line').first();
    expect((await chance.boundingBox())!.width).toBeGreaterThan(200);

    const finding = page.locator('[data-finding]').first();
    const details = finding.locator('details').first();
    const code = details.locator('pre code');
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await code.isVisible()).toBe(false);
    await details.locator('summary').click();
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await code.isVisible()).toBe(true);

    const copy = details.locator('button[data-copy]');
    expect(await copy.isVisible()).toBe(true); // the script ran and un-hid it
    await copy.click();
    await page.waitForFunction((button) => button!.textContent !== 'Copy', await copy.elementHandle(), { timeout: 5000 });
    const label = await copy.textContent();
    expect(['Copied', 'Press Ctrl+C']).toContain(label);
    if (label === 'Copied') expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await code.textContent());

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);

    await details.locator('summary').click(); // closed again, and the pointer moved off it, for a tidy screenshot
    await page.mouse.move(0, 0);
    const target = process.env.UPDATE_SCREENSHOT === '1' ? resolve(__dirname, '../../docs/report-screenshot.png') : join(dir, 'report-screenshot.png');
    await page.screenshot({ path: target, fullPage: true });
    expect(existsSync(target)).toBe(true);
    await context.close();
  });
});
