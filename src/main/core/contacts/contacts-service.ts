/**
 * Contacts: pages and searches (which can scan the whole table) in the `queries` database worker;
 * every small write and single-row read on the one writer connection (store/contacts-repository.ts):
 * a primary-key or indexed-number read takes well under a millisecond, less than a worker round
 * trip. Publishes `contactsChanged` on the event bus after each change. Numbers typed without
 * +country code are read with the settings' default country.
 */
import type {
  Contact,
  ContactCreate,
  ContactDeleteResult,
  ContactListQuery,
  ContactPage,
  ContactUndoResult,
  ContactUpdate,
  ContactsChangedEvent,
  ContactKeysetPage,
  ContactPageQuery,
  SharedNumbers,
} from '../../../shared/contacts.ts';
import type { CoreEvents } from '../events.ts';
import type { Settings } from '../../../shared/settings.ts';
import type { ContactsRepository } from '../store/index.ts';
import type { ContactFormOverwrite } from '../store/contacts-repository.ts';
import type { DatabaseWorker } from '../workers/database-worker-client.ts';

/** Where a form save's overwritten values are kept (team/service.ts keepFormOverwrite). */
export interface ContactRevisionKeeper {
  /** Runs inside the save's transaction: a throw undoes the save. */
  keepFormOverwrite(overwrite: ContactFormOverwrite): void;
}

export class ContactsService {
  readonly #contacts: ContactsRepository;
  readonly #queries: DatabaseWorker;
  readonly #events: CoreEvents;
  readonly #settings: { get(): Pick<Settings, 'defaultCountry'> };
  readonly #revisions: ContactRevisionKeeper | undefined;

  constructor(options: {
    /** Keeps what a form save overwrote as revisions (the team service; absent in some tests). */
    readonly revisions?: ContactRevisionKeeper;
    readonly contacts: ContactsRepository;
    /** The `queries` database worker (read-only connection). */
    readonly queries: DatabaseWorker;
    readonly events: CoreEvents;
    readonly settings: { get(): Pick<Settings, 'defaultCountry'> };
  }) {
    this.#contacts = options.contacts;
    this.#queries = options.queries;
    this.#events = options.events;
    this.#settings = options.settings;
    this.#revisions = options.revisions;
  }

  /** A page in name order (favourites first by default), optionally searched (worker). */
  list(query: ContactListQuery): Promise<ContactPage> {
    return this.#queries.request('contacts.list', query);
  }

  /** Throws AppError 'not_found' for an unknown id. */
  /**
   * One keyset page of contacts (worker: a search reads the trigram index, contacts_fts), for the
   * virtual list; see ContactPageQuery in shared/contacts.ts for the cursor.
   */
  page(query: ContactPageQuery): Promise<ContactKeysetPage> {
    return this.#queries.request('contacts.page', query);
  }

  /** The other contacts that hold one of this contact's numbers (an indexed read). */
  sharedNumbers(id: string): SharedNumbers {
    return this.#contacts.sharedNumbers(id);
  }

  /** The contacts other than `exceptId` holding each of `numbers` (E.164), for the form's warning before saving. */
  numberHolders(numbers: readonly string[], exceptId?: string): SharedNumbers {
    return this.#contacts.numberHolders(numbers, exceptId);
  }

  get(id: string): Contact {
    return this.#contacts.get(id);
  }

  create(input: ContactCreate): Contact {
    const contact = this.#contacts.create({ ...input, defaultCountry: input.defaultCountry ?? this.#defaultCountry() });
    this.#changed('created', [contact.id]);
    return contact;
  }

  /**
   * Saves an edit. With `base` (the contact form) it is merged with the stored contact: values it
   * overwrote that changed meanwhile become revisions, and a contact deleted meanwhile is restored
   * with the edit (ContactUpdateSchema). AppError 'not_found' without `base` for an unknown id.
   */
  update(input: ContactUpdate): Contact {
    const outcome = { restored: false };
    const contact = this.#contacts.update(
      { ...input, defaultCountry: input.defaultCountry ?? this.#defaultCountry() },
      {
        onOverwritten: (overwrite) => {
          outcome.restored = overwrite.restored;
          this.#revisions?.keepFormOverwrite(overwrite);
        },
      },
    );
    this.#changed(outcome.restored ? 'restored' : 'updated', [contact.id]);
    return contact;
  }

  /** Deletes; `undoDelete` brings them back until the next change to contacts. */
  delete(ids: string[]): ContactDeleteResult {
    const result = this.#contacts.delete(ids);
    this.#changed('deleted', ids);
    return result;
  }

  undoDelete(): ContactUndoResult {
    const result = this.#contacts.undoDelete();
    this.#changed(
      'restored',
      result.restored.map((contact) => contact.id),
    );
    return result;
  }

  setFavourite(id: string, favourite: boolean): Contact {
    const contact = this.#contacts.setFavourite(id, favourite);
    this.#changed('updated', [id]);
    return contact;
  }

  toggleFavourite(id: string): Contact {
    const contact = this.#contacts.toggleFavourite(id);
    this.#changed('updated', [id]);
    return contact;
  }

  /** The contact an E.164 number belongs to, or null (an indexed single-row look-up). */
  findByNumber(e164: string): Contact | null {
    const match = this.#contacts.matchContactByNumber(e164);
    return match ? this.#contacts.get(match.id) : null;
  }

  /** Contacts changed elsewhere (an import applied by the jobs worker): tell the windows to reload. */
  imported(): void {
    this.#changed('imported', []);
  }

  /** Announces that the last import was undone (import-export-service.ts). */
  importUndone(): void {
    this.#changed('importUndone', []);
  }

  #defaultCountry() {
    return this.#settings.get().defaultCountry;
  }

  #changed(reason: ContactsChangedEvent['reason'], ids: string[]): void {
    this.#events.emit('contactsChanged', { reason, ids });
  }
}
