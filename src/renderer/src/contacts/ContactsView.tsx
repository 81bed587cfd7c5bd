import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import type { Contact } from '../../../shared/contacts.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { ViewHeading } from '../app/view-heading.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { ShowMore } from '../components/ShowMore.tsx';
import { useHoiioMutation, useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import { ExportPanel, type ExportFormat } from '../io/ExportPanel.tsx';
import { usePagedSearch } from '../use-paged-search.ts';
import { ContactForm } from './ContactForm.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import styles from './contacts.module.css';

type Editing = { kind: 'new' } | { kind: 'edit'; contact: Contact } | null;
const EXPORT_FORMATS: readonly [ExportFormat, ExportFormat] = [
  { kind: 'contacts-vcard', label: 'contacts.export.vcard' },
  { kind: 'contacts-csv', label: 'contacts.export.csv' },
];
const TRANSFERS = [
  { id: 'import', label: 'contacts.import' },
  { id: 'export', label: 'contacts.exportButton' },
] as const;

/** Moves focus to a contact's row once it is on screen (after a delete, an undo, a save): checked after each render. */
function useFocusRow(): (id: string) => void {
  const target = useRef<string | null>(null);
  useEffect(() => {
    if (!target.current) return;
    const row = document.querySelector<HTMLElement>(`[data-contact-id="${CSS.escape(target.current)}"]`);
    if (row) {
      row.focus();
      target.current = null;
    }
  });
  return useCallback((id: string) => {
    target.current = id;
    document.querySelector<HTMLElement>(`[data-contact-id="${CSS.escape(id)}"]`)?.focus();
  }, []);
}

export function ContactsView({ onCall }: { onCall: (e164: string, contactId: string) => void }) {
  const { t, error: word } = useFormat();
  const queryClient = useQueryClient();
  const { search, setSearch, query, limit, showMore } = usePagedSearch();
  const page = useHoiioQuery('contacts', 'list', { search: query, limit }, { keepPrevious: true });
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<{ text: string; undo: boolean } | null>(null);
  const [transfer, setTransfer] = useState<(typeof TRANSFERS)[number]['id'] | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const focusRow = useFocusRow();
  const afterChange = () => queryClient.invalidateQueries({ queryKey: ['contacts'] });

  const remove = useHoiioMutation('contacts', 'delete', { onSettled: afterChange });
  const undo = useHoiioMutation('contacts', 'undoDelete', { onSettled: afterChange });
  const favourite = useHoiioMutation('contacts', 'toggleFavourite', {
    onSuccess: afterChange,
    onError: (failure) => setNotice({ text: word(failure), undo: false }),
  });

  const deleteContact = async (contact: Contact) => {
    // Where focus goes once the row is gone: the next row, else the previous one, else the search box.
    const items = page.data?.items ?? [];
    const index = items.findIndex((item) => item.id === contact.id);
    const next = items[index + 1] ?? items[index - 1];
    try {
      const result = await remove.mutateAsync({ ids: [contact.id] });
      setNotice({ text: t('contacts.deleted', { name: contact.name }), undo: result.undoable });
      if (next) focusRow(next.id);
      else searchRef.current?.focus();
    } catch (failure) {
      setNotice({ text: word(failure), undo: false });
    }
  };
  const undoDelete = async () => {
    try {
      const { restored } = await undo.mutateAsync(undefined);
      setNotice({
        text: t('contacts.restored', { names: restored.map((c) => c.name).join(', '), count: restored.length }),
        undo: false,
      });
      if (restored[0]) focusRow(restored[0].id);
    } catch (failure) {
      setNotice({ text: word(failure), undo: false });
    }
  };

  return (
    <section className="view" aria-labelledby="contacts-heading">
      <ViewHeading id="contacts-heading">
        <FormattedMessage id="contacts.title" />
      </ViewHeading>
      <div className="toolbar">
        <input
          ref={searchRef}
          type="search"
          aria-label={t('contacts.search')}
          placeholder={t('contacts.searchPlaceholder')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          maxLength={100}
        />
        <button type="button" className="primary" onClick={() => setEditing({ kind: 'new' })}>
          <FormattedMessage id="contacts.new" />
        </button>
        {TRANSFERS.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            onClick={() => setTransfer(id)}
            disabled={transfer !== null}
            aria-expanded={transfer === id}
          >
            <FormattedMessage id={label} />
          </button>
        ))}
      </div>
      {transfer === 'import' && <ImportPanel onClose={() => setTransfer(null)} />}
      {transfer === 'export' && <ContactsExport onClose={() => setTransfer(null)} />}
      {notice && (
        <div className="notice" role="status">
          <span id="contacts-notice-text">{notice.text}</span>
          {notice.undo && (
            <button type="button" onClick={() => void undoDelete()}>
              <FormattedMessage id="contacts.undo" />
            </button>
          )}
          <button type="button" aria-label={t('common.dismiss')} onClick={() => setNotice(null)}>
            <FormattedMessage id="common.dismissSymbol" />
          </button>
        </div>
      )}
      {editing && (
        <ContactForm
          key={editing.kind === 'edit' ? editing.contact.id : 'new'}
          initial={editing.kind === 'edit' ? editing.contact : undefined}
          onClose={(saved) => {
            setEditing(null);
            if (saved) {
              setNotice({ text: t('contacts.saved', { name: saved.name }), undo: false });
              focusRow(saved.id);
            }
          }}
        />
      )}
      <QueryView query={page} label={t('contacts.loadingLabel')}>
        {(value) =>
          value.total === 0 ? (
            query ? (
              <EmptyState title={t('contacts.noMatches')}>
                <FormattedMessage id="contacts.noMatchesHint" values={{ query }} />
              </EmptyState>
            ) : (
              <EmptyState title={t('contacts.empty')}>
                <FormattedMessage id="contacts.emptyHint" />
              </EmptyState>
            )
          ) : (
            <>
              <ul className={styles.list} aria-label={t('contacts.title')}>
                {value.items.map((contact) => (
                  <ContactRow
                    key={contact.id}
                    contact={contact}
                    onCall={onCall}
                    onEdit={() => setEditing({ kind: 'edit', contact })}
                    onDelete={() => void deleteContact(contact)}
                    onToggleFavourite={() => favourite.mutate({ id: contact.id })}
                  />
                ))}
              </ul>
              <ShowMore shown={value.items.length} total={value.total} onMore={showMore} />
            </>
          )
        }
      </QueryView>
    </section>
  );
}

