import * as os from 'node:os';
import * as path from 'node:path';
import * as z from 'zod/mini';
import { zodMessage } from '../zod-messages';
import { CifarDataError } from './errors';
import type { ProgressEvent } from './progress';

const recordCount = z.number().check(z.int(), z.nonnegative());
const isFunction = (v: unknown): boolean => typeof v === 'function';

export const recordLimitSchema = z.optional(z.union([recordCount, z.strictObject({ train: z.optional(recordCount), test: z.optional(recordCount) })]));

const optionsSchema = z.strictObject({
  source: z.optional(z.string().check(z.minLength(1))),
  cacheDir: z.optional(z.string().check(z.minLength(1))),
  limit: recordLimitSchema,
  normalize: z.optional(z.boolean()),
  checksum: z.optional(
    z.strictObject({
      md5: z.optional(z.string().check(z.regex(/^[0-9a-f]{32}$/i, 'must be 32 hex digits'))),
      sha256: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/i, 'must be 64 hex digits'))),
    }),
  ),
  onProgress: z.optional(z.custom<(event: ProgressEvent) => void>(isFunction, 'must be a function')),
  onNotice: z.optional(z.custom<(message: string) => void>(isFunction, 'must be a function')),
  fallbackToSubset: z.optional(z.boolean()),
  timeoutMs: z.optional(z.number().check(z.int(), z.positive())),
});

/** Options of {@link loadCifar10}. Every field is optional. */
export interface LoadCifar10Options {
  /**
   * Where the data comes from: an http(s) URL of `cifar-10-binary.tar.gz`, a local path to that
   * archive, or an extracted `cifar-10-batches-bin` folder. Default: `$CNN_DOCTOR_CIFAR10`, else
   * the official URL (checked against its published md5).
   */
  source?: string;
  /** Where downloads and extractions are kept. Default `$XDG_CACHE_HOME/cnn-doctor` or `~/.cache/cnn-doctor`. */
  cacheDir?: string;
  /** Keep only the first N records: a number applies to both splits, or give `{ train, test }`. */
  limit?: number | { train?: number; test?: number };
  /** `false` (default): raw pixel values 0–255 as float32. `true`: divided by 255, in [0, 1]. */
  normalize?: boolean;
  /** Expected digest of the archive (hex). Replaces the official md5; for local archives, checked only if given. */
  checksum?: { md5?: string; sha256?: string };
  /** Called while downloading / extracting / reading; see {@link createProgressBar}. */
  onProgress?: (event: ProgressEvent) => void;
  /** One-line notices (e.g. falling back to the bundled subset). Default `console.warn`. */
  onNotice?: (message: string) => void;
  /** If the source cannot be reached or found, use the subset shipped in the package. Default `true`. */
  fallbackToSubset?: boolean;
  /** Give up on a connection that connects or sends nothing for this long. Default 15 000 ms. */
  timeoutMs?: number;
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  source: string;
  cacheDir: string;
  trainLimit: number;
  testLimit: number;
  normalize: boolean;
  checksum: { md5?: string; sha256?: string };
  onProgress: (event: ProgressEvent) => void;
  onNotice: (message: string) => void;
  fallbackToSubset: boolean;
  timeoutMs: number;
}

/** Long enough for a slow link (it is an idle timeout, not a total), short enough that a dead host fails fast. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** Validates user options; any problem becomes a CifarDataError naming the offending option. */
export function parseOptions<S extends z.ZodMiniObject>(raw: unknown, schema: S, fnName: string): z.infer<S> {
  const result = schema.safeParse(raw ?? {}, { error: zodMessage });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? `option "${issue.path.join('.')}"` : 'options';
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.length > 0 ? `${issue.path.join('.')}.` : '';
      return `unknown option ${issue.keys.map((k) => `"${prefix}${k}"`).join(', ')}`;
    }
    return `${where}: ${issue.message}`;
  });
  throw new CifarDataError(
    'invalid_options',
    `${fnName}: invalid options — ${problems.join('; ')}.`,
    `Valid options of ${fnName}: ${Object.keys(schema.shape).join(', ')}. See docs/data.md.`,
  );
}

/**
 * Default cache folder: `$XDG_CACHE_HOME/cnn-doctor`, else `~/.cache/cnn-doctor` (the XDG convention).
 *
 * @example
 * ```ts
 * console.log(`CIFAR-10 is cached in ${defaultCacheDir()}`);
 * ```
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.trim() !== '' ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'cnn-doctor');
}

export function resolveOptions(raw: unknown, defaultSource: string): ResolvedOptions {
  const o = parseOptions(raw, optionsSchema, 'loadCifar10');
  const { trainLimit, testLimit } = resolveLimit(o.limit);
  return {
    source: o.source ?? defaultSource,
    cacheDir: path.resolve(o.cacheDir ?? defaultCacheDir()),
    trainLimit,
    testLimit,
    normalize: o.normalize ?? false,
    checksum: o.checksum ?? {},
    onProgress: o.onProgress ?? (() => undefined),
    onNotice: o.onNotice ?? ((message) => console.warn(message)),
    fallbackToSubset: o.fallbackToSubset ?? true,
    timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}

/** `limit` as two counts; `Infinity` means "all records". */
export function resolveLimit(limit: number | { train?: number; test?: number } | undefined): {
  trainLimit: number;
  testLimit: number;
} {
  const split = typeof limit === 'number' ? { train: limit, test: limit } : limit ?? {};
  return { trainLimit: split.train ?? Number.POSITIVE_INFINITY, testLimit: split.test ?? Number.POSITIVE_INFINITY };
}
