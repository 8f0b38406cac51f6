/**
 * The `cnn-doctor` command end to end, in-process: usage errors, a tiny real `example` run on the bundled
 * CIFAR-10 subset (wasm backend) that writes JSON and HTML, and `report` reading that JSON back.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli';
import { parseCommand } from '../../src/cli/args';

const SUBSET = resolve(__dirname, '../../data/cifar-10-subset.tar.gz');

function capture() {
  let text = '';
  const stream = { write: (s: string) => ((text += s), true), isTTY: false } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

async function run(args: string[]) {
  const out = capture();
  const errors: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (errors.push(String(s)), true));
  try {
    const code = await main(args, out.stream);
    return { code, stdout: out.text(), stderr: errors.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe('usage', () => {
  it('prints help and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cnn-doctor example [options]');
    expect(r.stdout).toContain('--backend auto|tensorflow|wasm|cpu');
  });
  it.each([
    [['example', '--bogus'], "Unknown option '--bogus'"],
    [['example', '--model', 'big'], '--model expects one of seed|fixed|both, got "big"'],
    [['example', '--steps', '0'], '--steps expects a positive whole number, got "0"'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['report'], 'cnn-doctor report needs exactly one RUN.json file'],
    [['example', '--steps', '-5'], '--steps needs a value; negative numbers are not allowed here'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("Run 'cnn-doctor --help' for usage.");
  });
});

describe('--try-fixes', () => {
  it('is off unless asked for (npm run example asks for it), and only example takes it', async () => {
    expect(parseCommand(['example'])).toMatchObject({ kind: 'example', args: { tryFixes: false } });
    expect(parseCommand(['example', '--try-fixes'])).toMatchObject({ kind: 'example', args: { tryFixes: true } });
    expect((await run(['example', '--try-fixes=yes'])).code).toBe(2);
    expect((await run(['report', 'run.json', '--try-fixes'])).stderr).toContain('cnn-doctor report takes only --html, not --try-fixes');
    expect(JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')).scripts.example).toBe('tsx src/cli/index.ts example --try-fixes');
  });
});

describe('errors before any long work', () => {
  it('an output path that cannot be written fails before training (exit 1)', async () => {
    const r = await run(['example', '--data', SUBSET, '--json', '/nonexistent-folder/run.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot write /nonexistent-folder/run.json: its folder does not exist.');
    expect(r.stdout).not.toContain('data:'); // no backend set up, no data loaded
  });
  it('report on a missing file says so in words', async () => {
    const r = await run(['report', 'missing-run.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot read missing-run.json: no such file');
  });
});

describe('example and report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-doctor-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains both models, diagnoses the seed, and writes JSON and HTML', async () => {
    const json = join(dir, 'run.json');
    const html = join(dir, 'run.html');
    const r = await run(['example', '--data', SUBSET, '--limit', '128', '--steps', '4', '--batch', '32', '--backend', 'wasm', '--json', json, '--html', html]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // A 4-step run shows the risks, not yet the harm: warnings (the full example confirms them).
    expect(r.stdout).toContain('[checkup] WARN  bad_init (fc1)');
    expect(r.stdout).toMatch(/\[cnn-doctor\] WARN  bad_init \(fc1\) at step 0/);
    expect(r.stdout).toMatch(/━━ summary\nmodel +steps/);
    const { runs } = JSON.parse(readFileSync(json, 'utf8'));
    expect(runs.map((x: { model: string }) => x.model)).toEqual(['seed', 'fixed']);
    expect(runs[0].findings.map((f: { code: string }) => f.code)).toEqual(expect.arrayContaining(['bad_init', 'input_not_normalized']));
    expect(runs[1].findings.filter((f: { severity: string }) => f.severity !== 'info')).toEqual([]);
    expect(runs[0].record.steps.loss).toHaveLength(4);
    expect(readFileSync(html, 'utf8')).toContain('data-chart="loss"');
  });

  it('--seed makes the whole run repeat: shuffling and dropout too, not only the initial weights', async () => {
    const losses = async (seed: string, file: string) => {
      const r = await run(['example', '--data', SUBSET, '--model', 'fixed', '--limit', '128', '--steps', '4', '--batch', '32', '--backend', 'wasm', '--seed', seed, '--quiet', '--json', join(dir, file)]);
      expect(r.code).toBe(0);
      return JSON.parse(readFileSync(join(dir, file), 'utf8')).runs[0].record.steps.loss as number[];
    };
    const [a, b, c] = [await losses('3', 'a.json'), await losses('3', 'b.json'), await losses('4', 'c.json')];
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('report re-reads the saved run; a broken file is a clear error (exit 1)', async () => {
    const ok = await run(['report', join(dir, 'run.json')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/━━ seed\ncnn-doctor report for "seed" after 4 steps/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"something-else"}');
    const r = await run(['report', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cnn-doctor: .*not a cnn-doctor run log/);
    expect(existsSync(join(dir, 'never.html'))).toBe(false);
  });
});
