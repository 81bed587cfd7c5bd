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
  messageId: 'note.tooLong' | 'contacts.form.notesTooLong';
  testId: string;
}) {
  const { t } = useFormat();
  return (
    <p id={id} className="error-text" role="alert" data-testid={testId}>
      {t(messageId, { count: length, max, over: length - max })}
    </p>
  );
}
