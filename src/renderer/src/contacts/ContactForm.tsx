import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useReturnFocus } from '../components/use-return-focus.ts';
import { FormattedMessage } from 'react-intl';
import {
  CONTACT_LIMITS,
  contactFormBase,
  type Contact,
  type ContactPhone,
  type SharedNumbers,
} from '../../../shared/contacts.ts';
import { interpretDestination } from '../../../shared/destination.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { PHONE_LABELS, shownPhoneLabel, storedPhoneLabel } from '../../../shared/phone-labels.ts';
import { formatHash } from '../app/route.ts';
import { useLeaveGuard, type LeaveGuard } from '../app/leave-guard.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { useHoiioMutation, useHoiioQuery } from '../data/query.ts';
import { useDebounced } from '../use-debounced.ts';
import { useFormat } from '../i18n/format.ts';
import { useFieldErrors } from '../components/use-field-errors.tsx';
import { FieldError } from '../components/FieldError.tsx';
import { TextLimitCount, TextTooLong, useTextLimit, withTextLimit } from '../components/TextLimit.tsx';
import { cleanUserText } from '../../../shared/user-text.ts';
import { NewContactPrivateBox, PrivateContactToggle } from './ContactRevisions.tsx';

/** A phone row as edited: `label` is the text in the field (a known label in the UI language's word). */
type PhoneDraft = { label: string; number: string };

/**
 * A stored number as the form shows it: formatted as everywhere else in the app ("+65 8123 4567"),
 * with its extension in a form the number rule reads back ("+65 6123 4567 ext. 12").
 */
export function phoneText(phone: Pick<ContactPhone, 'e164' | 'extension'>): string {
  const shown = formatPhoneNumber(phone.e164);
  return phone.extension ? `${shown} ext. ${phone.extension}` : shown;
}

/**
 * Create or edit a contact; numbers are typed freely and normalised by main. A problem with one
 * field is shown next to it (the error's `fields`), anything else under the form. Escape or
 * Cancel closes it; `onClose(saved)` says what was saved, if anything, so focus can go to it.
 * An edit sends the contact as the form opened it (`base`): the core merges it with what is stored
 * now, so a change that arrived meanwhile to a field left alone here is kept. With unsaved
 * changes, Escape, Cancel and leaving the view ask first (Keep editing / Discard changes).
 */
