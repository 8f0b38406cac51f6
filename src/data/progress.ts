/** What the loader is doing; `bytes`/`totalBytes` count compressed bytes for downloads. */
export interface ProgressEvent {
  phase: 'download' | 'verify' | 'extract' | 'read';
  /** URL or file the phase works on. */
  target: string;
  bytes: number;
  /** Unknown when the server sends no Content-Length. */
  totalBytes?: number;
  /** True on the last event of a phase. */
  done: boolean;
}

export interface ProgressBarOptions {
  /** Where to draw. Default `process.stderr`; nothing is drawn unless it is a TTY. */
  stream?: NodeJS.WriteStream;
  /** Width of the bar in characters. Default 30. */
  width?: number;
}

/**
 * A text progress bar for {@link loadCifar10}'s `onProgress`, redrawn in place on stderr. It draws
 * only on a terminal (so logs and CI output stay clean) and at most ~10 times a second.
 *
 * @example
 * ```ts
 * const data = await loadCifar10({ onProgress: createProgressBar() });
 * ```
 */
export function createProgressBar(options: ProgressBarOptions = {}): (event: ProgressEvent) => void {
  const stream = options.stream ?? process.stderr;
  const width = options.width ?? 30;
  if (!stream.isTTY) return () => undefined;
  let lastDraw = 0;
  return (event) => {
    const now = Date.now();
    if (!event.done && now - lastDraw < 100) return;
    lastDraw = now;
    stream.write(`\r${formatProgressLine(event, width)}\x1b[K${event.done ? '\n' : ''}`);
  };
}

/**
 * One line such as `download [#######-------]  48%  79.1/163.0 MB`, for custom progress UIs.
 *
 * @example
 * ```ts
 * await loadCifar10({ onProgress: (e) => e.done && logger.info(formatProgressLine(e)) });
 * ```
 */
export function formatProgressLine(event: ProgressEvent, width = 30): string {
  const label = event.phase.padEnd(8);
  const megabytes = (n: number): string => (n / 1e6).toFixed(1);
  if (event.totalBytes === undefined || event.totalBytes <= 0) {
    return `${label} ${megabytes(event.bytes)} MB`;
  }
  const fraction = Math.min(1, event.bytes / event.totalBytes);
  const filled = Math.round(fraction * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `${label} [${bar}] ${percent}  ${megabytes(event.bytes)}/${megabytes(event.totalBytes)} MB`;
}
