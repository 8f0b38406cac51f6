/**
 * Says out loud that tests were skipped. Written to stderr directly: jest drops the console output of a
 * test file whose tests were all skipped, so a `console.warn` there never reaches the terminal.
 */
export function announceSkip(message: string): void {
  process.stderr.write(`\n!!! SKIPPED: ${message} !!!\n\n`);
}
