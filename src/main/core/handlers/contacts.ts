import type { CoreApi } from '../../../shared/contract.ts';
import type { ContactsService } from '../contacts/contacts-service.ts';

/** `contacts.*`: the contacts service (contacts/contacts-service.ts). */
export function contactsHandlers(contacts: ContactsService): CoreApi['contacts'] {
  return {
    list: (query) => contacts.list(query),
    page: (query) => contacts.page(query),
    sharedNumbers: async ({ id }) => contacts.sharedNumbers(id),
    numberHolders: async ({ numbers, exceptId }) => contacts.numberHolders(numbers, exceptId),
    get: async ({ id }) => contacts.get(id),
    create: async (input) => contacts.create(input),
    update: async (input) => contacts.update(input),
    delete: async ({ ids }) => contacts.delete(ids),
    undoDelete: async () => contacts.undoDelete(),
    setFavourite: async ({ id, favourite }) => contacts.setFavourite(id, favourite),
    toggleFavourite: async ({ id }) => contacts.toggleFavourite(id),
    findByNumber: async ({ e164 }) => contacts.findByNumber(e164),
  };
}
