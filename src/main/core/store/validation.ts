import type { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';

/** Parses input with a contract schema; a mismatch becomes AppError('invalid_input') naming each field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || what}: ${issue.message}`);
  throw new AppError('invalid_input', `Invalid ${what}: ${problems.join('; ')}.`, { issues: problems });
}