function ContactsExport({ onClose }: { onClose: () => void }) {
  const { t } = useFormat();
  return (
    <ExportPanel
      title={t('contacts.export.title')}
      formats={EXPORT_FORMATS}
      fileBase="contacts"
      noun="contacts"
      run={(hoiio, { jobId, kind, path, overwrite }) =>
        hoiio.importExport.exportContacts({
          jobId,
          path,
          overwrite,
          format: kind === 'contacts-vcard' ? 'vcard' : 'csv',
        })
      }
      onClose={onClose}
    />
  );
}

function ContactRow({
  contact,
  onCall,
  onEdit,
  onDelete,
  onToggleFavourite,
}: {
  contact: Contact;
  onCall: (e164: string, contactId: string) => void;
  onEdit: () => void;
  onDelete: () => void;
  onToggleFavourite: () => void;
}) {
  const { t } = useFormat();
  const name = contact.name;
  return (
    <li className={styles.row} data-testid="contact-row" data-contact-id={contact.id} tabIndex={-1}>
      <button
        type="button"
        className={styles.star}
        aria-pressed={contact.favourite}
        aria-label={t('contacts.favourite', { name })}
        onClick={onToggleFavourite}
      >
        <FormattedMessage id={contact.favourite ? 'contacts.star.on' : 'contacts.star.off'} />
      </button>
      <div className={styles.main}>
        <div className={styles.title}>
          <strong>{name}</strong>
          {contact.company && <span className="muted">{contact.company}</span>}
        </div>
        <ul className={styles.phones}>
          {contact.phones.map((phone) => (
            <li key={`${phone.e164};${phone.extension ?? ''}`} className={styles.phone}>
              <span className="muted">{phone.label || t('contacts.phoneLabel')}</span>
              <span>{formatPhoneNumber(phone.e164)}</span>
              {phone.extension && (
                <span className="muted" data-testid="contact-phone-extension">
                  <FormattedMessage id="contacts.extension" values={{ extension: phone.extension }} />
                </span>
              )}
              <button
                type="button"
                className="primary small"
                // The extension travels in RFC 3966 form; the core keeps it on the call record.
                onClick={() =>
                  onCall(phone.extension ? `${phone.e164};ext=${phone.extension}` : phone.e164, contact.id)
                }
                aria-label={t('contacts.callAt', { name, number: formatPhoneNumber(phone.e164) })}
              >
                <FormattedMessage id="contacts.call" />
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div className="row">
        <button type="button" onClick={onEdit} aria-label={t('contacts.editNamed', { name })}>
          <FormattedMessage id="contacts.edit" />
        </button>
        <button type="button" className="danger" onClick={onDelete} aria-label={t('contacts.deleteNamed', { name })}>
          <FormattedMessage id="contacts.delete" />
        </button>
      </div>
    </li>
  );
}
