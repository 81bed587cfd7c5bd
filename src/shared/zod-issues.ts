/**
 * Zod issues as catalogue field errors (CONVENTIONS.md "Errors across IPC"): each issue of a
 * refused request becomes `{ path, key, params }`, worded by the renderer next to the field whose
 * form name is `path.join('.')`. A schema names its own catalogue key by using it as the issue
 * message (`z.string().regex(E164_PATTERN, 'phone.notE164')`); any other issue is keyed by its
 * zod code and bounds (`field.tooLong` with `{ maximum }`).
 */
import type { z } from 'zod';
import { englishErrorMessage, isErrorKey } from './error-messages.ts';
import { AppError, type ErrorParams, type FieldError } from './errors.ts';

/** Every issue of `error` (raised parsing `input`) as a field error, in zod's order. */
export function fieldErrorsFromZod(error: z.ZodError, input: unknown): FieldError[] {
  return error.issues.map((issue) => fieldErrorFromIssue(issue, input));
}

function fieldErrorFromIssue(issue: z.core.$ZodIssue, input: unknown): FieldError {
  const path = issue.path.map(String);
  const ownKey = isErrorKey(issue.message) ? issue.message : undefined;
  const customParams = issue.code === 'custom' ? (issue.params as ErrorParams | undefined) : undefined;
  if (ownKey !== undefined) return withParams({ path, key: ownKey }, customParams);
  const [key, params] = keyForIssue(issue, valueAt(input, issue.path));
  return withParams({ path, key }, params);
}

/** The value at `path` inside `input` (undefined where the path leaves it): zod issues omit it. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const step of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, step)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[step];
  }
  return value;
}

function keyForIssue(issue: z.core.$ZodIssue, value: unknown): [string, ErrorParams | undefined] {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? ['field.required', undefined] : ['field.invalidType', { expected: issue.expected }];
    case 'too_small':
      return tooSmall(issue.origin, Number(issue.minimum));
    case 'too_big':
      return tooBig(issue.origin, Number(issue.maximum));
    case 'invalid_format':
      return [issue.format === 'url' ? 'field.notUrl' : 'field.invalidFormat', undefined];
    case 'invalid_value':
      return ['field.notAllowed', undefined];
    case 'unrecognized_keys':
      return ['field.unknownField', { field: issue.keys.join(', ') }];
    case 'not_multiple_of':
      return ['field.notInteger', undefined];
    default:
      return ['field.invalid', undefined];
  }
}

function tooSmall(origin: string, minimum: number): [string, ErrorParams] {
  if (origin === 'string') return minimum <= 1 ? ['field.required', {}] : ['field.tooShort', { minimum }];
  if (origin === 'array' || origin === 'set') return ['field.tooFew', { minimum }];
  return ['field.tooSmall', { minimum }];
}

function tooBig(origin: string, maximum: number): [string, ErrorParams] {
  if (origin === 'string') return ['field.tooLong', { maximum }];
  if (origin === 'array' || origin === 'set') return ['field.tooMany', { maximum }];
  return ['field.tooBig', { maximum }];
}

function withParams(field: FieldError, params: ErrorParams | undefined): FieldError {
  return params !== undefined && Object.keys(params).length > 0 ? { ...field, params } : field;
}

/**
 * The error for a request its contract schema refused: code `invalid_input`, key
 * `request.invalid`, one field error per issue, and as `message` the English sentence of the
 * first field's problem (for logs). The channel goes to `details`, never into the sentence.
 */
export function invalidRequestError(channel: string, error: z.ZodError, input: unknown): AppError {
  const fields = fieldErrorsFromZod(error, input);
  const first = fields[0];
  const message = first ? englishErrorMessage(first.key, first.params) : englishErrorMessage('request.invalid');
  return new AppError(
    'invalid_input',
    message,
    { channel, issues: error.issues.map(({ path, message: text }) => ({ path: path.map(String), message: text })) },
    { key: 'request.invalid', fields },
  );
}
