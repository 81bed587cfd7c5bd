import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { CONTACT_LIMITS, type ContactAnchor, type ContactListEntry } from '../../../shared/contacts.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { formatHash, navigate, parseHash, replaceParams } from '../app/route.ts';
import { ViewHeading } from '../app/view-heading.tsx';
import { useBridge } from '../bridge-context.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ListStates } from '../components/ListStates.tsx';
import { useKeysetList } from '../components/use-keyset-list.ts';
import { useMediaQuery } from '../components/use-media-query.ts';
import { gridRowClass, VirtualGrid, type GridEntry } from '../components/VirtualGrid.tsx';
import { useHoiioMutation } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import { ExportPanel, type ExportFormat } from '../io/ExportPanel.tsx';
import { useDebounced } from '../use-debounced.ts';
import { ContactForm } from './ContactForm.tsx';
import { StatusNotice, useStatusNotice, type StatusNoticeText } from '../components/StatusNotice.tsx';
import { useLastWithinLimit, useTextLimit, withTextLimit } from '../components/TextLimit.tsx';
import { ContactPage } from './ContactPage.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import styles from './contacts.module.css';

type Editing = { kind: 'new'; number?: string } | null;
const EXPORT_FORMATS: readonly [ExportFormat, ExportFormat] = [
  { kind: 'contacts-vcard', label: 'contacts.export.vcard' },
  { kind: 'contacts-csv', label: 'contacts.export.csv' },
];
const TRANSFERS = [
  { id: 'import', label: 'contacts.import' },
  { id: 'export', label: 'contacts.exportButton' },
] as const;
const ROW_HEIGHT = 52;
/** The number under the name in a narrow window (the @media block in contacts.module.css). */
const NARROW_CONTACTS = '(max-width: 820px)';
const NARROW_ROW_HEIGHT = 60;
const PAGE_SIZE = 100;

type ContactEntry = GridEntry & { contact: ContactListEntry };

/**
 * Contacts: a virtual grid over every contact (keyset pages, favourites first), searched as you
 * type; or, with `contactId` (`#/contacts/<id>`), that contact's page. `#/contacts?add=<E.164>`
 * opens the new-contact form with that number (Add to contacts, from the call log).
 */
export function ContactsView({
  onCall,
  contactId = null,
}: {
  onCall: (e164: string, contactId: string) => void;
  contactId?: string | null;
}) {
  // Held here, above the list and a contact's page: a delete from the page lands on the list with its Undo.
  const deletion = useContactDeletion();
  // Opening a contact's page starts another task: the list's last outcome (and its Undo) is not kept for later.
  const { clear } = deletion;
  useEffect(() => {
    if (contactId) clear();
  }, [contactId, clear]);
  if (contactId)
    return (
      <ContactPage
        key={contactId}
        id={contactId}
        onCall={onCall}
        onDelete={async (contact) => {
          await deletion.remove(contact);
          deletion.focusUndoNext();
          navigate(formatHash('contacts'));
        }}
      />
    );
  return <ContactList onCall={onCall} deletion={deletion} />;
}

type ContactDeletion = ReturnType<typeof useContactDeletion>;

/**
 * The contacts' one status line and their delete, shared by the list and a contact's page, so a
 * delete from either says "Deleted Ada." with the same Undo on the list. `remove` deletes one
 * contact and shows the outcome; it throws the refusal (each caller shows it where the user is).
 * `focusUndoNext` asks the list to put focus on Undo when it next shows (after a delete from a
 * contact's page, where the row the user was on is gone).
 */
function useContactDeletion() {
  const { t } = useFormat();
  const queryClient = useQueryClient();
  const status = useStatusNotice<StatusNoticeText & { undo: boolean }>();
  const { show } = status;
  const [undoFocusWanted, setUndoFocusWanted] = useState(false);
  const removeMutation = useHoiioMutation('contacts', 'delete', {
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['contacts'] }),
  });
  const { mutateAsync } = removeMutation;
  const remove = useCallback(
    async (contact: Pick<ContactListEntry, 'id' | 'name'>) => {
      const result = await mutateAsync({ ids: [contact.id] });
      show({ text: t('contacts.deleted', { name: contact.name }), undo: result.undoable, kind: 'ok' });
    },
    [mutateAsync, show, t],
  );
  return {
    ...status,
    remove,
    undoFocusWanted,
    focusUndoNext: () => setUndoFocusWanted(true),
    undoFocused: () => setUndoFocusWanted(false),
  };
}

