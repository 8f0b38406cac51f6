/**
 * The `cnn-doctor` command. Node-only. Every error is caught here and printed as one clear message:
 * the wasm runtime installs an uncaughtException handler that would otherwise dump its whole source.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommand, USAGE, UsageError } from './args';
import { runExample } from './example';
import { runReport } from './report';

function version(): string {
  try {
    for (const up of ['..', '../..']) {
      const pkg = JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8'));
      if (pkg.name === 'cnn-doctor') return pkg.version;
    }
  } catch {
    // fall through
  }
  return 'unknown';
}

export async function main(argv: string[], stdout: NodeJS.WriteStream = process.stdout): Promise<number> {
  const write = (s: string) => void stdout.write(s);
  try {
    const command = parseCommand(argv);
    switch (command.kind) {
      case 'help':
        write(`${USAGE}\n`);
        return 0;
      case 'version':
        write(`${version()}\n`);
        return 0;
      case 'example':
        await runExample(command.args, { write, tty: Boolean(stdout.isTTY), quiet: command.args.quiet });
        return 0;
      case 'report':
        await runReport(command.file, command.html, write);
        return 0;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`cnn-doctor: ${e.message}\nRun 'cnn-doctor --help' for usage.\n`);
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`cnn-doctor: ${message.startsWith('cnn-doctor: ') ? message.slice(12) : message}\n`);
    if (process.env.CNN_DOCTOR_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`cnn-doctor: ${String(e)}\n`);
      process.exit(1);
    },
  );
}
