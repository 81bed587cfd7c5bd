import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import type { Contact, ContactPhone } from '../../../shared/contacts.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import type { TeamContactRevision } from '../../../shared/team.ts';
import { queryKey, useHoiioMutation, useHoiioQuery } from '../data/query.ts';
import { RevisionList } from '../components/RevisionList.tsx';
import { useFormat } from '../i18n/format.ts';
import styles from './contacts.module.css';

/**
 * The contact's team side on its page (issue 16), while a team is joined: "Private: only on this
 * desktop", or who changed it last and when. And, team or not, the earlier values that a
 * concurrent edit overwrote (another member's, or a contact form saved over a change that arrived
 * while it was open), each with Restore (an ordinary edit, synced to the team when shared).
 */
export function ContactRevisions({ contact }: { contact: Contact }) {
  const { t, error: word, dateTime } = useFormat();
  const queryClient = useQueryClient();
  const status = useHoiioQuery('team', 'getStatus');
  const joined = status.data !== undefined && status.data.state !== 'off';
  const info = useHoiioQuery('team', 'contactInfo', { id: contact.id });
  const [problem, setProblem] = useState<string | null>(null);
  const { refetch } = info;
  // A change pulled from the team (or made here) updates the contact, and a finished sync round
  // may have changed who wrote it last (a push here): read its team side again.
  const syncState = status.data?.state;
  useEffect(() => {
    void refetch();
  }, [contact.updatedAt, syncState, refetch]);
  const restore = useHoiioMutation('team', 'restoreRevision', {
    onSuccess: (next) => {
      setProblem(null);
      queryClient.setQueryData(queryKey('team', 'contactInfo', { id: contact.id }), next);
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
    },
    onError: (failure) => setProblem(word(failure)),
  });
  if (!info.data || (!joined && info.data.revisions.length === 0)) return null;
  const value = info.data;
  const describe = (revision: TeamContactRevision): string => {
    if (revision.field === 'phones' && Array.isArray(revision.value)) {
      const phones = revision.value as ContactPhone[];
      return phones.length === 0
        ? t('teamContact.noNumbers')
        : phones.map((phone) => formatPhoneNumber(phone.e164)).join(t('common.listSeparator'));
    }
    return typeof revision.value === 'string' && revision.value !== '' ? revision.value : t('teamContact.empty');
  };
  return (
    <section aria-label={t(joined ? 'teamContact.section' : 'teamContact.revisions')} data-testid="contact-team">
      {!joined ? null : value.private ? (
        <p className="muted">
          <FormattedMessage id="teamContact.private" />
        </p>
      ) : value.changedBy && value.changedAt ? (
        <p className="muted">
          <FormattedMessage
            id="teamContact.changedBy"
            values={{ member: value.changedBy, time: dateTime(value.changedAt) }}
          />
        </p>
      ) : null}
      <RevisionList
        title={t('teamContact.revisions')}
        headingClassName={styles.sectionTitle}
        busy={restore.isPending}
        problem={problem}
        items={value.revisions.map((revision) =>
          revision.field === 'deleted'
            ? {
                key: revision.id,
                text: (
                  <FormattedMessage
                    id="teamContact.deleteOverruled"
                    values={{
                      member: revision.valueBy ?? revision.replacedBy,
                      time: dateTime(revision.valueAt ?? revision.replacedAt),
                    }}
                  />
                ),
              }
            : {
                key: revision.id,
                text:
                  revision.replacedBy === '' ? (
                    <FormattedMessage
                      id="contactRevision.earlierValueHere"
                      values={{
                        field: t(`teamContact.field.${revision.field}`),
                        value: describe(revision),
                        time: dateTime(revision.replacedAt),
                      }}
                    />
                  ) : (
                  <FormattedMessage
                    id="teamContact.earlierValue"
                    values={{
                      field: t(`teamContact.field.${revision.field}`),
                      value: describe(revision),
                      member: revision.valueBy ?? t('teamContact.someone'),
                      replacedBy: revision.replacedBy,
                      time: dateTime(revision.replacedAt),
                    }}
                  />
                ),
                restore: {
                  label: t('teamContact.restore', {
                    field: t(`teamContact.field.${revision.field}`),
                    value: describe(revision),
                  }),
                  run: () => restore.mutate({ contactId: contact.id, revisionId: revision.id }),
                },
              },
        )}
      />
    </section>
  );
}

/**
 * The contact form's "Private" toggle (issue 16): keeps the contact on this desktop only, never
 * synced with the team. Applies at once; shown while a team is joined, for a saved contact.
 */
export function PrivateContactToggle({ contactId }: { contactId: string }) {
  const { error: word } = useFormat();
  const id = useId();
  const queryClient = useQueryClient();
  const status = useHoiioQuery('team', 'getStatus');
  const joined = status.data !== undefined && status.data.state !== 'off';
  const info = useHoiioQuery('team', 'contactInfo', { id: contactId }, { enabled: joined });
  // The box shows the user's choice at once (set in the same event as the click: the mutation's
  // own pending state arrives a tick later, and a controlled box would flick back meanwhile);
  // a refusal puts it back to what the core holds.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const change = useHoiioMutation('team', 'setContactPrivate', {
    onSuccess: (next) => queryClient.setQueryData(queryKey('team', 'contactInfo', { id: contactId }), next),
    onSettled: () => setChosen(null),
  });
  if (!joined || !info.data) return null;
  // Two cells of the form's grid: an empty label cell, then the checkbox with its hint.
  return (
    <>
      <span />
      <div>
        <label htmlFor={id}>
          <input
            id={id}
            type="checkbox"
            checked={chosen ?? info.data.private}
            disabled={change.isPending}
            aria-describedby={`${id}-hint`}
            onChange={(event) => {
              setChosen(event.target.checked);
              change.mutate({ id: contactId, private: event.target.checked });
            }}
          />
          <FormattedMessage id="teamContact.privateToggle" />
        </label>
        <p id={`${id}-hint`} className="muted">
          <FormattedMessage id="teamContact.privateHint" />
        </p>
        {change.error && (
          <p role="alert" className="error-text">
            {word(change.error)}
          </p>
        )}
      </div>
    </>
  );
}

/**
 * The new-contact form's "Private" box (issue 16), shown while a team is joined: the contact is
 * created already private (contacts.create `private`), so it never reaches the team.
 */
export function NewContactPrivateBox({
  checked,
  onChange,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  const status = useHoiioQuery('team', 'getStatus');
  const joined = status.data !== undefined && status.data.state !== 'off';
  if (!joined) return null;
  return (
    <>
      <span />
      <div>
        <label htmlFor={id}>
          <input
            id={id}
            type="checkbox"
            checked={checked}
            aria-describedby={`${id}-hint`}
            onChange={(event) => onChange(event.target.checked)}
          />
          <FormattedMessage id="teamContact.privateToggle" />
        </label>
        <p id={`${id}-hint`} className="muted">
          <FormattedMessage id="teamContact.privateHint" />
        </p>
      </div>
    </>
  );
}