export function ContactForm({
  initial,
  prefillNumber,
  onClose,
}: {
  initial?: Contact | undefined;
  /** A number for a new contact (Add to contacts, from the call log). */
  prefillNumber?: string | undefined;
  onClose: (saved: Contact | null) => void;
}) {
  const { t, error: word } = useFormat();
  const id = useId();
  const queryClient = useQueryClient();
  const [name, setName] = useState(initial?.name ?? '');
  const [company, setCompany] = useState(initial?.company ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  // A new contact kept on this desktop only (issue 16): sent with the create, never pushed.
  const [keepPrivate, setKeepPrivate] = useState(false);
  const [phones, setPhones] = useState<PhoneDraft[]>(
    initial?.phones.length
      ? initial.phones.map((p) => ({
          label: shownPhoneLabel(p.label, (messageId) => t(messageId)),
          number: phoneText(p),
        }))
      : [{ label: t('contacts.label.mobile'), number: prefillNumber ?? '' }],
  );
  // The contact as the form opened it (the props follow later changes; the fields do not).
  const [base] = useState(() => initial && contactFormBase(initial));
  const [opened] = useState(() => JSON.stringify({ name, company, notes, phones }));
  const changed = JSON.stringify({ name, company, notes, phones }) !== opened;
  // The row "Add another number" added: its number field takes focus when it appears.
  const [addedPhone, setAddedPhone] = useState<number | null>(null);
  const holders = useNumberHolders(phones, initial?.id);
  const returnFocus = useReturnFocus();
  const cancel = () => {
    onClose(null);
    returnFocus();
  };
  // Leaving with unsaved changes: what to do if the user discards them (null: not asking).
  const [leaving, setLeaving] = useState<{ proceed: () => void } | null>(null);
  const lastFocused = useRef<HTMLElement | null>(null);
  const discarded = useRef(false); // chosen: the change of view that follows is not asked again
  const holdLeave = useCallback<LeaveGuard>((proceed) => {
    if (discarded.current) return false;
    setLeaving({ proceed });
    return true;
  }, []);
  const askCancel = () => (changed ? setLeaving({ proceed: cancel }) : cancel());
  const onSuccess = (saved: Contact) => {
    void queryClient.invalidateQueries({ queryKey: ['contacts'] });
    onClose(saved);
  };
  const create = useHoiioMutation('contacts', 'create', { onSuccess });
  const update = useHoiioMutation('contacts', 'update', { onSuccess });
  const saving = create.isPending || update.isPending;
  useLeaveGuard(changed && !saving ? holdLeave : null);
  const failure = create.error ?? update.error;
  const { formRef, problems, reported, fieldProps, errorFor, markEdited } = useFieldErrors(failure);
  const general = failure && Object.keys(reported).length === 0 ? word(failure) : null;

  // Notes over the core's limit are refused beside the field, never cut (as a call note is).
  const notesRef = useRef<HTMLTextAreaElement>(null);
  // Counted as the contract checks it: after cleanUserText (invisible characters and end spaces go).
  const notesLength = cleanUserText(notes).length;
  const notesOver = notesLength > CONTACT_LIMITS.notes;
  // Every limited field is refused beside it when over its limit (counted as the core counts it), never cut.
  const nameLimit = useTextLimit({ id: `${id}-name`, length: cleanUserText(name).length, max: CONTACT_LIMITS.name });
  const companyLimit = useTextLimit({
    id: `${id}-company`,
    length: cleanUserText(company).length,
    max: CONTACT_LIMITS.company,
  });
  const phonesOver = phones.some(
    (phone) =>
      cleanUserText(phone.label).length > CONTACT_LIMITS.phoneLabel ||
      phone.number.trim().length > CONTACT_LIMITS.phoneText,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    if (notesOver) {
      notesRef.current?.focus();
      return;
    }
    if (nameLimit.over || companyLimit.over || phonesOver) {
      formRef.current?.querySelector<HTMLElement>('[aria-describedby*="-too-long"]')?.focus();
      return;
    }
    // Known labels are stored as their keyword ("mobile"), so they read right in every UI language.
    const entered = phones.filter((phone) => phone.number.trim() !== '');
    const fields = {
      name,
      company,
      notes,
      phones: entered.map((phone) => ({ ...phone, label: storedPhoneLabel(phone.label) })),
    };
    if (initial) update.mutate({ id: initial.id, ...fields, ...(base ? { base } : {}) });
    else create.mutate(keepPrivate ? { ...fields, private: true } : fields);
  };
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || leaving) return; // the dialog's own Escape keeps editing
    event.preventDefault();
    askCancel();
  };
  // The counter shows near the limit (from 90 %); the field points at it and at the refusal.
  const showNotesCount = notesLength >= CONTACT_LIMITS.notes * 0.9;
  const notesFieldProps = fieldProps('notes');
  const notesDescribedBy = [
    showNotesCount ? `${id}-notes-count` : null,
    notesOver ? `${id}-notes-too-long` : notesFieldProps['aria-describedby'],
  ].filter(Boolean);
  if (notesOver) notesFieldProps['aria-invalid'] = true;
  notesFieldProps['aria-describedby'] = notesDescribedBy.length > 0 ? notesDescribedBy.join(' ') : undefined;
  const setPhone = (index: number, change: Partial<PhoneDraft>) =>
    setPhones(phones.map((phone, i) => (i === index ? { ...phone, ...change } : phone)));

  return (
    <form
      ref={formRef}
      className="panel form-grid"
      onSubmit={submit}
      onKeyDown={closeOnEscape}
      onFocus={(event) => {
        if (!event.target.closest('dialog')) lastFocused.current = event.target;
      }}
      aria-label={t(initial ? 'contacts.form.editTitle' : 'contacts.form.newTitle')}
    >
      <label htmlFor={`${id}-name`}>
        <FormattedMessage id="contacts.form.name" />
      </label>
      <div>
        <input
          id={`${id}-name`}
          {...withTextLimit(fieldProps('name'), nameLimit)}
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoFocus
        />
        {nameLimit.notes}
        {errorFor('name')}
      </div>
      <label htmlFor={`${id}-company`}>
        <FormattedMessage id="contacts.form.company" />
      </label>
      <div>
        <input
          id={`${id}-company`}
          {...withTextLimit(fieldProps('company'), companyLimit)}
          value={company}
          onChange={(e) => setCompany(e.target.value)}
        />
        {companyLimit.notes}
        {errorFor('company')}
      </div>
      {phones.map((phone, index) => (
        <PhoneRow
          key={index}
          index={index}
          phone={phone}
          problem={problems[`phones.${index}.number`] ?? problems[`phones.${index}`]}
          heldBy={holders[index]}
          focusNumber={index === addedPhone}
          onChange={(change) => {
            if (change.number !== undefined) markEdited(`phones.${index}.number`);
            setPhone(index, change);
          }}
          onRemove={phones.length > 1 ? () => setPhones(phones.filter((_, i) => i !== index)) : undefined}
        />
      ))}
      <span />
      <div>
        <button
          type="button"
          onClick={() => {
            setAddedPhone(phones.length);
            setPhones([...phones, { label: t('contacts.label.work'), number: '' }]);
          }}
        >
          <FormattedMessage id="contacts.form.addNumber" />
        </button>
      </div>
      <label htmlFor={`${id}-notes`}>
        <FormattedMessage id="contacts.form.notes" />
      </label>
      <div>
        <textarea
          id={`${id}-notes`}
          ref={notesRef}
          {...notesFieldProps}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          rows={3}
        />
        {showNotesCount && <TextLimitCount id={`${id}-notes-count`} length={notesLength} max={CONTACT_LIMITS.notes} />}
        {notesOver ? (
          <TextTooLong
            id={`${id}-notes-too-long`}
            length={notesLength}
            max={CONTACT_LIMITS.notes}
            messageId="contacts.form.notesTooLong"
            testId="notes-too-long"
          />
        ) : (
          errorFor('notes')
        )}
      </div>
      {initial ? (
        <PrivateContactToggle contactId={initial.id} />
      ) : (
        <NewContactPrivateBox checked={keepPrivate} onChange={setKeepPrivate} />
      )}
      <span />
      <div className="row">
        <button type="submit" className="primary" aria-disabled={saving}>
          <FormattedMessage id={saving ? 'common.saving' : 'contacts.form.save'} />
        </button>
        <button type="button" onClick={askCancel}>
          <FormattedMessage id="common.cancel" />
        </button>
      </div>
      {general && (
        <>
          <span />
          <p className="error-text" role="alert">
            {general}
          </p>
        </>
      )}
      <ConfirmDialog
        open={leaving !== null}
        label={t('contacts.discard.label')}
        question={t('contacts.discard.question')}
        confirmLabel={t('contacts.discard.confirm')}
        cancelLabel={t('contacts.discard.keep')}
        onCancel={() => {
          setLeaving(null);
          // Back where the user was typing (not the link or button that asked to leave).
          requestAnimationFrame(() => lastFocused.current?.focus());
        }}
        onConfirm={() => {
          const chosen = leaving;
          setLeaving(null);
          discarded.current = true;
          chosen?.proceed();
        }}
      />
    </form>
  );
}

