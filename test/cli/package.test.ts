/**
 * The built package as a user gets it (`npm test` builds it first): both module formats load, the core
 * entry exports the public API, and the `cnn-doctor` bin runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

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
