import { useEffect, useId, useMemo, useRef } from 'react';
import { useIntl } from 'react-intl';
import { AppError, type ErrorParams, type FieldError as FieldProblem } from '../../../shared/errors.ts';
import { fieldErrors } from '../i18n/format.ts';
import { FieldError } from './FieldError.tsx';

/**
 * The per-field problems of a form's last failed request (IpcError `fields`: `path` + `key`),
 * shown beside the input whose `name` is the path joined with dots (`server.host`,
 * `phones.0.number`). Gives the props that tie an input to its message (`aria-invalid`,
 * `aria-describedby`), the message element, and moves focus to the first invalid field of the
 * form (in document order) each time a new error arrives.
 */
export function useFieldErrors(error: unknown) {
  const intl = useIntl();
  const baseId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const problems = useMemo(() => (error ? fieldErrors(intl, error) : {}), [error, intl]);
  useEffect(() => {
    const names = Object.keys(problems);
    const form = formRef.current;
    if (!form || names.length === 0) return;
    const first = [...form.elements].find(
      (element): element is HTMLElement =>
        element instanceof HTMLElement && names.includes(element.getAttribute('name') ?? ''),
    );
    first?.focus();
  }, [problems]);
  const errorId = (name: string) => `${baseId}-${name.replace(/\W/g, '_')}-error`;
  return {
    formRef,
    problems,
    /** Props for the input named `name`: its name, and the link to its message when it has one. */
    fieldProps: (name: string) => ({
      name,
      'aria-invalid': problems[name] ? true : undefined,
      'aria-describedby': problems[name] ? errorId(name) : undefined,
    }),
    /** The message for field `name`, right under it; nothing when it has none. */
    errorFor: (name: string) => <FieldError id={errorId(name)} text={problems[name]} />,
  };
}

/**
 * A problem the form found itself before sending (e.g. a whole number typed as "12abc"), as the
 * same kind of error a refused request gives, so `useFieldErrors` shows it beside the field named
 * `path` (dots) and focuses it. `key`: an error catalogue key (`error.<key>`). `others`: the
 * form's other field problems found at the same time (e.g. by the shared schema the core checks
 * with), shown together, each beside its field.
 */
export function localFieldError(
  path: string,
  key: string,
  params: ErrorParams,
  others: readonly FieldProblem[] = [],
): AppError {
  return new AppError('invalid_input', key, undefined, {
    key,
    params,
    fields: [{ path: path.split('.'), key, params }, ...others],
  });
}