/**
 * For each phone row, the other contacts that already hold its number (read with the one number
 * rule in the default country), once typing has paused; empty for a row no one else holds.
 */
function useNumberHolders(phones: readonly PhoneDraft[], exceptId: string | undefined): SharedNumbers[number][] {
  const settings = useHoiioQuery('settings', 'get');
  const country = settings.data?.defaultCountry;
  const e164s = useDebounced(
    phones.map((phone) => {
      if (phone.number.trim() === '' || !country) return null;
      const read = interpretDestination(phone.number, country);
      return read.ok ? read.e164 : null;
    }),
    300,
  );
  const numbers = [...new Set(e164s.filter((e164): e164 is string => e164 !== null))].sort();
  const held = useHoiioQuery(
    'contacts',
    'numberHolders',
    { numbers, ...(exceptId ? { exceptId } : {}) },
    { enabled: numbers.length > 0, keepPrevious: true },
  );
  return e164s.map((e164) => held.data?.find((entry) => entry.e164 === e164) ?? { e164: e164 ?? '', contacts: [] });
}

function PhoneRow({
  index,
  phone,
  problem,
  heldBy,
  focusNumber,
  onChange,
  onRemove,
}: {
  index: number;
  phone: PhoneDraft;
  problem: string | undefined;
  /** Other contacts already holding this number (a warning: saving is still allowed). */
  heldBy: SharedNumbers[number] | undefined;
  /** The number field takes focus when the row appears (a row just added). */
  focusNumber: boolean;
  onChange: (change: Partial<PhoneDraft>) => void;
  onRemove: (() => void) | undefined;
}) {
  const { t } = useFormat();
  const id = useId();
  const n = index + 1;
  const labelLimit = useTextLimit({
    id: `${id}-label`,
    length: cleanUserText(phone.label).length,
    max: CONTACT_LIMITS.phoneLabel,
  });
  const numberLimit = useTextLimit({
    id: `${id}-number`,
    length: phone.number.trim().length,
    max: CONTACT_LIMITS.phoneText,
  });
  return (
    <>
      <label htmlFor={`${id}-number`}>
        <FormattedMessage id="contacts.form.phone" values={{ n }} />
      </label>
      <div>
        <div className="row">
          <input
            aria-label={t('contacts.form.phoneLabel', { n })}
            {...withTextLimit({}, labelLimit)}
            value={phone.label}
            onChange={(e) => onChange({ label: e.target.value })}
            className="narrow"
            list={`${id}-labels`}
          />
          <datalist id={`${id}-labels`}>
            {PHONE_LABELS.map((label) => (
              <option key={label.keyword} value={t(label.messageId)} />
            ))}
          </datalist>
          <input
            id={`${id}-number`}
            name={`phones.${index}.number`}
            type="tel"
            autoFocus={focusNumber}
            value={phone.number}
            onChange={(e) => onChange({ number: e.target.value })}
            placeholder={t('dialer.placeholder')}
            {...withTextLimit(
              {
                'aria-invalid': problem ? true : undefined,
                // The number's problem is shown (and described) only while the limit's refusal is not.
                'aria-describedby': problem && !numberLimit.over ? `${id}-error` : undefined,
              },
              numberLimit,
            )}
          />
          {onRemove && (
            <button type="button" onClick={onRemove} aria-label={t('contacts.form.removePhone', { n })}>
              <FormattedMessage id="contacts.form.remove" />
            </button>
          )}
        </div>
        {labelLimit.notes}
        {numberLimit.notes}
        {!numberLimit.over && <FieldError id={`${id}-error`} text={problem} />}
        {heldBy && heldBy.contacts.length > 0 && (
          <p className="notice notice-text small-text" role="note" data-testid="number-held">
            <FormattedMessage
              id="contacts.form.numberHeld"
              values={{
                number: formatPhoneNumber(heldBy.e164),
                count: heldBy.contacts.length,
                names: heldBy.contacts.map((other, position) => (
                  <span key={other.id}>
                    {position > 0 && t('common.listSeparator')}
                    <a href={formatHash('contacts', [other.id])}>{other.name}</a>
                  </span>
                )),
              }}
            />
          </p>
        )}
      </div>
    </>
  );
}