function ContactList({
  onCall,
  deletion,
}: {
  onCall: (e164: string, contactId: string) => void;
  deletion: ContactDeletion;
}) {
  const { t, error: word } = useFormat();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const searchLimit = useTextLimit({ id: 'contacts-search', length: search.length, max: CONTACT_LIMITS.search });
  const query = useDebounced(useLastWithinLimit(search.trim(), searchLimit.over));
  const [editing, setEditing] = useState<Editing>(() => {
    const add = parseHash().params.get('add');
    return add ? { kind: 'new', number: add } : null;
  });
  // One status line: the last action's outcome, cleared when another task starts (a form, an import, an export).
  const { notice, show: setNotice, clear: clearNotice, undoFocusWanted, undoFocused } = deletion;
  const undoRef = useRef<HTMLButtonElement>(null);
  // After a delete from a contact's page: focus on Undo (after the view heading took it on arrival).
  useEffect(() => {
    if (!undoFocusWanted) return;
    undoFocused();
    undoRef.current?.focus();
  }, [undoFocusWanted, undoFocused]);
  const [transfer, setTransfer] = useState<(typeof TRANSFERS)[number]['id'] | null>(null);
  const [deleting, setDeleting] = useState<{ contact: ContactListEntry; next: string | null } | null>(null);
  const [focusRequest, setFocusRequest] = useState<{ key: string } | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const afterChange = () => queryClient.invalidateQueries({ queryKey: ['contacts'] });
  const undo = useHoiioMutation('contacts', 'undoDelete', { onSettled: afterChange });
  const favourite = useHoiioMutation('contacts', 'toggleFavourite', {
    onSuccess: afterChange,
    onError: (failure) => setNotice({ text: word(failure), undo: false, kind: 'error' }),
  });

  // After a delete focus goes to the next row (else the previous one, else the search box).
  const deleteContact = async (contact: ContactListEntry, next: string | null) => {
    try {
      await deletion.remove(contact);
      if (next) setFocusRequest({ key: next });
      else searchRef.current?.focus();
    } catch (failure) {
      setNotice({ text: word(failure), undo: false, kind: 'error' });
    }
  };
  const undoDelete = async () => {
    try {
      const { restored } = await undo.mutateAsync(undefined);
      setNotice({
        text: t('contacts.restored', { names: restored.map((c) => c.name).join(', '), count: restored.length }),
        undo: false,
        kind: 'ok',
      });
      if (restored[0]) setFocusRequest({ key: restored[0].id });
    } catch (failure) {
      setNotice({ text: word(failure), undo: false, kind: 'error' });
    }
  };

  return (
    <section className="view list-view" aria-labelledby="contacts-heading">
      <ViewHeading id="contacts-heading">
        <FormattedMessage id="contacts.title" />
      </ViewHeading>
      <div className="toolbar">
        <input
          ref={searchRef}
          id="contacts-search"
          type="search"
          aria-label={t('contacts.search')}
          placeholder={t('contacts.searchPlaceholder')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          {...withTextLimit({}, searchLimit)}
        />
        <button ref={addRef} type="button" className="primary" onClick={() => {
            clearNotice();
            setEditing({ kind: 'new' });
          }}
        >
          <FormattedMessage id="contacts.new" />
        </button>
        {TRANSFERS.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            onClick={() => {
              clearNotice();
              setTransfer(id);
            }}
            disabled={transfer !== null}
            aria-expanded={transfer === id}
          >
            <FormattedMessage id={label} />
          </button>
        ))}
      </div>
      {searchLimit.notes}
      {transfer === 'import' && <ImportPanel onClose={() => setTransfer(null)} />}
      {transfer === 'export' && <ContactsExport onClose={() => setTransfer(null)} />}
      <StatusNotice notice={notice} onDismiss={clearNotice} textId="contacts-notice-text">
        {notice?.undo && (
          <button ref={undoRef} type="button" aria-describedby="contacts-notice-text" onClick={() => void undoDelete()}>
            <FormattedMessage id="contacts.undo" />
          </button>
        )}
      </StatusNotice>
      {editing && (
        <ContactForm
          key="new"
          prefillNumber={editing.number}
          onClose={(saved) => {
            setEditing(null);
            // Opened by "Add to contacts" (#/contacts?add=…): the entry becomes the plain list, so
            // Back then Forward, or a reload, does not bring the filled form back.
            if (parseHash().params.has('add')) replaceParams('contacts', {});
            if (saved) {
              setNotice({ text: t('contacts.saved', { name: saved.name }), undo: false, kind: 'ok' });
              // Add contact holds focus (not the body, as the form goes) until the new row is drawn and takes it;
              // a row outside the pages read (far down a long list) leaves it there.
              addRef.current?.focus();
              setFocusRequest({ key: saved.id });
            }
          }}
        />
      )}
      <ContactGrid
        search={query}
        onCall={onCall}
        onDelete={(contact, next) => setDeleting({ contact, next })}
        onToggleFavourite={(id) => favourite.mutate({ id })}
        focusRequest={focusRequest}
      />
      <ConfirmDialog
        open={deleting !== null}
        label={t('contacts.deleteNamed', { name: deleting?.contact.name ?? '' })}
        question={t('contacts.deleteQuestion', { name: deleting?.contact.name ?? '' })}
        confirmLabel={t('contacts.delete')}
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const chosen = deleting;
          setDeleting(null);
          if (chosen) void deleteContact(chosen.contact, chosen.next);
        }}
      />
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

