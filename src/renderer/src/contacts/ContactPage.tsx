import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { contactFormBase, type Contact } from '../../../shared/contacts.ts';
import { AppError } from '../../../shared/errors.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { shownPhoneLabel } from '../../../shared/phone-labels.ts';
import { formatHash, navigate } from '../app/route.ts';
import { ViewHeading } from '../app/view-heading.tsx';
import { CallDetails } from '../call-log/CallDetails.tsx';
import { CallLogGrid } from '../call-log/CallLogView.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { useHoiioMutation, useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import { ContactForm } from './ContactForm.tsx';
import { ContactRevisions } from './ContactRevisions.tsx';
import styles from './contacts.module.css';

/**
 * One contact (`#/contacts/<id>`): its name as the heading, each number with its own Call button,
 * company, notes, favourite, a warning when a number is also on another contact, and its call
 * history with totals (calls, minutes, cost); edit, and delete after a confirmation. A contact
 * deleted while shown (by a team-mate, in another window) stays on screen as last seen, marked
 * deleted, with Restore and Back; an open edit form stays too (saving it restores the contact).
 */
export function ContactPage({
  id,
  onCall,
  onDelete,
}: {
  id: string;
  onCall: (e164: string, contactId: string) => void;
  /** Deletes the contact (after the user confirmed) and leaves the page; throws the refusal. */
  onDelete: (contact: Contact) => Promise<void>;
}) {
  const { t } = useFormat();
  const contact = useHoiioQuery('contacts', 'get', { id });
  const deleted = contact.isError && contact.error instanceof AppError && contact.error.code === 'not_found';
  if (deleted && contact.data === undefined) {
    return (
      <section className="view" aria-labelledby="contact-heading">
        <ViewHeading id="contact-heading">
          <FormattedMessage id="contactPage.deletedTitle" />
        </ViewHeading>
        <DeletedNotice last={null} />
      </section>
    );
  }
  return (
    <section className="view" aria-labelledby="contact-heading">
      <p>
        <a href={formatHash('contacts')}>
          <FormattedMessage id="contactPage.back" />
        </a>
      </p>
      <QueryView query={contact} label={t('contactPage.loadingLabel')}>
        {(value) => <ContactDetails contact={value} deleted={deleted} onCall={onCall} onDelete={onDelete} />}
      </QueryView>
    </section>
  );
}

/**
 * "This contact has been deleted" with Restore (the contact as last seen here, written back
 * through the form's save, which restores a deleted contact) and Back to contacts. `last` null:
 * nothing is known of it here (a link to a contact deleted before it was opened): Back only.
 */
function DeletedNotice({ last }: { last: Contact | null }) {
  const { error: word } = useFormat();
  const queryClient = useQueryClient();
  const restore = useHoiioMutation('contacts', 'update', {
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['contacts'] }),
  });
  return (
    <div className="notice" role="alert" data-testid="contact-deleted">
      <p>
        <FormattedMessage id={last ? 'contactPage.deleted' : 'contactPage.deletedUnknown'} />
      </p>
      <div className="row">
        {last && (
          <button
            type="button"
            className="primary"
            aria-disabled={restore.isPending}
            onClick={() => {
              if (restore.isPending) return;
              const base = contactFormBase(last);
              restore.mutate({
                id: last.id,
                name: base.name,
                company: base.company,
                notes: base.notes,
                phones: base.phones.map((phone) => ({ label: phone.label, number: phone.original || phone.e164 })),
                base,
              });
            }}
          >
            <FormattedMessage id="contactPage.restore" />
          </button>
        )}
        <button type="button" onClick={() => navigate(formatHash('contacts'))}>
          <FormattedMessage id="contactPage.backToContacts" />
        </button>
      </div>
      {restore.error && <p className="error-text">{word(restore.error)}</p>}
    </div>
  );
}

