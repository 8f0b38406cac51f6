/** Numbers in words: rounded, never claiming more (or less) than was measured. */

/** A measured number, rounded to 3 significant digits (5 from 100 up); exponents for the very large and small. */
export function fmt(x: number | string | undefined): string {
  if (typeof x === 'string') return x;
  if (x === undefined || Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return x.toExponential(2);
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(a >= 100 ? 5 : 3)));
}

/**
 * A share as a percentage with one decimal — except that a share below 1 never reads "100%" and one above
 * 0 never reads "0%": 0.99963 is 99.96%, 0.0004 is 0.04%.
 */
export function pct(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  let digits = 1;
  const shown = (d: number) => Math.round(x * 100 * 10 ** d) / 10 ** d;
  while (digits < 6 && ((x < 1 && shown(digits) >= 100) || (x > 0 && shown(digits) <= 0))) digits++;
  return `${shown(digits)}%`;
}

/** "1 step", "3 steps". */
export const plural = (n: number, word: string): string => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;