function ContactGrid({
  search,
  onCall,
  onDelete,
  onToggleFavourite,
  focusRequest,
}: {
  search: string;
  onCall: (e164: string, contactId: string) => void;
  /** `next`: the row to focus once this one is gone. */
  onDelete: (contact: ContactListEntry, next: string | null) => void;
  onToggleFavourite: (id: string) => void;
  focusRequest: { key: string } | null;
}) {
  const { t, number } = useFormat();
  const hoiio = useBridge();
  const list = useKeysetList<ContactListEntry, ContactAnchor>({
    key: ['contacts', 'page', { search }],
    first: { kind: 'first' },
    last: { kind: 'last' },
    fetchPage: async (anchor, withTotal) => {
      const page = await hoiio.contacts.page({ search, anchor, limit: PAGE_SIZE, withTotal });
      return { items: page.items, below: page.next, above: page.previous, total: page.total };
    },
  });
  const rowHeight = useMediaQuery(NARROW_CONTACTS) ? NARROW_ROW_HEIGHT : ROW_HEIGHT;
  const entries = useMemo(
    () => list.items.map((contact): ContactEntry => ({ key: contact.id, size: rowHeight, row: true, contact })),
    [list.items, rowHeight],
  );
  return (
    <ListStates
      list={list}
      loadingLabel={t('contacts.loadingLabel')}
      failed={<FormattedMessage id="contacts.loadFailed" />}
      empty={
        search
          ? {
              title: t('contacts.noMatches'),
              hint: <FormattedMessage id="contacts.noMatchesHint" values={{ query: search }} />,
            }
          : { title: t('contacts.empty'), hint: <FormattedMessage id="contacts.emptyHint" /> }
      }
      count={(total) =>
        total.exact
          ? t('contacts.count', { count: total.count })
          : t('contacts.countAtLeast', { count: number(total.count) })
      }
      countTestId="contact-count"
    >
      <VirtualGrid
        label={t('contacts.title')}
        testId="contact-grid"
        className={styles.grid}
        entries={entries}
        focusRequest={focusRequest}
        edge={list.edge}
        windowId={list.windowId}
        rowCount={list.total?.exact ? list.total.count : null}
        indexOfRow={(position) => (list.offsetOfFirst === null ? null : list.offsetOfFirst + position)}
        nearTop={() => void list.fetchAbove()}
        nearBottom={() => void list.fetchBelow()}
        onHome={() => {
          if (list.atTop) return false;
          list.jump('first');
          return true;
        }}
        onEnd={() => {
          if (list.atBottom) return false;
          list.jump('last');
          return true;
        }}
        header={
          <>
            <span role="columnheader" className={styles.starCell}>
              <span className="visually-hidden">
                <FormattedMessage id="contacts.col.favourite" />
              </span>
            </span>
            <span role="columnheader" className={styles.nameCell}>
              <FormattedMessage id="contacts.col.name" />
            </span>
            <span role="columnheader" className={styles.numberCell}>
              <FormattedMessage id="contacts.col.number" />
            </span>
            <span role="columnheader" className={styles.actions}>
              <span className="visually-hidden">
                <FormattedMessage id="contacts.col.actions" />
              </span>
            </span>
          </>
        }
        renderEntry={(entry, { tabIndex, ariaRowIndex }) => (
          <ContactRow
            contact={entry.contact}
            tabIndex={tabIndex}
            ariaRowIndex={ariaRowIndex}
            onCall={onCall}
            onDelete={() => {
              const index = list.items.findIndex((item) => item.id === entry.contact.id);
              onDelete(entry.contact, (list.items[index + 1] ?? list.items[index - 1])?.id ?? null);
            }}
            onToggleFavourite={() => onToggleFavourite(entry.contact.id)}
          />
        )}
      />
    </ListStates>
  );
}