function ContactDetails({
  contact,
  deleted,
  onCall,
  onDelete,
}: {
  contact: Contact;
  /** Deleted since it was shown: `contact` is as last seen here. */
  deleted: boolean;
  onCall: (e164: string, contactId: string) => void;
  onDelete: (contact: Contact) => Promise<void>;
}) {
  const { t, error: word, money } = useFormat();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [details, setDetails] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const shared = useHoiioQuery('contacts', 'sharedNumbers', { id: contact.id });
  const filter = useMemo(() => ({ search: '', contactId: contact.id }), [contact.id]);
  const totals = useHoiioQuery('callLog', 'totals', { contactId: contact.id, period: 'month' });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['contacts'] });
  const favourite = useHoiioMutation('contacts', 'toggleFavourite', {
    onSuccess: refresh,
    onError: (failure) => setProblem(word(failure)),
  });
  const overall = totals.data?.overall;
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  return (
    <>
      <div className={styles.pageHeader}>
        <ViewHeading id="contact-heading" focusRef={headingRef}>
          {contact.name}
        </ViewHeading>
        {!deleted && (
          <button
            type="button"
            className={styles.star}
            aria-pressed={contact.favourite}
            aria-label={t('contacts.favourite', { name: contact.name })}
            onClick={() => favourite.mutate({ id: contact.id })}
          >
            <FormattedMessage id={contact.favourite ? 'contacts.star.on' : 'contacts.star.off'} />
          </button>
        )}
      </div>
      {deleted && <DeletedNotice last={contact} />}
      {contact.company && <p className="muted">{contact.company}</p>}
      {problem && (
        <p role="alert" className="error-text">
          {problem}
        </p>
      )}
      <ul className={styles.phones} aria-label={t('contactPage.numbers')}>
        {contact.phones.map((phone) => {
          const shown = formatPhoneNumber(phone.e164);
          return (
            <li key={`${phone.e164};${phone.extension ?? ''}`} className={styles.phone}>
              <span className="muted">{shownPhoneLabel(phone.label, (messageId) => t(messageId)) || t('contacts.phoneLabel')}</span>
              <span>{shown}</span>
              {phone.extension && (
                <span className="muted">
                  <FormattedMessage id="contacts.extension" values={{ extension: phone.extension }} />
                </span>
              )}
              <button
                type="button"
                className="primary small"
                onClick={() =>
                  onCall(phone.extension ? `${phone.e164};ext=${phone.extension}` : phone.e164, contact.id)
                }
              >
                <FormattedMessage id="contactPage.call" values={{ number: shown }} />
              </button>
            </li>
          );
        })}
      </ul>
      {shared.data?.map((entry) => (
        <p key={entry.e164} className="notice notice-text" role="note" data-testid="shared-number">
          <FormattedMessage
            id="contactPage.sharedNumber"
            values={{
              number: formatPhoneNumber(entry.e164),
              names: entry.contacts.map((other, position) => (
                <span key={other.id}>
                  {position > 0 && t('common.listSeparator')}
                  <a href={formatHash('contacts', [other.id])}>{other.name}</a>
                </span>
              )),
            }}
          />
        </p>
      ))}
      {contact.notes && (
        <>
          <h2 className={styles.sectionTitle}>
            <FormattedMessage id="contactPage.notes" />
          </h2>
          <p className={styles.notes}>{contact.notes}</p>
        </>
      )}
      <div className="row" hidden={deleted}>
        <button type="button" onClick={() => setEditing(true)} aria-expanded={editing}>
          <FormattedMessage id="contacts.edit" />
        </button>
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          <FormattedMessage id="contacts.delete" />
        </button>
      </div>
      {editing && (
        <ContactForm
          initial={contact}
          onClose={(saved) => {
            setEditing(false);
            // Saved: focus goes to the heading, which names the contact as saved (Cancel returns it to Edit).
            if (saved) headingRef.current?.focus();
          }}
        />
      )}
      {!deleted && <ContactRevisions contact={contact} />}
      <ConfirmDialog
        open={confirming}
        label={t('contacts.deleteNamed', { name: contact.name })}
        question={t('contacts.deleteQuestion', { name: contact.name })}
        confirmLabel={t('contacts.delete')}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          setProblem(null);
          onDelete(contact).catch((failure: unknown) => setProblem(word(failure)));
        }}
      />
      <h2 className={styles.sectionTitle}>
        <FormattedMessage id="contactPage.history" />
      </h2>
      <p data-testid="contact-totals">
        {overall && overall.calls > 0 ? (
          <FormattedMessage
            id="contactPage.totals"
            values={{
              calls: overall.calls,
              // A plain number: the message's plural `#` formats it.
              minutes: overall.minutes,
              cost:
                overall.costs.length > 0
                  ? overall.costs.map((cost) => money(cost.amount, cost.currency)).join(t('common.listSeparator'))
                  : t('common.none'),
            }}
          />
        ) : null}
        <a className={styles.after} href={formatHash('calls', [], { contact: contact.id })}>
          <FormattedMessage id="contactPage.showInLog" />
        </a>
      </p>
      <CallLogGrid
        filter={filter}
        filtered
        empty={{ title: t('contactPage.noCalls'), hint: t('contactPage.noCallsHint', { name: contact.name }) }}
        label={t('contactPage.historyGrid', { name: contact.name })}
        onCall={(e164) => onCall(e164, contact.id)}
        onDetails={setDetails}
      />
      {details && (
        <CallDetails
          callId={details}
          onClose={() => setDetails(null)}
          onCall={(e164) => onCall(e164, contact.id)}
          onAddContact={() => undefined}
        />
      )}
    </>
  );
}
