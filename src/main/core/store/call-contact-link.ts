import type { DatabaseSync } from 'node:sqlite';

/**
 * Which contact a call to a number belongs to — ONE rule, used when a call is placed
 * (contacts-repository.ts matchContactByNumber) and by the triggers that re-link the log when
 * the contacts holding a number change (migration step 19, below):
 *
 *  1. a contact holding exactly the number with the call's extension (none: a bare number, '')
 *     beats one holding it only with another extension (Dan's "+65 6123 4567" beats Alice's
 *     "+65 6123 4567 ext. 99" for a call to the bare number);
 *  2. then favourites first;
 *  3. then the oldest contact (created_at), then the id: deterministic when two contacts hold
 *     exactly the same number.
 *
 * `e164` and `extension` are SQL expressions (a parameter, or a call_log column in a trigger);
 * the SELECT gives at most one row: `id`, `name`.
 */
export function contactForNumberSql(e164: string, extension: string): string {
  return `SELECT c.id, c.name FROM contact_phones p JOIN contacts c ON c.id = p.contact_id
    WHERE p.e164 = ${e164}
    ORDER BY p.extension = coalesce(${extension}, '') DESC, c.favourite DESC, c.created_at, c.id LIMIT 1`;
}

/** The best contact's id for the call_log row being updated (a correlated scalar subquery). */
const BEST_ID = `(SELECT id FROM (${contactForNumberSql('call_log.dest2', 'call_log.extension')}))`;

/**
 * Re-links the calls to the numbers chosen by `where` (a condition on call_log that must use the
 * call_log_by_dest2 index: `dest2 = ...` or `dest2 IN (...)`) to the contact the rule above picks
 * now. Only rows whose contact changes are written. A call whose number no contact holds any more
 * is unlinked if its contact still exists (the number was edited away, or an import was undone)
 * and keeps its name if its contact was deleted (the log keeps a deleted contact's name).
 */
function relinkSql(where: string): string {
  return `UPDATE call_log SET (contact_id, contact_name) =
      (SELECT id, name FROM (${contactForNumberSql('call_log.dest2', 'call_log.extension')}))
    WHERE ${where} AND contact_id IS NOT ${BEST_ID}
      AND (${BEST_ID} IS NOT NULL OR contact_id IN (SELECT id FROM contacts))`;
}

/**
 * Migration step 19 (tester's fault: calls did not pick up a contact added later): the log's
 * contact follows the contacts. Triggers on contact_phones (every path that writes numbers:
 * create, edit, delete by cascade, import, undo of an import, team sync) and on a contact's
 * favourite flag re-link the calls to the numbers touched, through call_log_by_dest2: the work is
 * bounded by the calls to those numbers, never the whole log. Renames stay with
 * call-log-repository.ts renameContact (by contact_id). Then a one-off re-link of the calls to
 * every number a contact holds brings existing logs in line (upgrade time, not the UI path).
 */
export function linkCallsToContacts(db: DatabaseSync): void {
  db.exec(`
  CREATE TRIGGER call_log_link_phone_insert AFTER INSERT ON contact_phones BEGIN
    ${relinkSql('dest2 = new.e164')};
  END;
  CREATE TRIGGER call_log_link_phone_delete AFTER DELETE ON contact_phones BEGIN
    ${relinkSql('dest2 = old.e164')};
  END;
  CREATE TRIGGER call_log_link_phone_update AFTER UPDATE OF e164, extension ON contact_phones BEGIN
    ${relinkSql('dest2 IN (old.e164, new.e164)')};
  END;
  CREATE TRIGGER call_log_link_favourite AFTER UPDATE OF favourite ON contacts
    WHEN old.favourite IS NOT new.favourite BEGIN
    ${relinkSql('dest2 IN (SELECT e164 FROM contact_phones WHERE contact_id = new.id)')};
  END;
  ${relinkSql('dest2 IN (SELECT e164 FROM contact_phones)')};
  `);
}