function ContactRow({
  contact,
  tabIndex,
  ariaRowIndex,
  onCall,
  onDelete,
  onToggleFavourite,
}: {
  contact: ContactListEntry;
  tabIndex: number;
  ariaRowIndex: number | undefined;
  onCall: (e164: string, contactId: string) => void;
  onDelete: () => void;
  onToggleFavourite: () => void;
}) {
  const { t } = useFormat();
  const name = contact.name;
  const phone = contact.phones[0];
  const rowRef = useRef<HTMLDivElement>(null);
  const page = formatHash('contacts', [contact.id]);
  return (
    <div
      ref={rowRef}
      role="row"
      aria-rowindex={ariaRowIndex}
      tabIndex={tabIndex}
      className={gridRowClass}
      data-testid="contact-row"
      data-contact-id={contact.id}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && event.target === rowRef.current) navigate(page);
      }}
    >
      <span role="gridcell" className={styles.starCell}>
        <button
          type="button"
          className={styles.star}
          tabIndex={tabIndex}
          aria-pressed={contact.favourite}
          aria-label={t('contacts.favourite', { name })}
          onClick={onToggleFavourite}
        >
          <FormattedMessage id={contact.favourite ? 'contacts.star.on' : 'contacts.star.off'} />
        </button>
      </span>
      <span role="gridcell" className={styles.nameCell}>
        <a href={page} tabIndex={tabIndex}>
          {name}
        </a>
        {contact.company && <span className="muted small-text">{contact.company}</span>}
        {contact.private && (
          <span className={`small-text ${styles.privateMark}`} data-testid="contact-private">
            <FormattedMessage id="contacts.privateMark" />
          </span>
        )}
      </span>
      <span role="gridcell" className={styles.numberCell}>
        {phone ? (
          <>
            <span>{formatPhoneNumber(phone.e164)}</span>
            {/* A real space before the extension: copied text and screen readers read "0100 ext. 23", not "0100ext. 23". */}
            {phone.extension && ' '}
            {phone.extension && (
              <span className={`muted ${styles.after}`} data-testid="contact-phone-extension">
                <FormattedMessage id="contacts.extension" values={{ extension: phone.extension }} />
              </span>
            )}
            {contact.phones.length > 1 && (
              <span className={`muted small-text ${styles.after}`}>
                {t('contacts.moreNumbers', { count: contact.phones.length - 1 })}
              </span>
            )}
          </>
        ) : (
          <span className="muted">{t('contacts.noNumber')}</span>
        )}
      </span>
      <span role="gridcell" className={styles.actions}>
        {phone && (
          <button
            type="button"
            className="primary small"
            tabIndex={tabIndex}
            // The extension travels in RFC 3966 form; the core keeps it on the call record.
            onClick={() => onCall(phone.extension ? `${phone.e164};ext=${phone.extension}` : phone.e164, contact.id)}
            aria-label={t('contacts.callAt', { name, number: formatPhoneNumber(phone.e164) })}
          >
            <FormattedMessage id="contacts.call" />
          </button>
        )}
        <button
          type="button"
          className="small danger"
          tabIndex={tabIndex}
          onClick={onDelete}
          aria-label={t('contacts.deleteNamed', { name })}
        >
          <FormattedMessage id="contacts.delete" />
        </button>
      </span>
    </div>
  );
}
