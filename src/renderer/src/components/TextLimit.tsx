import { useState, type ReactNode } from 'react';
import { useFormat } from '../i18n/format.ts';
import styles from './text-limit.module.css';

/**
 * "1,234 / 2,000 characters" under a free-text field with a limit (a call note, a contact's notes),
 * in the error colour once over it. `id`: for the field's aria-describedby. `length`: characters as
 * the store counts them. Such a field has no maxLength: a longer paste is not cut silently, it is
 * refused beside the field (TextTooLong) and not sent.
 */
export function TextLimitCount({ id, length, max }: { id: string; length: number; max: number }) {
  const { t, number } = useFormat();
  return (
    <span
      id={id}
      className={`${styles.count} ${length > max ? 'error-text' : 'muted'} small-text`}
      data-testid="text-count"
    >
      {t('note.count', { count: number(length), max: number(max) })}
    </span>
  );
}

/**
 * The refusal beside a field over its limit, in plain words: how long it is, the limit and how
 * much to shorten. `messageId`: the catalogue message, given `count`, `max` and `over`.
 */
export function TextTooLong({
  id,
  length,
  max,
  messageId,
  testId,
}: {
  id: string;
  length: number;
  max: number;
  messageId: 'note.tooLong' | 'contacts.form.notesTooLong' | 'text.tooLong';
  testId: string;
}) {
  const { t } = useFormat();
  return (
    <p id={id} className="error-text" role="alert" data-testid={testId}>
      {t(messageId, { count: length, max, over: length - max })}
    </p>
  );
}

/** What `useTextLimit` gives a field: whether it is over, its aria-describedby ids, and what to show under it. */
export interface TextLimitState {
  /** True when the text is longer than the limit: the form refuses to send it. */
  readonly over: boolean;
  /** The ids of the counter and the refusal when shown (space separated), for aria-describedby; else undefined. */
  readonly describedBy: string | undefined;
  /** The counter (near the limit) and the refusal (over it), to render under the field. */
  readonly notes: ReactNode;
}

/**
 * The limit of one text field, shown as a call note shows it: no maxLength on the field (a longer
 * paste is never cut silently); from `countFrom` characters (default 90 % of `max`) a counter
 * "190 / 200 characters"; over `max` the refusal "Too long: … Shorten it by …" (role alert), and
 * `over` for the form to refuse to send. `length`: characters as the contract counts them (after
 * the user-text rule for cleaned fields). `id`: the field's id; the notes use `<id>-count` and
 * `<id>-too-long`.
 */
export function useTextLimit({
  id,
  length,
  max,
  countFrom = Math.ceil(max * 0.9),
}: {
  id: string;
  length: number;
  max: number;
  countFrom?: number;
}): TextLimitState {
  const over = length > max;
  const near = length >= countFrom;
  const countId = `${id}-count`;
  const refusalId = `${id}-too-long`;
  const ids = [near ? countId : null, over ? refusalId : null].filter((value): value is string => value !== null);
  return {
    over,
    describedBy: ids.length > 0 ? ids.join(' ') : undefined,
    notes: (
      <>
        {near && <TextLimitCount id={countId} length={length} max={max} />}
        {over && <TextTooLong id={refusalId} length={length} max={max} messageId="text.tooLong" testId="text-too-long" />}
      </>
    ),
  };
}

/**
 * A field's aria props with its limit's notes joined in: invalid when over the limit or when the
 * field already is, described by the counter and the refusal as well as by what described it.
 */
export function withTextLimit<P extends { 'aria-invalid'?: boolean | undefined; 'aria-describedby'?: string | undefined }>(
  props: P,
  limit: TextLimitState,
): P {
  const describedBy = [limit.describedBy, props['aria-describedby']].filter(Boolean).join(' ');
  return {
    ...props,
    'aria-invalid': limit.over || props['aria-invalid'] ? true : undefined,
    'aria-describedby': describedBy === '' ? undefined : describedBy,
  };
}

/**
 * `value` while it is within its limit (`over` false), else the last value that was: a search box
 * over its limit keeps showing the results of the last query it could send, beside the refusal,
 * instead of searching a silently cut query.
 */
export function useLastWithinLimit<T>(value: T, over: boolean): T {
  const [kept, setKept] = useState(value);
  // Adjusting state while rendering (React's pattern for a value derived from the previous render).
  if (!over && kept !== value) setKept(value);
  return over ? kept : value;
}
