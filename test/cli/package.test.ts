/**
 * The built package as a user gets it (`npm test` builds it first): both module formats load, the core
 * entry exports the public API, and the `cnn-doctor` bin runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const DIST = resolve(ROOT, 'dist');

beforeAll(() => {
  if (!existsSync(resolve(DIST, 'index.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
});

const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });

it('loads as CommonJS and as ESM with the public API', () => {
  const cjs = node(['-e', "const d = require('./dist/index.js'); console.log(Object.keys(d).sort().join(','))"]);
  const esm = node(['--input-type=module', '-e', "const d = await import('./dist/index.mjs'); console.log(Object.keys(d).sort().join(','))"]);
  expect(cjs.trim()).toBe(esm.trim());
  for (const name of ['diagnose', 'checkup', 'findLearningRate', 'Report', 'CnnDoctorError', 'FINDING_CODES', 'renderHtml', 'parseRunLog', 'showInTfvis']) {
    expect(cjs.split(',').map((s) => s.trim())).toContain(name);
  }
  const sub = node(['-e', "console.log(typeof require('./dist/data.js').loadCifar10, typeof require('./dist/backend.js').setupBackend)"]);
  expect(sub.trim()).toBe('function function');
});

it('runs the cnn-doctor bin', () => {
  const pkg = require(resolve(ROOT, 'package.json'));
  expect(node([resolve(ROOT, pkg.bin['cnn-doctor']), '--version']).trim()).toBe(pkg.version);
  expect(node([resolve(ROOT, pkg.bin['cnn-doctor']), '--help'])).toContain('cnn-doctor report RUN.json');
});

describe('the published package', () => {
  it('passes publint and arethetypeswrong (types resolve for require and import, subpaths under node10 too)', () => {
    const npx = (args: string[]) => execFileSync('npx', ['--no-install', ...args], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    expect(npx(['publint', '--strict'])).toContain('All good!');
    const dir = mkdtempSync(join(tmpdir(), 'cnn-doctor-pack-'));
    try {
      // dist/ is already built by `npm test`; --ignore-scripts skips prepack's second build.
      const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
      const [{ filename, files }] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
      expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.mjs', 'dist/index.d.ts', 'dist/index.d.mts', 'dist/cli.js']));
      expect(npx(['attw', join(dir, filename)])).toContain('No problems found');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
