/**
 * The zod/mini pieces that checkup(), findLearningRate() and the data loaders' options share: a tensor
 * argument, and one zod issue worded as `{ path, message }`. `diagnose()`'s options do not use zod (see
 * ./options): a browser app that imports only `diagnose` bundles none of it.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as z from 'zod/mini';
import { describeValue } from './options';

const tensorLike = z.custom<tf.Tensor>((v) => v instanceof tf.Tensor, { message: 'expected a tf.Tensor' });
/** One tensor or a non-empty list of them (model inputs or labels). */
export const tensors = z.union([tensorLike, z.array(tensorLike).check(z.minLength(1))], { error: 'expected a tf.Tensor or a non-empty array of tf.Tensors' });

/** One zod issue as `{ path, message }`: the option's full path, what was expected, and what was given. */
export function describeIssue(issue: z.core.$ZodIssue): { path: string; message: string } {
  const path = issue.path.length ? issue.path.join('.') : '(options)';
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? `${path}.` : '';
    return { path: issue.keys.map((k) => where + k).join(', '), message: `unknown option${issue.keys.length > 1 ? 's' : ''}` };
  }
  return { path, message: `${issue.message}${'input' in issue ? `, got ${describeValue(issue.input)}` : ''}` };
}
