import { useEffect, useState } from 'react';
import type { Contact } from '../../../shared/contacts.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { useBridge } from '../bridge-context.tsx';
import { AsyncView } from '../components/AsyncView.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ShowMore } from '../components/ShowMore.tsx';
import { ContactForm } from '../contacts/ContactForm.tsx';
import { ImportPanel } from '../contacts/ImportPanel.tsx';
import { ExportPanel, type ExportFormat } from '../io/ExportPanel.tsx';
import { errorMessage, useAsync } from '../use-async.ts';
import { usePagedSearch } from '../use-paged-search.ts';

type Editing = { kind: 'new' } | { kind: 'edit'; contact: Contact } | null;
const EXPORT_FORMATS: readonly [ExportFormat, ExportFormat] = [
  { kind: 'contacts-vcard', label: 'vCard 4.0 (.vcf): phones, address books' },
  { kind: 'contacts-csv', label: 'CSV (.csv): spreadsheets' },
];
const TRANSFERS = [
  { id: 'import', label: 'Import…' },
  { id: 'export', label: 'Export…' },
] as const;

export function ContactsView({ onCall }: { onCall: (e164: string, contactId: string) => void }) {
  const hoiio = useBridge();
  const { search, setSearch, query, limit, showMore } = usePagedSearch();
  const [page, reload] = useAsync(() => hoiio.contacts.list({ search: query, limit }), [hoiio, query, limit]);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<{ text: string; undo: boolean } | null>(null);
  const [transfer, setTransfer] = useState<(typeof TRANSFERS)[number]['id'] | null>(null);
  useEffect(() => hoiio.on.contactsChanged(reload), [hoiio, reload]);

  const remove = async (contact: Contact) => {
    try {
      const result = await hoiio.contacts.delete({ ids: [contact.id] });
      setNotice({ text: `Deleted ${contact.name}.`, undo: result.undoable });
    } catch (error) {
      setNotice({ text: errorMessage(error), undo: false });
    }
  };
  const undo = async () => {
    try {
      const { restored } = await hoiio.contacts.undoDelete();
      setNotice({ text: `Restored ${restored.map((c) => c.name).join(', ')}.`, undo: false });
    } catch (error) {
      setNotice({ text: errorMessage(error), undo: false });
    }
  };

  return (
    <section className="view" aria-labelledby="contacts-heading">
      <h1 id="contacts-heading">Contacts</h1>
      <div className="toolbar">
        <input
          type="search"
          aria-label="Search contacts"
          placeholder="Search by name, company or any part of a number"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          maxLength={100}
        />
        <button type="button" className="primary" onClick={() => setEditing({ kind: 'new' })}>
          New contact
        </button>
        {TRANSFERS.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            onClick={() => setTransfer(id)}
            disabled={transfer !== null}
            aria-expanded={transfer === id}
          >
            {label}
          </button>
        ))}
      </div>
      {transfer === 'import' && <ImportPanel onClose={() => setTransfer(null)} />}
      {transfer === 'export' && (
        <ExportPanel
          title="Export contacts"
          formats={EXPORT_FORMATS}
          fileBase="contacts"
          noun={['contact', 'contacts']}
          run={({ jobId, kind, path, overwrite }) =>
            hoiio.importExport.exportContacts({
              jobId,
              path,
              overwrite,
              format: kind === 'contacts-vcard' ? 'vcard' : 'csv',
            })
          }
          onClose={() => setTransfer(null)}
        />
      )}
      {notice && (
        <div className="notice" role="status">
          {notice.text}
          {notice.undo && (
            <button type="button" onClick={undo}>
              Undo
            </button>
          )}
          <button type="button" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      )}
      {editing && (
        <ContactForm
          key={editing.kind === 'edit' ? editing.contact.id : 'new'}
          initial={editing.kind === 'edit' ? editing.contact : undefined}
          onCancel={() => setEditing(null)}
          onSave={async (fields) => {
            if (editing.kind === 'edit') await hoiio.contacts.update({ id: editing.contact.id, ...fields });
            else await hoiio.contacts.create(fields);
            setEditing(null);
          }}
        />
      )}
      <AsyncView state={page} retry={reload} label="contacts">
        {(value) =>
          value.total === 0 ? (
            query ? (
              <EmptyState title="No matches">No contact has “{query}” in its name, company or numbers.</EmptyState>
            ) : (
              <EmptyState title="No contacts yet">Add a contact to call it with one click.</EmptyState>
            )
          ) : (
            <>
              <ul className="contact-list" aria-label="Contacts">
                {value.items.map((contact) => (
                  <ContactRow
                    key={contact.id}
                    contact={contact}
                    onCall={onCall}
                    onEdit={() => setEditing({ kind: 'edit', contact })}
                    onDelete={() => void remove(contact)}
                    onToggleFavourite={() =>
                      hoiio.contacts
                        .toggleFavourite({ id: contact.id })
                        .catch((error: unknown) => setNotice({ text: errorMessage(error), undo: false }))
                    }
                  />
                ))}
              </ul>
              <ShowMore shown={value.items.length} total={value.total} onMore={showMore} />
            </>
          )
        }
      </AsyncView>
    </section>
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
  return (
    <li className="contact-row" data-testid="contact-row">
      <button
        type="button"
        className="star"
        aria-pressed={contact.favourite}
        aria-label={contact.favourite ? `Remove ${contact.name} from favourites` : `Add ${contact.name} to favourites`}
        onClick={onToggleFavourite}
      >
        {contact.favourite ? '★' : '☆'}
      </button>
      <div className="contact-main">
        <strong>{contact.name}</strong>
        {contact.company && <span className="muted"> · {contact.company}</span>}
        <ul className="phone-list">
          {contact.phones.map((phone) => (
            <li key={phone.e164}>
              <span className="muted">{phone.label || 'phone'}</span> {formatPhoneNumber(phone.e164)}{' '}
              <button
                type="button"
                className="primary small"
                onClick={() => onCall(phone.e164, contact.id)}
                aria-label={`Call ${contact.name} at ${formatPhoneNumber(phone.e164)}`}
              >
                Call
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div className="row">
        <button type="button" onClick={onEdit} aria-label={`Edit ${contact.name}`}>
          Edit
        </button>
        <button type="button" className="danger" onClick={onDelete} aria-label={`Delete ${contact.name}`}>
          Delete
        </button>
      </div>
    </li>
  );
}
