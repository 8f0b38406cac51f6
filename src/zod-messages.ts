/**
 * The English text of the zod issues our schemas can raise without a message of their own
 * ("Too small: expected number to be >=1", "Invalid input: expected boolean, received string", …).
 *
 * The schemas use `zod/mini`, which tree-shakes to what they use but ships no messages: the full
 * `zod` import set its English locale, and with it bundled every translation (~90 KB gzipped of a
 * ~140 KB core entry). This map keeps the wording users and their scripts saw then, word for word,
 * without any locale: pass it to each parse as `safeParse(value, { error: zodMessage })`.
 * A message given on the schema itself (`{ error: '…' }`) still wins over it.
 */
import type * as z from 'zod/mini';

/** Sized things say "to have >=1 items"; everything else "to be >=1". */
const UNITS: Record<string, string> = { string: 'characters', file: 'bytes', array: 'items', set: 'items', map: 'entries' };

/** zod's names for a value's type: "array", "null", "nan", a class name, or typeof. */
function typeOf(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'nan' : 'number';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object' && Object.getPrototypeOf(v) !== Object.prototype && 'constructor' in v && v.constructor) {
    return (v.constructor as { name: string }).name;
  }
  return typeof v;
}

function typeName(type: string, input?: unknown): string {
  if (type === 'number' && typeof input === 'number' && !Number.isFinite(input)) return String(input);
  return type === 'nan' ? 'NaN' : type;
}

function literal(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  return typeof v === 'string' ? `"${v}"` : `${v}`;
}

/** How zod names a given value's type in "received …" ("number", "NaN", "Infinity", "array", "null", a class name). */
export const receivedType = (input: unknown): string => typeName(typeOf(input), input);

/** A zod error map (`$ZodErrorMap`): the English message of one raw issue. */
export function zodMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `Invalid input: expected ${typeName(issue.expected)}, received ${receivedType(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `Invalid input: expected ${literal(issue.values[0])}`
        : `Invalid option: expected one of ${issue.values.map(literal).join('|')}`;
    case 'too_big':
    case 'too_small': {
      const small = issue.code === 'too_small';
      const bound = small ? issue.minimum : issue.maximum;
      const adj = issue.exact ? 'exactly ' : `${small ? '>' : '<'}${issue.inclusive ? '=' : ''}`;
      const unit = UNITS[issue.origin];
      const origin = issue.origin ?? 'value';
      return `${small ? 'Too small' : 'Too big'}: expected ${origin} ${unit ? `to have ${adj}${bound} ${unit}` : `to be ${adj}${bound}`}`;
    }
    case 'invalid_format':
      return issue.format === 'regex' ? `Invalid string: must match pattern ${issue.pattern}` : `Invalid ${issue.format}`;
    case 'not_multiple_of':
      return `Invalid number: must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map(literal).join(', ')}`;
    default:
      return 'Invalid input';
  }
}
