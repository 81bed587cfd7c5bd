import { createContext, useContext, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import { AppError, type ErrorParams, type FieldError as FieldProblem } from '../../../shared/errors.ts';
import { fieldErrors } from '../i18n/format.ts';
import { FieldError } from './FieldError.tsx';

/**
 * The per-field problems of a form's last failed request (IpcError `fields`: `path` + `key`),
 * shown beside the input whose `name` is the path joined with dots (`server.host`,
 * `phones.0.number`). Gives the props that tie an input to its message (`aria-invalid`,
 * `aria-describedby`), the message element, and moves focus to the first invalid field of the
 * form (in document order) each time a new error arrives. A field's problem goes away as soon as
 * its value changes (its `onInput`, or `markEdited` for a field drawn without `fieldProps`): the message was about the old value, and the field
 * is checked again on the next submit.
 */
export function useFieldErrors(error: unknown) {
  const intl = useIntl();
  const baseId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const reported = useMemo(() => (error ? fieldErrors(intl, error) : {}), [error, intl]);
  // Fields edited since this error arrived; a new error (the next submit) starts again from none.
  const [edited, setEdited] = useState<{ readonly of: unknown; readonly names: ReadonlySet<string> }>({
    of: reported,
    names: new Set(),
  });
  const editedNames = edited.of === reported ? edited.names : null;
  const problems = useMemo(
    () =>
      editedNames ? Object.fromEntries(Object.entries(reported).filter(([name]) => !editedNames.has(name))) : reported,
    [reported, editedNames],
  );
  /** Marks field `name` as edited since the error: its problem (and its parent path's, `phones.0`) is no longer shown. */
  const markEdited = (name: string) => {
    const touched = Object.keys(reported).filter((path) => path === name || name.startsWith(`${path}.`));
    if (touched.length === 0) return;
    setEdited((current) => {
      const before = current.of === reported ? current.names : new Set<string>();
      if (touched.every((path) => before.has(path))) return current;
      return { of: reported, names: new Set([...before, ...touched]) };
    });
  };
  useEffect(() => {
    const names = Object.keys(reported);
    const form = formRef.current;
    if (!form || names.length === 0) return;
    const first = [...form.elements].find(
      (element): element is HTMLElement =>
        element instanceof HTMLElement && names.includes(element.getAttribute('name') ?? ''),
    );
    first?.focus();
  }, [reported]);
  const errorId = (name: string) => `${baseId}-${name.replace(/\W/g, '_')}-error`;
  return {
    formRef,
    /** The problems still shown (those of fields not edited since). */
    problems,
    /** Every field problem of the error as it arrived, edited or not. */
    reported,
    markEdited,
    /**
     * Props for the input named `name`: its name, the link to its message when it has one, and
     * `onInput`, which clears that message once the value changes.
     */
    fieldProps: (name: string) => ({
      name,
      'aria-invalid': problems[name] ? true : undefined,
      'aria-describedby': problems[name] ? errorId(name) : undefined,
      onInput: () => markEdited(name),
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

/** What a field drawn by a child component needs from its form's `useFieldErrors`. */
export type FormFieldErrors = Pick<ReturnType<typeof useFieldErrors>, 'fieldProps' | 'errorFor' | 'markEdited'>;

const NO_FIELD_ERRORS: FormFieldErrors = {
  fieldProps: (name: string) => ({
    name,
    'aria-invalid': undefined,
    'aria-describedby': undefined,
    onInput: () => undefined,
  }),
  errorFor: () => <></>,
  markEdited: () => undefined,
};
const FormFieldErrorsContext = createContext<FormFieldErrors>(NO_FIELD_ERRORS);

/**
 * Hands a form's field errors to fields drawn by shared components (the file chooser, an import's
 * country): a form frame such as IoPanel provides it around its children.
 */
export const FormFieldErrorsProvider = FormFieldErrorsContext.Provider;

/** The field errors of the form this component is drawn in (none outside a provider). */
export function useFormFieldErrors(): FormFieldErrors {
  return useContext(FormFieldErrorsContext);
}

/** Joins describedby ids, dropping empty ones; undefined when none is left. */
export function describedBy(...ids: readonly (string | undefined | null | false)[]): string | undefined {
  const kept = ids.filter((value): value is string => typeof value === 'string' && value !== '');
  return kept.length > 0 ? kept.join(' ') : undefined;
}
